"""``{% load words %}``: words instead of codes on every page.

``money`` formats an amount with its currency (``amount`` without it; ``_whole`` to whole
units: all through ``core.labels.money``), ``country_name`` names a stored ISO code,
``label`` gives the human label of a status, kind or code (core.labels)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from alliance.core import labels
from alliance.core.audit_reasons import audit_reason_shown
from alliance.core.forms import country_name as _country_name
from alliance.core.i18n import date_shown

register = template.Library()
# ``{{ event.reason|audit_reason }}``: a reason the system wrote, in the reader's words.
register.filter("audit_reason", audit_reason_shown)


@register.filter
def money(amount: Any, currency: str = "USD") -> str:
    """``{{ pledge.total|money:pledge.currency }}``: ``USD 1,000.00``, ``1 000,00 USD``."""
    return labels.money(amount, currency)


@register.filter
def money_whole(amount: Any, currency: str = "USD") -> str:
    """An amount to whole units with its currency: ``USD 250,000``."""
    return labels.money(amount, currency, whole=True)


@register.filter
def amount(value: Any, currency: str = "USD") -> str:
    """An amount alone, where the table's heading names the currency: ``1 000,00``."""
    return labels.money(value, currency, code=False)


@register.filter
def amount_whole(value: Any, currency: str = "USD") -> str:
    """An amount alone, to whole units: ``250 000``."""
    return labels.money(value, currency, code=False, whole=True)


@register.filter
def country_name(code: Any) -> str:
    return _country_name(str(code or ""))


@register.filter
def label(value: Any) -> str:
    return labels.label(value)


@register.filter
def iso_date(value: Any) -> SafeString | str:
    """A date a log fact states as signed (ISO 8601, ``2025-10-13``) as the reader's
    locale writes it, in a ``<time>`` carrying the signed value; anything that is not an
    ISO date is shown as it is."""
    text = str(value or "")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return format_html('<time datetime="{}">{}</time>', text, date_shown(day, "DATE_FORMAT"))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ before|get_item:key }}``: a value of a dict by a key held in a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None
