"""Words for the coded values of the public log's facts, registered by the apps that
publish them (a registry filled at start-up, not a read of the database)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The words for the coded values of the facts, by fact key ("outcome": {"passed":
# "Passed"}, "votes": {"for": "For"}): the apps that publish the facts register their
# choices here at start-up (AppConfig.ready), since this app sits below them. The value
# stays as signed, in the leaf data and beside its words on the entry page.
FACT_VALUE_LABELS: dict[str, dict[str, Any]] = {}


def register_fact_values(key: str, choices: Iterable[tuple[Any, Any]]) -> None:
    """Words (lazy, read in each request's language) for the codes a fact's ``key``
    takes; for a key whose value is an object, the codes of its values."""
    FACT_VALUE_LABELS.setdefault(key, {}).update({str(code): words for code, words in choices})


def fact_value_words(key: str, value: Any) -> str | None:
    """The registered words for a fact's coded value, or None when it has none."""
    words = FACT_VALUE_LABELS.get(key, {}).get(value) if isinstance(value, str) else None
    return None if words is None else str(words)
