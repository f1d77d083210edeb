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
    assert respaced_texts("Sali", listed, EntryKind.PERSON) == []  # parts too short
    assert respaced_texts("Salim", listed, EntryKind.ORGANISATION) == []  # too short for orgs


def test_a_persons_word_may_be_cut_off_a_two_letter_name():
    listed = {_key(w) for w in ("tay", "za", "sabri", "ok", "maria", "ia", "mar", "al")}
    assert respaced_texts("Tayza", listed, EntryKind.PERSON) == ["Tay za"]
    assert respaced_texts("Sabriok", listed, EntryKind.PERSON) == ["Sabri ok"]
    # A word listed as it is stays whole; a particle is no name part of its own.
    assert respaced_texts("Maria", listed, EntryKind.PERSON) == []
    assert respaced_texts("Maral", listed, EntryKind.PERSON) == []


def test_a_cut_may_read_as_several_listed_words():
    # ABDOLLAHI is listed as "abd olahi": no listed word is "abdolahi".
    screener = Screener.from_entries([ListEntry("x", "1", EntryKind.PERSON, "Hamed ABDOLLAHI"),
                                      ListEntry("x", "2", EntryKind.PERSON, "Tay ZA")])  # fmt: skip
    for query, entry_id in (("Hamedabdollahi", "1"), ("Tayza", "2")):
        matches = screener.screen(Query(query, kind="person"))
        assert matches and matches[0].entry_id == entry_id, query


def test_names_without_other_spacing_keep_their_one_reading(screener: Screener):
    prepared = screener.prepare(Query("Acme Trading", kind="organisation"))
    assert not any(f.respaced for f in prepared.forms)
