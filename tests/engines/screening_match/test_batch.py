"""The batch scorer gives exactly the one-pair scorer's scores, many pairs at once."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from alliance.engines.screening.batch import score_pairs
from alliance.engines.screening.scorer import score_names

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from synthetic_names import planted_variants, synthetic_entries

HAND_PAIRS = [
    ("Vladimir Putin", "Putin Vladimir", "person"),
    ("V. Putin", "Vladimir Putin", "person"),
    ("Майкл Смит", "Michael Smith", "person"),
    ("محمد علي", "Mohamed Ali", "person"),
    ("Osama bin Laden", "Usama bin Ladin", "person"),
    ("Acme Trading S.A.", "Acme Trading Ltd", "organisation"),
    ("Citigroup Capital Trust XV", "Citigroup Capital Trust XX", "organisation"),
    ("Abd Allah", "Abdullah", "person"),
    ("山田太郎", "Yamada Taro", "person"),
    ("A B C D E F G H I J", "A B C D E F G H I K", "person"),  # longer than the batch tables
    ("", "Somebody", None),
    ("Brigade 44", "Brigade 45", "organisation"),
]


def test_batch_scores_equal_single_pair_scores_on_hand_pairs() -> None:
    left, right, kinds = zip(*HAND_PAIRS, strict=True)
    batch = score_pairs(left, right, kinds)
    for (a, b, kind), got in zip(HAND_PAIRS, batch, strict=True):
        assert got == pytest.approx(score_names(a, b, kind)[0], abs=1e-9), (a, b)


def test_batch_scores_equal_single_pair_scores_on_generated_pairs() -> None:
    entries = list(synthetic_entries(500, seed=5))
    planted = planted_variants(entries, 200, seed=11)
    by_id = {e.entry_id: e for e in entries}
    left = [p.query for p in planted]
    right = [by_id[p.entry_id].primary_name for p in planted]
    kinds = [str(p.kind) for p in planted]
    shuffled = right[:]
    random.Random(1).shuffle(shuffled)  # mostly unrelated names
    left, right, kinds = left * 2, right + shuffled, kinds * 2
    batch = score_pairs(left, right, kinds)
    single = [score_names(a, b, k)[0] for a, b, k in zip(left, right, kinds, strict=True)]
    assert batch.tolist() == pytest.approx(single, abs=1e-9)
    assert (batch[:200] >= 0.8).mean() > 0.9  # the planted variants mostly match


def test_one_given_name_in_two_scripts() -> None:
    # Майкл reads "maikl": no spelling rule reaches "michael", rigour's name data does.
    score, expl = score_names("Майкл Смит", "Michael Smith", "person")
    assert score >= 0.9
    assert any(p.how == "same name" for p in expl.pairs)
    assert score_names("Майкл Смит", "Mikhail Petrov", "person")[0] < 0.5


def test_father_and_own_name_are_not_swapped() -> None:
    assert (
        score_names("Salman bin Muhammad al-Rawi", "Muhammad bin Salman al-Rawi", "person")[0] < 0.8
    )
    assert score_names("Salman bin Muhammad", "Salman Muhammad", "person")[0] >= 0.8


def test_servant_names_compare_their_divine_name() -> None:
    assert score_names("Abd al-Rahman Ali", "Abdulrahman Ali", "person")[0] == 1.0
    assert score_names("Abdullah Azzam", "Abdulla Azzam", "person")[0] == 1.0
    assert score_names("Abdul Hakim Karimi", "Abdul Basir Karimi", "person")[0] < 0.8


def test_syllabic_scripts_compare_characters() -> None:
    assert score_names("김정은", "김종은", "person")[0] < 0.8  # same romanisation, other name
    assert score_names("習近平", "习近平", "person")[0] == 1.0  # traditional / simplified


def test_number_words_in_organisation_names() -> None:
    assert (
        score_names("First International Bank", "1st International Bank", "organisation")[0] == 1.0
    )
    assert score_names("Brigade Forty-Four", "Brigade 44", "organisation")[0] == 1.0
    assert score_names("Brigade Forty-Four", "Brigade 45", "organisation")[0] < 0.8
