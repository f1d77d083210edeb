"""``{% tier_recommendation application %}``: the funding panel on the application's
motivation step and detail page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from alliance.core.permissions import Perm, can
from alliance.funding import labels, reasoning, selectors
from alliance.funding.actions import CONFIRMABLE
from alliance.funding.models import TierConfirmation
from alliance.organisations.choices import ApplicationStatus

register = template.Library()
register.filter("tier_step", reasoning.tier_step_shown)
register.filter("allocation_step", reasoning.allocation_step_shown)
register.filter("founding_description", labels.founding_description)
register.filter("decision_note", reasoning.decision_note_shown)


@register.simple_tag(takes_context=True)
def tier_recommendation(context: template.Context, application: Any) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if application is None or not can(user, Perm.VIEW_OWN_ORGANISATION, application):
        return mark_safe("")
    rec = selectors.recommendation_for_application(application, timezone.localdate())
    html = render_to_string(
        "funding/_recommendation.html",
        {
            "application": application,
            "rec": rec,
            "confirmation": TierConfirmation.objects.filter(application=application).first(),
            "editable": application.status == ApplicationStatus.DRAFT,
            "open": application.status == ApplicationStatus.DRAFT,
            "can_confirm": can(user, Perm.MANAGE_FUNDING)
            and application.status in CONFIRMABLE
            and rec.final is not None
            and not rec.problem,
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine (autoescaped)


@register.filter
def schedule_words(code: Any) -> str:
    """A tier schedule's code (organisation type, size band, income group) in words, in
    the active language."""
    return labels.schedule_words(code)


@register.filter
def tier_benefit(benefit: Any, version: Any = None) -> str:
    """A tier's stored (English) benefit in the active language: the secretariat's
    translation in ``version`` (default: the schedule in force), else the catalog's."""
    return selectors.tier_benefit_label(str(benefit or ""), version or None)


@register.filter
def tier_label(name: Any, version: Any = None) -> str:
    """A tier's stored (English) name in the active language, from ``version``'s
    translations (default: the schedule in force); English where there is none."""
    return selectors.tier_label(str(name or ""), version or None)
