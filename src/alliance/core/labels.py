"""Words for codes, shared by every domain: amounts with their currency, and a last
resort for a code no domain has labelled yet (each domain keeps its labels in its
choices or its ``labels.py``; ``register_labels`` adds them here for the templates)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats

_LABELS: dict[str, Any] = {}


def register_labels(mapping: Mapping[str, Any]) -> None:
    """A domain's labels for its codes (statuses, kinds, event verbs). A label may be
    lazy (``gettext_lazy``): it is kept so and read in the language of each request."""
    _LABELS.update({str(code): text for code, text in mapping.items()})


def money(amount: Any, currency: str = "USD") -> str:
    """``USD 2,500,000.00`` in English, ``USD 2 500 000,00`` in French (the active
    language's separators); '—' for no amount."""
    if amount is None or amount == "":
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    digits = formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    return f"{currency} {digits}"


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
