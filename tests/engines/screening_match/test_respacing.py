"""Words split or joined differently are shortlisted and scored (respacing)."""

from __future__ import annotations

import pytest

from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.respacing import RESPACED_COST, _key, respaced_texts


@pytest.fixture(scope="module")
def screener() -> Screener:
    entries = [
        ListEntry("x", "1", EntryKind.ORGANISATION, "ROSOBORONEXPORT"),
        ListEntry("x", "2", EntryKind.PERSON, "POL POT"),
        ListEntry("x", "3", EntryKind.ORGANISATION, "GOODWILL COMPANY"),
        ListEntry("x", "4", EntryKind.ORGANISATION, "TACO LLC"),
        ListEntry("x", "5", EntryKind.PERSON, "Parlindungan SIREGAR"),
    ]
    return Screener.from_entries(entries)


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("ROSOBORON EXPORT", "1"),
        ("PolPot", "2"),
        ("Good Will Company", "3"),
        ("TACOLLC", "4"),
        ("ParlindunganSiregar", "5"),
    ],
)
def test_respaced_names_alert(screener: Screener, query: str, entry_id: str):
    matches = screener.screen(Query(query))
    assert matches and matches[0].entry_id == entry_id


def test_a_respaced_reading_costs_a_little_and_says_so(screener: Screener):
    (match,) = screener.screen(Query("ROSOBORON EXPORT", kind="organisation"))
    spacing = [f for f in match.explanation.features if f.name == "spacing"]
    assert spacing and spacing[0].contribution == -RESPACED_COST
    assert spacing[0].detail == "read as 'ROSOBORONEXPORT'"


def test_only_listed_words_make_readings():
    listed = {_key(w) for w in ("GOODWILL", "sal", "imi", "im")}
    assert respaced_texts("GOOD WILL", listed, EntryKind.ORGANISATION) == ["GOODWILL"]
    assert respaced_texts("GOOD WILL", set(), EntryKind.ORGANISATION) == []
    assert respaced_texts("Salimi", listed, EntryKind.PERSON) == ["Sal imi"]
    assert respaced_texts("Salim", listed, EntryKind.PERSON) == []  # parts too short


def test_names_without_other_spacing_keep_their_one_reading(screener: Screener):
    prepared = screener.prepare(Query("Acme Trading", kind="organisation"))
    assert not any(f.respaced for f in prepared.forms)
