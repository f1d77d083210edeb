"""A typing error in an organisation's word is counted on the word as written as well as
folded, the kinder count holding (typo_readings; names made up in the lists' style)."""

from __future__ import annotations

import numpy as np
import pytest

from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import EntryKind, ListEntry
from alliance.engines.screening.names import fold_token, name_forms
from alliance.engines.screening.scorer import DEFAULT_THRESHOLD, score_names
from alliance.engines.screening.typo_readings import written_similarity


@pytest.fixture(scope="module")
def screener() -> Screener:
    entries = [
        ListEntry("x", "1", EntryKind.ORGANISATION, "Army of the Southeast"),
        ListEntry("x", "2", EntryKind.ORGANISATION, "HOTEL SIN PK2"),
        ListEntry("x", "3", EntryKind.ORGANISATION, "JOINT STOCK COMPANY PLASMA"),
        ListEntry("x", "4", EntryKind.ORGANISATION, "KAVOR TRADING LLC"),
        ListEntry("x", "5", EntryKind.PERSON, "Hashim KAVOR"),
    ]
    return Screener.from_entries(entries)


def test_folding_can_make_one_typo_several_edits():
    # SOUTHEAST folds to "suteast" (ou, th); the swapped SOTUHEAST keeps its letters.
    assert fold_token("southeast") != fold_token("sotuheast")
    assert score_names("Sotuheast Army", "Army of the Southeast", "organisation")[0] < 0.5


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("Army of the Sotuheast", "1"),  # letters swapped
        ("HOEEL SIN PK2", "2"),  # one wrong letter (HOEEL folds to "hoil")
        ("JOINT STOCK COMPANY PTASMA", "3"),  # one wrong letter in a six-letter word
    ],
)
def test_a_typo_as_written_alerts(screener: Screener, query: str, entry_id: str):
    matches = screener.screen(Query(query, kind="organisation"))
    assert matches and matches[0].entry_id == entry_id
    expl = matches[0].explanation
    typo = [f for f in expl.features if f.name == "written typo"]
    assert len(typo) == 1 and typo[0].contribution < 0
    assert any(p.how == "typo as written" and p.similarity < 1 for p in expl.pairs)


def test_the_batch_score_holds_the_typos_cost(screener: Screener):
    """The batch score of a typo reading already takes the typo back: the explanation of a
    plain row (no generic word on either side) is no higher than it."""
    prepared = screener.prepare(Query("HOEEL SIN PK2", kind="organisation"))
    (reading,) = prepared.readings.values()
    (scores,) = screener.name_scores([prepared])
    row = int(np.flatnonzero(screener.row_entry[prepared.rows] == 1)[0])
    (match,) = screener.screen(Query("HOEEL SIN PK2", kind="organisation"))
    assert scores[row] == pytest.approx(match.explanation.name_score - reading.cost)
    assert match.score == pytest.approx(scores[row] + 0.02)  # the kind agrees


def test_one_typo_costs_its_share_of_letters_and_more_cost_more():
    assert written_similarity(0, 6) == 1.0
    assert written_similarity(1, 6) == pytest.approx(1 - 1 / 6)
    assert written_similarity(2, 8) == pytest.approx(1 - 2.5 / 8)


def test_no_reading_for_a_listed_word_a_person_or_a_word_folding_already_pairs(
    screener: Screener,
):
    # KAVOR is a listed word: no typo of another.
    assert not screener.prepare(Query("KAVOR PLASMA", kind="organisation")).readings
    # People keep their own typo rules (two given names, vowels): no readings.
    assert not screener.prepare(Query("Hashin KAVOR", kind="person")).readings
    # KAVVOR folds to kavor: folding already counts it as the listed word.
    prepared = screener.prepare(Query("KAVVOR TRADING", kind="organisation"))
    assert not prepared.readings
    assert name_forms("KAVVOR", "organisation")[0].tokens == ("kavor",)


def test_a_fresh_word_is_no_typo_of_a_listed_one(screener: Screener):
    # Two errors in a six-letter word are another word, as written or folded.
    assert screener.screen(Query("JOINT STOCK COMPANY PRISMO", kind="organisation")) == []
    assert DEFAULT_THRESHOLD > 1 - (1 + 1.5) / 6
