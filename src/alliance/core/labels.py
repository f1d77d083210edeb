"""Words for codes, shared by every domain: amounts with their currency, and a last
resort for a code no domain has labelled yet (each domain keeps its labels in its
choices or its ``labels.py``; ``register_labels`` adds them here for the templates)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision
from django.conf import settings
from django.utils import translation

_LABELS: dict[str, Any] = {}


def register_labels(mapping: Mapping[str, Any]) -> None:
    """A domain's labels for its codes (statuses, kinds, event verbs). A label may be
    lazy (``gettext_lazy``): it is kept so and read in the language of each request."""
    _LABELS.update({str(code): text for code, text in mapping.items()})


def _locale() -> Locale:
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))


@functools.cache
def _pattern(locale: Locale, code: bool, whole: bool) -> str:
    """The locale's currency pattern (CLDR ``standard``) with the ISO code (``¤¤``) where
    the locale puts the symbol, a no-break space between a code and a digit it would
    touch (CLDR's currency spacing, which Babel does not apply: ``USD 25.00``, not
    ``USD25.00``), no fraction for whole amounts, and no currency at all for a bare
    amount (a table whose heading names the currency)."""
    pattern = locale.currency_formats["standard"].pattern
    if whole:
        pattern = re.sub(r"\.0+", "", pattern)
    if not code:
        return ";".join(
            part.replace("¤", "").strip(" \u00a0\u200e\u200f") for part in pattern.split(";")
        )
    pattern = pattern.replace("¤", "¤¤")
    pattern = re.sub(r"¤¤(?=[#0-])", "¤¤\u00a0", pattern)
    return re.sub(r"(?<=[#0])¤¤", "\u00a0¤¤", pattern)


def money(amount: Any, currency: str = "USD", *, code: bool = True, whole: bool = False) -> str:
    """An amount as the active language writes one, by CLDR (Babel): ``USD 2,500,000.00``
    in English and Arabic, ``2 500 000,00 USD`` in French, ``2.500.000,00 USD`` in
    Spanish; always the ISO code, never a symbol ($ is not only the US dollar), with the
    currency's own decimals (``JPY 2,500``). ``whole`` rounds to whole units (half up);
    ``code=False`` writes the number alone. '—' for no amount. The one formatter for
    amounts: pages (the ``money`` and ``amount`` filters), PDFs, e-mails and messages."""
    if amount is None or amount == "":
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    if not value.is_finite():
        return str(amount)
    currency = str(currency or "USD").upper()
    digits = 0 if whole else get_currency_precision(currency)
    value = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    locale = _locale()
    return str(
        format_currency(
            value,
            currency,
            format=_pattern(locale, code, whole),
            locale=locale,
            currency_digits=not whole,
        )
    )


def humanise(code: str) -> str:
    """``partly_paid`` → ``Partly paid``;
    ``board.neutrality_review`` → ``Board: neutrality review``."""
    if "." in code:
        head, _, tail = code.partition(".")
        return f"{humanise(head)}: {humanise(tail).lower()}"
    words = code.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def label(value: Any) -> str:
    """The registered label of a code, or the code in words."""
    if value is None:
        return "—"
    code = str(getattr(value, "value", value))
    if code in _LABELS:
        return str(_LABELS[code])
    label_attr = getattr(value, "label", None)
    if label_attr:
        return str(label_attr)
    return humanise(code)
