"""Rows and query forms left unexplained by ``Screener._matches`` could not have alerted:
the matches, scores and explanations are those of explaining every form of every row near
the threshold, and the bound that decides it (``batch.bounded_scores``) is at least the
explanation's score of every pair, on synthetic lists, generated queries and the
development set's checks against the shared lists."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.engines.screening import matcher
from alliance.engines.screening.matcher import Query, Screener, _CandidateBatch
from alliance.engines.screening.model import ListFormatError
from alliance.engines.screening.org_words import GENERIC_WORDS

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


def _matches_explaining_everything(
    screener: Screener, queries: list[Query], threshold: float, monkeypatch: pytest.MonkeyPatch
) -> list[list[dict[str, object]]]:
    with monkeypatch.context() as patch:
        patch.setattr(matcher, "HEADROOM_SLACK", 10.0)  # every form of every near row
        full = screener.screen_many(queries, threshold=threshold)
    return [[m.to_dict() for m in ms] for ms in full]


@pytest.mark.parametrize("threshold", [0.8, 0.6])
def test_unexplained_rows_change_no_match(screener_and_queries, threshold, monkeypatch) -> None:
    screener, queries = screener_and_queries
    fast = screener.screen_many(queries, threshold=threshold)
    full = _matches_explaining_everything(screener, queries, threshold, monkeypatch)
    assert [[m.to_dict() for m in ms] for ms in fast] == full
    assert sum(map(len, full)) > 100


def _assert_bounds_hold(screener: Screener, queries: list[Query]) -> int:
    """Every (query form, candidate row) pair's explanation, facts and name parts
    included, scores at most its bound plus the query's facts; returns the pairs checked."""
    prepared = screener.prepare_many(queries)
    checked = 0
    for p, (_, bounds) in zip(
        prepared, _CandidateBatch(screener, prepared, bound=True).scores(), strict=True
    ):
        assert bounds is not None
        headroom = matcher.fact_headroom(p.query, p.kind)
        for f, form in enumerate(p.forms):
            for k in range(len(p.rows)):
                reading = {0: p.readings[f]} if f in p.readings else {}
                one = matcher.Prepared(p.query, p.kind, [form], p.rows[k : k + 1], reading)
                found = screener._matches(one, np.ones(1), threshold=0.0, limit=1)
                explained = found[0].score if found else 0.0
                # A reading's cost can take a bound below 0, where no score goes.
                assert explained <= max(bounds[f, k], 0.0) + headroom + 1e-9, (
                    p.query,
                    form.tokens,
                    screener.rows.packed[int(p.rows[k])],
                    explained,
                    bounds[f, k],
                )
                checked += 1
    return checked


def test_bounds_hold_for_every_pair(screener_and_queries) -> None:
    screener, queries = screener_and_queries
    assert _assert_bounds_hold(screener, queries[::3]) > 5000


def _variant(rng: random.Random, name: str, person: bool) -> str:
    """A listed name made into a query as people write it: words dropped, swapped,
    abbreviated to an initial, misspelled, or a generic word added."""
    words = name.split()
    for _ in range(rng.randint(0, 3)):
        edit = rng.randrange(6)
        k = rng.randrange(len(words))
        if edit == 0 and len(words) > 1:
            words.pop(k)
        elif edit == 1 and len(words) > 1:
            j = rng.randrange(len(words))
            words[k], words[j] = words[j], words[k]
        elif edit == 2:
            words[k] = words[k][:1] + rng.choice(["", "."])
        elif edit == 3 and len(words[k]) > 3:
            i = rng.randrange(1, len(words[k]) - 1)
            words[k] = words[k][:i] + rng.choice("aeioukrs") + words[k][i + 1 :]
        elif edit == 4:
            words.insert(k, rng.choice(sorted(GENERIC_WORDS)) if not person else "bin")
        else:
            words[k] = words[k].upper() if rng.random() < 0.5 else words[k].lower()
    return " ".join(w for w in words if w) or name


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10**9),
    facts=st.booleans(),
    kind=st.sampled_from(["", "person", "organisation"]),
)
def test_bounds_hold_on_generated_queries(screener_and_queries, seed, facts, kind) -> None:
    screener, _ = screener_and_queries
    rng = random.Random(seed)
    queries = []
    for _ in range(4):
        entry = screener.entries[rng.randrange(len(screener.entries))]
        names = entry.all_names()
        name = _variant(rng, names[rng.randrange(len(names))], str(entry.kind) == "person")
        extra = {"country": "ru", "birth_date": "1970"} if facts else {}
        queries.append(Query(name, kind=kind or None, **extra))
    _assert_bounds_hold(screener, queries)


@pytest.fixture(scope="module")
def shared_lists_and_checks() -> tuple[Screener, list[Query]]:
    """The shared lists and the development set's checks of both splits, a few per
    category (skipped without the shared data)."""
    try:
        from screening import _dev_query, load_real_entries
        from screening_devset import checks

        entries = load_real_entries()
    except (OSError, ImportError, ListFormatError) as error:  # pragma: no cover - machine
        pytest.skip(f"shared lists not available: {error}")
    screener = Screener.from_entries(entries)
    made = checks(screener.entries, "dev", 12) + checks(screener.entries, "held-out", 12)
    return screener, [_dev_query(c) for c in made]


def test_devset_checks_match_as_when_explaining_everything(
    shared_lists_and_checks, monkeypatch
) -> None:
    screener, queries = shared_lists_and_checks
    fast = screener.screen_many(queries)
    full = _matches_explaining_everything(screener, queries, 0.8, monkeypatch)
    assert [[m.to_dict() for m in ms] for ms in fast] == full
    assert sum(map(len, full)) > 100


def test_bounds_hold_on_devset_checks(shared_lists_and_checks) -> None:
    screener, queries = shared_lists_and_checks
    assert _assert_bounds_hold(screener, queries[::2]) > 5000
