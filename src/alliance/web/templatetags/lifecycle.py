"""The next step of an application, for the pages (governance.lifecycle states it)."""

from __future__ import annotations

from django import template

from alliance.governance import lifecycle
from alliance.organisations.models import Application

register = template.Library()


@register.filter
def applicant_next_step(application: Application) -> str:
    return lifecycle.applicant_next_step(application)


@register.filter
def staff_next_step(application: Application) -> str:
    return lifecycle.staff_next_step(application)


@register.simple_tag
def resume_step(application: Application) -> dict[str, object]:
    """The step a draft is taken up at: the first not yet complete (the one after the
    last saved in full), as its slug, number and title."""
    from alliance.web.views.apply import STEPS

    number = min(max(application.step_reached, 1), len(STEPS))
    slug, title = STEPS[number - 1]
    return {"slug": slug, "number": number, "total": len(STEPS), "title": title}
