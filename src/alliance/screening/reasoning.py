"""The name screener's reasoning (``engines.screening``, English) in the reader's
language: each sentence form a feature's detail takes, by feature, and each way two words
of a name pair up (``TokenPair.how``), with their msgids (see ``core.reasoning``). The
engine, its tests and its CLI stay English; a hit panel shows these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance.core.reasoning import PLACEHOLDER, Form, shown, word_in
from alliance.screening.labels import KIND_WORDS

KIND = word_in(KIND_WORDS)

# The scripts a name is written in (rigour's Unicode script names, as ``NameForm.script``
# says them), as they qualify "characters".
SCRIPT = word_in(
    {
        "Latin": pgettext_lazy("characters", "Latin"),
        "Arabic": pgettext_lazy("characters", "Arabic"),
        "Cyrillic": pgettext_lazy("characters", "Cyrillic"),
        "Greek": pgettext_lazy("characters", "Greek"),
        "Han": pgettext_lazy("characters", "Han"),
        "Hangul": pgettext_lazy("characters", "Hangul"),
        "Hiragana": pgettext_lazy("characters", "Hiragana"),
        "Katakana": pgettext_lazy("characters", "Katakana"),
        "Hebrew": pgettext_lazy("characters", "Hebrew"),
        "Georgian": pgettext_lazy("characters", "Georgian"),
        "Armenian": pgettext_lazy("characters", "Armenian"),
        "Thai": pgettext_lazy("characters", "Thai"),
        "Devanagari": pgettext_lazy("characters", "Devanagari"),
    }
)


def number(text: str) -> str:
    """A similarity as the engine writes it (``0.91``) with the locale's decimal
    separator; anything else as written."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return number_format(value, decimal_pos=-value.as_tuple().exponent)  # type: ignore[operator]


def _countries(text: str) -> str:
    """Country codes (``ir`` or ``ir, sy``) as the panel writes them, upper-case."""
    return text.upper()


# engines.screening: scorer.compare_forms and its _require_* rules, matcher._compared and
# _weigh_facts, name_parts.parts_feature, distinctive_names.loose_feature.
DETAIL_FORMS: Mapping[str, tuple[Form, ...]] = {
    "one character": (
        Form(
            "a single Han character is one syllable: no name in another script",
            _("a single Han character is one syllable: no name in another script"),
        ),
    ),
    "written characters": (
        Form(
            "{script} characters differ: written similarity {similarity}",
            _("%(script)s characters differ: written similarity %(similarity)s"),
            {"script": SCRIPT, "similarity": number},
        ),
    ),
    "legal form": (
        Form(
            "{query} vs {listed}",
            _("%(query)s (name screened) vs %(listed)s (listed name)"),
        ),
    ),
    "distinctive words": (
        Form(
            "no distinctive word in common, only generic words",
            _("no distinctive word in common, only generic words"),
        ),
        Form(
            "the listed name has only generic words; the names differ in others",
            _("the listed name has only generic words; the names differ in others"),
        ),
    ),
    "consonants only": (
        Form(
            "across scripts, only consonant skeletons agree beyond common names",
            _("across scripts, only consonant skeletons agree beyond common names"),
        ),
    ),
    "one given name": (
        Form(
            "the list name is one given name ({names}); the query adds {added}",
            _("the list name is one given name (%(names)s); the query adds %(added)s"),
        ),
    ),
    "numbers": (
        Form(
            "number not in both names: {numbers}",
            _("number not in both names: %(numbers)s"),
        ),
    ),
    "joined spelling": (
        Form(
            "names written with different spacing: {similarity}",
            _("names written with different spacing: %(similarity)s"),
            {"similarity": number},
        ),
    ),
    "spacing": (
        Form(
            "re-spaced, {words} pairs with no listed word",
            _("re-spaced, %(words)s pairs with no listed word"),
        ),
        Form("read as {name}", _("read as %(name)s")),
    ),
    "kind": (
        Form("both are {kind}", _("both are %(kind)s"), {"kind": KIND}),
        Form(
            "query is {query}, list entry is {entry}",
            _("query is %(query)s, list entry is %(entry)s"),
            {"query": KIND, "entry": KIND},
        ),
    ),
    "country": (
        Form(
            "{country} is on the entry",
            _("%(country)s is on the entry"),
            {"country": _countries},
        ),
        Form(
            "{country} not in {listed}",
            _("%(country)s not in %(listed)s"),
            {"country": _countries, "listed": _countries},
        ),
    ),
    "birth date": (
        Form("born {year}, as listed", _("born %(year)s, as listed")),
        Form("born {year}, listed {listed}", _("born %(year)s, listed %(listed)s")),
        Form("{date} is listed", _("%(date)s is listed")),
    ),
    "name parts": (
        Form(
            "given name {given} is the listed family name {listed_family}, family name "
            "{family} the listed given name {listed_given}",
            _(
                "given name %(given)s is the listed family name %(listed_family)s, family "
                "name %(family)s the listed given name %(listed_given)s"
            ),
        ),
    ),
    "written typo": (
        Form(
            "{query} read as {listed}: a typo as written (similarity {similarity}), where "
            "folding counts more edits",
            _(
                "%(query)s read as %(listed)s: a typo as written (similarity %(similarity)s), "
                "where folding counts more edits"
            ),
            {"similarity": number},
        ),
    ),
    "distinctive names": (
        Form(
            "beyond common names, the closest words {a} and {b} agree only loosely ({similarity})",
            _(
                "beyond common names, the closest words %(a)s and %(b)s agree only loosely "
                "(%(similarity)s)"
            ),
            {"similarity": number},
        ),
    ),
    "family name": (
        Form(
            "the listed family name {name} agrees closely with no word of the query",
            _("the listed family name %(name)s agrees closely with no word of the name screened"),
        ),
    ),
}


def _names_as_written(forms: tuple[Form, ...]) -> tuple[Form, ...]:
    """``forms`` with every placeholder that is not an engine word kept as written: names,
    words and years (``born 1952`` is no quantity to group as ``1 952``); only a full
    listed date is shown as the locale writes dates."""
    return tuple(
        replace(f, as_written=frozenset(PLACEHOLDER.findall(f.english)) - set(f.words) - {"date"})
        for f in forms
    )


DETAIL_FORMS = {name: _names_as_written(forms) for name, forms in DETAIL_FORMS.items()}


def _how(how: str) -> str:
    return how_shown(how)


# engines.screening.scorer: token_similarity, _two_names and the pairing in _align (its
# "number differs" scores 0 and pairs nothing, so no panel shows it).
# The "but" forms qualify another "how" (the father's name qualifies either).
HOW_FORMS = (
    Form(
        "{how}, but father's name vs own name",
        _("%(how)s, but father's name vs own name"),
        {"how": _how},
    ),
    Form(
        "{how}, but different given names",
        _("%(how)s, but different given names"),
        {"how": _how},
    ),
    Form(
        "{how}, but written vowels differ",
        _("%(how)s, but written vowels differ"),
        {"how": _how},
    ),
    Form(
        "{how}, but a written v or w is missing",
        _("%(how)s, but a written v or w is missing"),
        {"how": _how},
    ),
    Form(
        "{how}, but each is a name on the lists",
        _("%(how)s, but each is a name on the lists"),
        {"how": _how},
    ),
    Form(
        "{how}, but one starts with a vowel",
        _("%(how)s, but one starts with a vowel"),
        {"how": _how},
    ),
    Form("exact", pgettext_lazy("name words", "exact")),
    Form("typo as written", pgettext_lazy("name words", "typo as written")),
    Form("typo", pgettext_lazy("name words", "typo")),
    Form("vowels differ", pgettext_lazy("name words", "vowels differ")),
    Form("consonants", pgettext_lazy("name words", "consonants")),
    Form("sounds alike", pgettext_lazy("name words", "sounds alike")),
    Form("initial", pgettext_lazy("name words", "initial")),
    Form("same name", pgettext_lazy("name words", "same name")),
)


def detail_shown(feature: Mapping[str, Any]) -> str:
    """A feature's detail (a hit explanation's ``features`` item) in the active language;
    as written where its feature has no form that reads it."""
    return shown(feature.get("detail", ""), DETAIL_FORMS.get(feature.get("name", ""), ()))


def how_shown(how: str) -> str:
    """How two words of a name pair up, in the active language (as written if unknown)."""
    return shown(how, HOW_FORMS)


def kind_shown(kind: str) -> str:
    """An entry kind (``person``, ``organisation``...) as a word inside a sentence."""
    return KIND(kind)
