"""An engine's English reasoning, shown in the reader's language.

Engines import no Django, so they reason in English sentences (stored as written, and
asserted by their tests). Each app that shows such reasoning lists the sentence forms of
its engine as ``Form``s: the English form with ``{name}`` placeholders, the gettext msgid
with ``%(name)s`` ones, and, for a placeholder whose value is itself an engine word, how
to put that word into the reader's language. ``shown`` reads a sentence back into its
form and translates it; a sentence no form knows (older stored reasoning, data) is shown
as written, in English."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(english: str) -> re.Pattern[str]:
    parts: list[str] = []
    end = 0
    for found in _PLACEHOLDER.finditer(english):
        parts.append(re.escape(english[end : found.start()]))
        parts.append(f"(?P<{found.group(1)}>.+?)")
        end = found.end()
    parts.append(re.escape(english[end:]))
    return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True)
class Form:
    """One sentence form: ``english`` as the engine writes it, ``msgid`` (lazy) as the
    catalog translates it, ``words`` the translation of each engine-word placeholder."""

    english: str
    msgid: Any
    words: Mapping[str, Callable[[str], str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", _pattern(self.english))

    def read(self, sentence: str) -> str | None:
        found = self.pattern.fullmatch(sentence)  # type: ignore[attr-defined]
        if found is None:
            return None
        values = {
            name: self.words[name](value) if name in self.words else value
            for name, value in found.groupdict().items()
        }
        return str(self.msgid) % values


def shown(sentence: str, forms: Sequence[Form]) -> str:
    """``sentence`` in the active language if one of ``forms`` reads it, else as written."""
    for form in forms:
        if (text := form.read(str(sentence))) is not None:
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
