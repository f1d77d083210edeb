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
