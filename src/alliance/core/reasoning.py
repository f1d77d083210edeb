"""An engine's English reasoning, shown in the reader's language.

Engines import no Django, so they reason in English sentences (stored as written, and
asserted by their tests). Each app that shows such reasoning lists the sentence forms of
its engine as ``Form``s: the English form with ``{name}`` placeholders, the gettext msgid
with ``%(name)s`` ones, and, for a placeholder whose value is itself an engine word, how
to put that word into the reader's language. ``shown`` reads a sentence back into its
form and translates it; a sentence no form knows (older stored reasoning, data) is shown
as written, in English.

Any other placeholder's value that is wholly an amount (``USD 2,500,000.00``), a number
(``1,234``, ``0.5``, ``-3``), a percentage (``50%``) or an ISO date (``2026-03-01``), as
the engines write them, is shown as the reader's locale writes it (``value_shown``: the
``money`` filter's format, Django's number and date formats); a placeholder whose value
is an identifier that only looks like a number (a version, a reference) is listed in the
form's ``as_written``. In the source language (English) the values stay as the engine
wrote them, so the sentence reads exactly as stored."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext

from alliance.core import labels
from alliance.core.i18n import date_shown

PLACEHOLDER = re.compile(r"\{(\w+)\}")  # a value's place in an engine sentence form


def _pattern(english: str) -> re.Pattern[str]:
    parts: list[str] = []
    end = 0
    for found in PLACEHOLDER.finditer(english):
        parts.append(re.escape(english[end : found.start()]))
        parts.append(f"(?P<{found.group(1)}>.+?)")
        end = found.end()
    parts.append(re.escape(english[end:]))
    return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True)
class Form:
    """One sentence form: ``english`` as the engine writes it, ``msgid`` (lazy) as the
    catalog translates it, ``words`` the translation of each engine-word placeholder,
    ``as_written`` the placeholders whose values are shown as written (identifiers); any
    other value goes through ``value_shown``."""

    english: str
    msgid: Any
    words: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    as_written: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", _pattern(self.english))

    def read(
        self, sentence: str, words: Mapping[str, Callable[[str], str]] | None = None
    ) -> str | None:
        """``sentence`` in the active language if it has this form, else None; ``words``
        replaces the translator of an engine-word placeholder this form has."""
        found = self.pattern.fullmatch(sentence)  # type: ignore[attr-defined]
        if found is None:
            return None
        values = {
            name: self._value(name, value, words or {}) for name, value in found.groupdict().items()
        }
        return str(self.msgid) % values

    def _value(self, name: str, value: str, words: Mapping[str, Callable[[str], str]]) -> str:
        if name in self.words:
            return words.get(name, self.words[name])(value)
        if name in self.as_written:
            return value
        return value_shown(value)


def shown(
    sentence: str,
    forms: Sequence[Form],
    words: Mapping[str, Callable[[str], str]] | None = None,
) -> str:
    """``sentence`` in the active language if one of ``forms`` reads it, else as written;
    ``words`` replaces the forms' translator of those engine words (``Form.read``)."""
    for form in forms:
        if (text := form.read(str(sentence), words)) is not None:
            return text
    return str(sentence)


def word_in(table: Mapping[str, Any]) -> Callable[[str], str]:
    """A placeholder translator: the word's label from ``table`` (English word to lazy
    label), or the word as written."""

    def translate(word: str) -> str:
        return mid_sentence(table[word]) if word in table else word

    return translate


def mid_sentence(label: Any) -> str:
    """A capitalised label as it reads inside a sentence ("Company" -> "company"; an
    initialism such as "UN agency" or "US$1M" kept)."""
    text = str(label)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


# Values as the engines write them: ``USD 2,500,000.00`` (``f"{currency} {amount:,.2f}"``),
# a Decimal's or an int's ``str`` (``1234.50``, ``-3``), grouped or not, a share as
# ``f"{share:.0%}"``, a ``date``'s ``str``.
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_AMOUNT_VALUE = re.compile(rf"(?P<currency>[A-Z]{{3}}) (?P<number>{_NUMBER})")
_NUMBER_VALUE = re.compile(_NUMBER)
_PERCENT_VALUE = re.compile(rf"(?P<number>{_NUMBER})%")
_DATE_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _in_source_language() -> bool:
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active.split("-")[0] == settings.LANGUAGE_CODE.split("-")[0]


def _number(text: str) -> str:
    value = Decimal(text.replace(",", ""))
    return str(formats.number_format(value, use_l10n=True, force_grouping=True))


def value_shown(value: str) -> str:
    """A value inside an engine's sentence as the active language writes it: an amount
    as the ``money`` filter does (``USD 2 500 000,00`` in French), a number with the
    locale's separators (``1 234,5``, ``0,5``), a percentage with the catalog's sign
    (``50 %``), an ISO date in the locale's ``DATE_FORMAT`` (``1 mars 2026``); anything
    else, and every value in the source language, as written."""
    if _in_source_language():
        return value
    if found := _AMOUNT_VALUE.fullmatch(value):
        return labels.money(Decimal(found["number"].replace(",", "")), found["currency"])
    if _NUMBER_VALUE.fullmatch(value):
        return _number(value)
    if found := _PERCENT_VALUE.fullmatch(value):
        # Translators: a percentage; French and Spanish put a (no-break) space before %.
        return gettext("%(number)s%%") % {"number": _number(found["number"])}
    if _DATE_VALUE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return date_shown(day, "DATE_FORMAT")
    return value
