"""The batch scorer gives exactly the one-pair scorer's scores, many pairs at once."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from alliance.engines.screening.batch import MAX_TOKENS, score_pairs
from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import Alias, EntryKind, ListEntry
from alliance.engines.screening.scorer import compare_forms, score_names

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from synthetic_names import planted_variants, synthetic_entries, unlisted_people

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
    ("A B C D E F G H I J", "A B C D E F G H I K", "person"),
    ("A B C D E F G H I J K L M N", "A B C D E F G H I J K L M O", "person"),  # one-pair scorer
    ("", "Somebody", None),
    ("Brigade 44", "Brigade 45", "organisation"),
    # An initial aligned with a name in the other role counts as a name, not an initial.
    ("Salman bin M", "Muhammad bin Salman", "person"),
    ("M bin Ali", "Ali bin Muhammad", "person"),
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


def test_forefathers_names_left_out_of_a_short_form_weigh_half() -> None:
    full = "Usama bin Muhammad bin Awad BIN LADIN"
    assert score_names("Usama bin Ladin", full, "person")[0] >= 0.85
    assert score_names("Ahmed bin Ali", "Ahmed bin Mohammed bin Ali", "person")[0] >= 0.85
    # Another father's name in each is another person, as before.
    assert score_names("Ahmed bin Hassan", "Ahmed bin Ali", "person")[0] < 0.5
    assert score_pairs(["Usama bin Ladin"], [full], ["person"])[0] == pytest.approx(
        score_names("Usama bin Ladin", full, "person")[0], abs=1e-9
    )


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


HAND_ENTRIES = [
    ListEntry("t", "H1", EntryKind.PERSON, "山田太郎", (Alias("Yamada Taro"),)),
    ListEntry("t", "H2", EntryKind.PERSON, "김정은", (Alias("Kim Jong Un"),)),
    ListEntry("t", "H3", EntryKind.ORGANISATION, "Acme Trading GmbH", (Alias("ACME TRADING OOO"),)),
    ListEntry("t", "H4", EntryKind.UNKNOWN, "Sea Star Shipping"),
    ListEntry("t", "H5", EntryKind.VESSEL, "Sea Star 2"),
    ListEntry("t", "H6", EntryKind.PERSON, "Salman bin Muhammad bin Abd al-Aziz al-Saud"),
    ListEntry(
        "t", "H7", EntryKind.ORGANISATION, " ".join(f"Word{i}" for i in range(MAX_TOKENS + 2))
    ),
    ListEntry("t", "H8", EntryKind.PERSON, "محمد علي حسن", (Alias("Мухаммад Али"),)),
]
HAND_QUERIES = [
    Query("Yamada Taro", "person"), Query("山田太朗", "person"), Query("김종은", "person"),
    Query("Kim Jong Eun"), Query("Acme Trading S.A.", "organisation"), Query("Sea Star 3"),
    Query("Muhammad bin Salman al-Saud", "person"), Query("Mohamed Ali Hassan", "person"),
    Query(" ".join(f"Word{i}" for i in range(MAX_TOKENS + 2)), "organisation"),
    Query("Майкл Смит", "person"), Query("Sea Star Shipping Ltd", "vessel"),
]  # fmt: skip


def test_screener_scores_candidates_as_the_one_pair_scorer_does() -> None:
    entries = list(synthetic_entries(2000, seed=3)) + HAND_ENTRIES
    screener = Screener.from_entries(entries)
    planted = planted_variants(entries[:2000], 120, seed=4)
    queries = [Query(p.query, kind=p.kind) for p in planted]
    queries += [Query(name) for name in unlisted_people(40, seed=8)] + HAND_QUERIES
    prepared = [screener.prepare(q) for q in queries]
    checked = 0
    for p, scores in zip(prepared, screener.name_scores(prepared), strict=True):
        for row, got in zip(p.rows.tolist(), scores.tolist(), strict=True):
            entry = screener.entries[int(screener.row_entry[row])]
            listed = screener.rows.form(row, entry.all_names()[int(screener.row_alias[row])])
            kind = entry.kind if entry.kind in ("person", "organisation") else p.kind
            rules = EntryKind.ORGANISATION if kind in ("vessel", "aircraft") else kind
            want = max(compare_forms(f, listed, EntryKind(rules)).score for f in p.forms)
            assert got == pytest.approx(want, abs=1e-9), (p.query.name, listed.original)
            checked += 1
    assert checked > 5000
    # One query at a time the table holds only its own tokens' properties: same scores.
    together = screener.name_scores(prepared)
    for p, scores in zip(prepared[::7], together[::7], strict=True):
        assert screener.name_scores([p])[0].tolist() == pytest.approx(scores.tolist(), abs=1e-9)
