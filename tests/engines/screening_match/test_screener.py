"""The screener: candidates from the index, facts moving scores, recall on planted variants."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from alliance.engines.screening.index import TokenIndex
from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import Alias, EntryKind, ListEntry

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from synthetic_names import planted_variants, synthetic_entries, unlisted_people

ENTRIES = [
    ListEntry(
        "test", "P1", EntryKind.PERSON, "Ivan Petrovich SIDOROV",
        aliases=(Alias("Иван Сидоров"),), birth_dates=("1961-03-04",), nationalities=("ru",),
    ),
    ListEntry("test", "O1", EntryKind.ORGANISATION, "Romashka Trading OOO", countries=("ru",)),
    ListEntry("test", "P2", EntryKind.PERSON, "Ahmed Hassan Al-Masri", birth_dates=("1975",)),
]  # fmt: skip


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entries(ENTRIES)


def test_finds_alias_in_another_script(screener: Screener):
    (match,) = screener.screen(Query("Ivan Sidorov", kind="person"))
    assert match.entry_id == "P1"
    assert match.explanation.query_name == "Ivan Sidorov"
    assert match.matched_name in ("Иван Сидоров", "Ivan Petrovich SIDOROV")


def test_organisation_with_other_legal_form(screener: Screener):
    (match,) = screener.screen(Query("ROMASHKA TRADING LLC", kind="organisation"))
    assert match.entry_id == "O1"
    assert match.to_dict()["list"] == "test"


def _score(screener: Screener, query: Query) -> tuple[float, list[str]]:
    (match,) = screener.screen(query, threshold=0.0, limit=1)
    return match.score, [f"{f.name}:{f.contribution:+.2f}" for f in match.explanation.features]


def test_birth_date_raises_and_lowers_and_says_so(screener: Screener):
    plain, _ = _score(screener, Query("Ahmed Hasan Masri"))
    same, same_features = _score(screener, Query("Ahmed Hasan Masri", birth_date="1975-06-01"))
    other, other_features = _score(screener, Query("Ahmed Hasan Masri", birth_date="1990"))
    assert other < plain < same
    assert any(f.startswith("birth date:+") for f in same_features)
    assert any(f.startswith("birth date:-") for f in other_features)


def test_country_and_kind_move_the_score(screener: Screener):
    name = "Ivan Sidarov"  # one typo keeps the name score below 1
    plain, _ = _score(screener, Query(name))
    agreeing, features = _score(screener, Query(name, kind="person", country="ru"))
    wrong_kind, kind_features = _score(screener, Query(name, kind="organisation"))
    assert agreeing > plain > wrong_kind
    assert "country:+0.03" in features and "kind:+0.02" in features
    assert any(f.startswith("kind:-") for f in kind_features)


def test_unrelated_name_gives_no_match(screener: Screener):
    assert screener.screen(Query("Maria Gonzalez", kind="person")) == []


def test_planted_variants_of_a_generated_list_are_found():
    entries = list(synthetic_entries(3000, seed=11))
    screener = Screener.from_entries(entries)
    planted = [p for p in planted_variants(entries, 400, seed=3) if p.variant != "transliteration"]
    found = sum(
        any(m.entry_id == p.entry_id for m in screener.screen(Query(p.query, kind=p.kind)))
        for p in planted
    )
    assert found / len(planted) >= 0.97
    alerts = sum(bool(screener.screen(Query(n, kind="person"))) for n in unlisted_people(300))
    assert alerts / 300 < 0.05


def test_index_candidates_include_typos_and_reorderings():
    entries = list(synthetic_entries(2000, seed=5))
    screener = Screener.from_entries(entries)
    target = next(e for e in entries if len(e.primary_name.split()) >= 2)
    tokens = target.primary_name.split()
    reordered = " ".join(reversed(tokens))
    typo = " ".join(t[:-2] + t[-1] + t[-2] if len(t) > 4 else t for t in tokens)
    for query in (reordered, typo):
        rows = screener.index.candidates([(t.lower(), 1.0) for t in query.split()])
        assert len(rows) > 0
        matches = screener.screen(Query(query), threshold=0.5)
        assert target.entry_id in {m.entry_id for m in matches}
    assert len(screener.index.candidates([])) == 0


def test_index_ranks_the_token_itself_above_near_spellings():
    # Many rows share only the consonants or one edit of "karimov"; the row carrying the
    # token itself comes first even when the candidate limit is tight.
    near = ["Kerimov", "Karimova", "Korimov", "Karymov", "Kurimov", "Karimow", "Kareemov"]
    index = TokenIndex.of_rows([(n.lower(),) for n in near * 20] + [("karimov",)])
    rows, support = index.supported([("karimov", 2.0)], limit=3)
    assert rows[0] == len(near) * 20
    assert support[0] == 2.0
    assert (support[1:] < 2.0).all()


def test_index_reaches_long_tokens_through_their_start_or_end():
    # Two edits apart (a transliteration of one sound): no shared edit or consonant key.
    index = TokenIndex.of_rows([("jinjunaitski",), ("ivanov",)])
    rows = index.candidates([("sinsunaitski", 1.0)])
    assert rows.tolist() == [0]
