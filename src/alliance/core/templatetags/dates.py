"""The ``date`` filter every template uses (a builtin: ``TEMPLATES["OPTIONS"]["builtins"]``),
Django's own with one change: dates are put into words by ``core.i18n.date_shown``, so
French writes ``1er janvier`` where Django writes ``1 janvier`` (docs/i18n.md, "Dates")."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import dateformat

from alliance.core.i18n import date_shown

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """As ``django.template.defaultfilters.date``: '' for no value or a value that is
    not a date."""
    if value in (None, ""):
        return ""
    try:
        return date_shown(value, arg or "DATE_FORMAT")
    except AttributeError:
        try:
            return str(dateformat.format(value, arg or "DATE_FORMAT"))
        except AttributeError:
            return ""
