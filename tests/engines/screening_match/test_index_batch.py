"""The batch candidate kernels return exactly what the per-query, per-key Python path
returned before them (kept here as the reference): the same rows, in the same order,
with the same support, bit for bit."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.engines.screening import index as ix
from alliance.engines.screening.index import KEY_FACTOR, TokenIndex


def _reference_token_postings(
    index: TokenIndex, token: str, vowelless: bool
) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, float]]]:
    small: list[tuple[np.ndarray, float]] = []
    big: list[tuple[np.ndarray, float]] = []
    for key in ix.query_token_keys(token, vowelless):
        postings = index.postings_for(key)
        if postings is None:
            continue
        factor = KEY_FACTOR.get(key[0], 1.0)
        rare_rows = ix.RARE_AFFIX_ROWS if key[0] in "<>" else ix.RARE_KEY_ROWS
        (small if len(postings) <= rare_rows else big).append((postings, factor))
    rows, factors = _closest(small)
    return rows, factors, big


def _union(arrays: list[np.ndarray], size: int) -> np.ndarray:
    total = sum(len(a) for a in arrays)
    if total * 16 < size:
        return np.unique(np.concatenate(arrays))
    seen = np.zeros(size, dtype=bool)
    for a in arrays:
        seen[a] = True
    return np.flatnonzero(seen).astype(np.int32)


def _closest(postings: list[tuple[np.ndarray, float]]) -> tuple[np.ndarray, np.ndarray]:
    if not postings:
        return np.empty(0, np.int32), np.empty(0)
    if len(postings) == 1:
        rows, factor = postings[0]
        return rows, np.full(len(rows), factor)
    rows = np.concatenate([p for p, _ in postings])
    factors = np.concatenate([np.full(len(p), f) for p, f in postings])
    order = np.lexsort((-factors, rows))
    rows, factors = rows[order], factors[order]
    first = np.ones(len(rows), bool)
    first[1:] = rows[1:] != rows[:-1]
    return rows[first], factors[first]


def _find(rows: np.ndarray, cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = np.minimum(np.searchsorted(rows, cand), len(rows) - 1)
    return pos, rows[pos] == cand


def reference_supported(
    index: TokenIndex, tokens: list[tuple[str, float]], limit: int, vowelless: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``TokenIndex.supported`` as it was written before the batch kernels."""
    rare: list[np.ndarray] = []
    fallback: list[np.ndarray] = []
    per_token = []
    for token, weight in tokens:
        rows, factors, big = _reference_token_postings(index, token, vowelless)
        if len(rows):
            rare.append(rows)
        if big:
            fallback.append(min((p for p, _ in big), key=len))
        per_token.append((weight, rows, factors, big))
    if rare:
        cand = _union(rare, index.size)
    elif len(fallback) >= 2:
        a, b = sorted(fallback, key=len)[:2]
        cand = np.intersect1d(a, b)
    elif fallback:
        cand = np.unique(fallback[0][: limit * 20])
    else:
        return np.empty(0, dtype=np.int32), np.empty(0)
    support = np.zeros(len(cand))
    for weight, rows, factors, big in per_token:
        best = np.zeros(len(cand))
        if len(rows):
            pos, carried = _find(rows, cand)
            best[carried] = factors[pos[carried]]
        for p, factor in big:
            best = np.maximum(best, _find(p, cand)[1] * factor)
        support += weight * best
    if len(cand) > limit:
        top = np.argpartition(-support, limit)[:limit]
        cand, support = cand[top], support[top]
    order = np.argsort(-support, kind="stable")
    return cand[order], support[order]


LETTERS = "abdeikmnoprsuvy"
WORDS = ["mohammed", "ali", "karimov", "ivanov", "trading", "co", "al", "vladimir", "1984",
         "pavlov", "bank", "abc", "ooo", "sinsunaitski", "x"]  # fmt: skip


def _rows(rng: random.Random, count: int) -> list[tuple[str, ...]]:
    rows = []
    for _ in range(count):
        size = rng.randint(1, 4)
        rows.append(tuple(
            rng.choice(WORDS) if rng.random() < 0.5
            else "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 9)))
            for _ in range(size)
        ))  # fmt: skip
    return rows


def _assert_same(index: TokenIndex, queries: list[tuple[list[tuple[str, float]], bool]],
                 limit: int) -> None:  # fmt: skip
    batch = index.supported_many(queries, limit)
    for (tokens, vowelless), (rows, support) in zip(queries, batch, strict=True):
        want_rows, want_support = reference_supported(index, tokens, limit, vowelless)
        assert rows.tolist() == want_rows.tolist(), tokens
        assert support.tolist() == want_support.tolist(), tokens


def test_batch_equals_reference_on_a_large_random_index(monkeypatch) -> None:
    rng = random.Random(7)
    rows = _rows(rng, 12_000)
    index = TokenIndex.of_rows(rows)
    queries = []
    for _ in range(400):
        picked = list(rng.choice(rows))
        if rng.random() < 0.4:  # a typo
            t = picked[0]
            k = rng.randrange(len(t))
            picked[0] = t[:k] + rng.choice(LETTERS) + t[k + 1 :]
        tokens = {t: rng.choice([0.5, 1.0, 2.2, 3.1622776601683795]) for t in picked}
        queries.append((list(tokens.items()), rng.random() < 0.3))
    queries.append(([("mohammed", 2.0), ("ali", 1.0)], False))  # only common tokens
    queries.append(([("trading", 2.0)], False))
    queries.append(([("zzzzqq", 1.0)], False))  # nothing
    queries.append(([], False))
    for limit in (3, 60, 2000):
        _assert_same(index, queries, limit)
    # Low thresholds: common words' keys only confirm, and the fallback paths run.
    monkeypatch.setattr(ix, "RARE_KEY_ROWS", 300)
    monkeypatch.setattr(ix, "RARE_AFFIX_ROWS", 20)
    for limit in (3, 60):
        _assert_same(index, queries, limit)


_SMALL = TokenIndex.of_rows(_rows(random.Random(11), 300))
_token = st.text(alphabet=LETTERS + "1", min_size=1, max_size=10)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dictionaries(_token, st.sampled_from([0.5, 1.0, 1.7320508075688772]), max_size=4),
            st.booleans(),
        ),
        max_size=5,
    ),
    st.sampled_from([1, 5, 60]),
)
def test_batch_equals_reference_on_any_tokens(queries, limit) -> None:
    _assert_same(_SMALL, [(list(tokens.items()), v) for tokens, v in queries], limit)
