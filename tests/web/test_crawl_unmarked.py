"""Text never marked for translation, found on the demo's pages (issue 18).

tests/web/test_crawl_untranslated.py compares a page's text with the catalog's msgids, so
a string that was never marked (no msgid) is invisible to it. This reads each role's
French pages (the same crawl, kept once per run): a text node that reads as English prose
there, and is the same on the page in English, was never translated.

"Reads as English prose": at least two lower-case words of the catalog's English (the
words of its msgids), one of them a word no French translation uses, outside what the
page says is not prose (the crawl's own rules: code, ``pre``, scripts, hashes, the brand,
``translate="no"`` and elements in another language), once the database's texts in it
are taken out: what a page shows of the data (names, titles, notes, a partner's words,
stored reasoning) is as it was written. Codes, numbers, dates, URLs, e-mail addresses and
hashes hold no lower-case word of the vocabulary, nor does a capitalised name. A text
that is a msgid whose translation is the same ("Total") is marked. There is no list of exemptions.
"""

from __future__ import annotations

import gettext
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from tests.web.test_crawl import crawls, demo  # noqa: F401  (fixtures)
from tests.web.test_crawl_untranslated import (
    LOCALE_DIR,
    PLACEHOLDER,
    demo_roles,  # noqa: F401  (a fixture)
    language_crawl,
    sign_in_as,
    visible_texts,
)

pytestmark = pytest.mark.django_db

# A lower-case word, not part of a code (``alliance:funding``, ``screening.decided``).
WORD = re.compile(r"(?<![\w@./-])(?<!\w:)[a-z]{2,}(?![\w@/-])(?!:\w)")
# Addresses, paths, hashes and file names are no prose, whatever letters they hold.
NOT_PROSE = re.compile(r"\S+@\S+|https?://\S+|\S*/\S*|\S+\.(?:xml|csv|json|jsonl|pdf)\b")


def _catalog() -> dict[str, str]:
    mo = LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {(k[0] if isinstance(k, tuple) else k): v for k, v in catalog.items() if k}


class EnglishProse:
    """Whether a text reads as English the catalog would translate."""

    def __init__(self) -> None:
        catalog = _catalog()

        def words(text: str) -> set[str]:
            return set(WORD.findall(PLACEHOLDER.sub(" ", text)))

        self.vocabulary = {w for msgid in catalog for w in words(msgid)}
        # The words that tell English from French: in the msgids, in no French translation.
        french = {w for text in catalog.values() for w in words(text)}
        self.english_only = self.vocabulary - french
        # Marked strings French writes the same way: not unmarked, only alike.
        self.same_in_french = {" ".join(m.split()) for m, t in catalog.items() if m == t}

    def words(self, text: str) -> list[str]:
        return [w for w in WORD.findall(NOT_PROSE.sub(" ", text)) if w in self.vocabulary]

    def unmarked(self, text: str) -> bool:
        words = set(self.words(text))
        return (
            len(words) >= 2
            and not words.isdisjoint(self.english_only)
            and text not in self.same_in_french
        )


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value[:1] in "{[":
        try:  # JSON kept as text (a log entry's fact)
            yield from _strings(json.loads(value))
            return
        except ValueError:
            pass
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def data_strings() -> list[str]:
    """Every text the database holds (text and JSON columns of every model, each line
    of it): what a page shows of them is data, written in the language it was written
    in, longest first."""
    found: set[str] = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if fields:
            for row in model._default_manager.values_list(*fields):
                for text in _strings(list(row)):
                    found.update(" ".join(line.split()) for line in text.splitlines())
    # A lower-case word alone (``draft``, ``open``) is a stored code, not a text.
    texts = (t for t in found if len(t) >= 4 and (" " in t or not t.islower()))
    return sorted(texts, key=len, reverse=True)


def without_data(text: str, data: list[str]) -> str:
    """``text`` without the database's texts in it (a name in a sentence, a title before
    the brand)."""
    for stored in data:
        if stored in text:
            text = text.replace(stored, " ")
    return text


def test_no_page_shows_text_never_marked_for_translation(client, demo_roles, crawls):  # noqa: F811
    prose = EnglishProse()
    data = data_strings()
    verdicts: dict[str, bool] = {}

    def suspect(text: str) -> bool:
        if text not in verdicts:
            verdicts[text] = prose.unmarked(text) and prose.unmarked(without_data(text, data))
        return verdicts[text]

    found: dict[str, set[str]] = {}
    for role, email in demo_roles.items():
        french = language_crawl(client, crawls, role, email, "fr")["pages"]
        # English prose on a French page, then the same page in English to confirm it is
        # the same text there (so a French sentence of English-looking words is spared):
        # only the pages with a suspect are fetched again.
        suspects = {url: {t for t in texts if suspect(t)} for url, (_tag, texts) in french.items()}
        sign_in_as(client, email, settings.LANGUAGE_CODE)
        for url, texts in suspects.items():
            if texts:
                english = client.get(url)
                assert english.status_code == 200, (role, url)
                for text in texts & visible_texts(english.content.decode()):
                    found.setdefault(text, set()).add(f"{role} {url}")
    report = "\n".join(f"{text!r} on {sorted(where)[:3]}" for text, where in sorted(found.items()))
    assert not found, f"{len(found)} texts in English on French pages:\n{report}"


def test_the_detector_finds_english_prose_and_spares_names_codes_and_data():
    prose = EnglishProse()
    assert prose.unmarked("Waiting for the secretariat")
    assert prose.unmarked("no decision yet")
    assert not prose.unmarked("Amani Refugee Legal Aid")  # a name: capitalised words
    assert not prose.unmarked("QDi.001, 2026-11-02, 0.913")
    assert not prose.unmarked("https://amani.example.org/about/the-team")
    assert not prose.unmarked("contact.amani-refugee-legal-aid@demo.alliance.example")
    assert not prose.unmarked("sha256-3q2+7w== ok")
    assert not prose.unmarked("alliance:funding, screening.list_loaded")
    assert prose.unmarked("— Nadia Karim — Diligence: note added")  # a code in words
    data = ["Contact, Amani Refugee Legal Aid", "Board meeting, second quarter"]
    assert not prose.unmarked(without_data("Board meeting, second quarter · Alliance", data))
    assert prose.unmarked(without_data("— Contact, Amani Refugee Legal Aid — step added", data))
