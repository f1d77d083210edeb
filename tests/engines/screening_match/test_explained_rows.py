"""Rows left unexplained by ``Screener._matches`` could not have alerted: the matches,
scores and explanations are those of explaining every row near the threshold."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from alliance.engines.screening import matcher
from alliance.engines.screening.matcher import Query, Screener

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from synthetic_names import planted_variants, synthetic_entries, unlisted_people


@pytest.fixture(scope="module")
def screener_and_queries() -> tuple[Screener, list[Query]]:
    entries = list(synthetic_entries(3000, seed=21))
    screener = Screener.from_entries(entries)
    planted = planted_variants(entries, 150, seed=22)
    queries = [Query(p.query, kind=p.kind) for p in planted]
    queries += [Query(p.query) for p in planted[:40]]  # no kind: no fact to add
    queries += [
        Query(p.query, kind=p.kind, country="ru", birth_date="1970") for p in planted[40:80]
    ]
    queries += [Query(name, kind="person") for name in unlisted_people(80, seed=23)]
    # Initials: the explanation matches them as written, which the batch cannot see.
    people = [p.query.split(" ", 1) for p in planted if p.kind == "person" and " " in p.query]
    queries += [Query(f"{first[:1]}. {rest}", kind="person") for first, rest in people[:40]]
    queries += [Query("Global Trading Company LLC", kind="organisation"), Query("Bank Melli")]
    return screener, queries


@pytest.mark.parametrize("threshold", [0.8, 0.6])
def test_unexplained_rows_change_no_match(screener_and_queries, threshold, monkeypatch) -> None:
    screener, queries = screener_and_queries
    fast = screener.screen_many(queries, threshold=threshold)
    monkeypatch.setattr(matcher, "HEADROOM_SLACK", 10.0)  # every near row explained
    full = screener.screen_many(queries, threshold=threshold)
    assert [[m.to_dict() for m in ms] for ms in fast] == [[m.to_dict() for m in ms] for ms in full]
    assert sum(map(len, full)) > 100


def test_rows_left_unexplained_score_below_the_threshold(screener_and_queries) -> None:
    """The bound itself: a plain row's explained score is at most its batch score plus the
    query's facts."""
    screener, queries = screener_and_queries
    prepared = screener.prepare_many(queries)
    checked = 0
    for p, scores in zip(prepared, screener.name_scores(prepared), strict=True):
        weighed = screener._weighed_words(p, p.rows, p.kind)
        headroom = matcher.fact_headroom(p.query, p.kind)
        for k in (~weighed).nonzero()[0].tolist():
            row = int(p.rows[k])
            matches = screener._matches(
                matcher.Prepared(p.query, p.kind, p.forms, p.rows[k : k + 1]),
                scores[k : k + 1],
                threshold=0.0,
                limit=1,
            )
            assert matches, row
            assert matches[0].score <= scores[k] + headroom + 1e-9, (p.query.name, row)
            checked += 1
    assert checked > 1000
