"""The batch scorer's compiled string rules equal the ones the one-pair scorer calls."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from alliance.engines.screening import kernels
from alliance.engines.screening.batch import TokenProperties
from alliance.engines.screening.names import foreign_skeleton, skeleton


def _code_points(text: str) -> np.ndarray:
    return np.array([ord(c) for c in text], np.int32)


def _strings(rng: random.Random, count: int) -> list[tuple[str, str]]:
    alphabets = ["abv", "abcdefpvyou", "aé一بx1", "bcdfghklmnprstvz"]
    pairs = []
    for n in range(count):
        alphabet = alphabets[n % len(alphabets)]
        longest = 90 if n % 40 == 0 else 12  # past the 64 letters of the bit-parallel form
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))
        b = list(a)  # a near copy: edits, maybe a swap
        for _ in range(rng.randint(0, 4)):
            if b and rng.random() < 0.5:
                b.pop(rng.randrange(len(b)))
            else:
                b.insert(rng.randint(0, len(b)), rng.choice(alphabet))
        if len(b) > 2 and rng.random() < 0.5:
            k = rng.randrange(len(b) - 1)
            b[k], b[k + 1] = b[k + 1], b[k]
        other = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))
        pairs.append((a, "".join(b) if n % 3 else other))
    return pairs


def test_osa_distance_equals_rapidfuzz() -> None:
    rng = random.Random(7)
    scratch = kernels.osa_scratch(200)
    for a, b in _strings(rng, 5000):
        cutoff = rng.randint(0, 6) if max(len(a), len(b)) <= 12 else rng.randint(0, 30)
        x, y = _code_points(a), _code_points(b)
        got = kernels.osa_distance(x, 0, len(x), y, 0, len(y), cutoff, scratch)
        assert got == OSA.distance(a, b, score_cutoff=cutoff), (a, b, cutoff)


def test_skeletons_equal_the_scorers() -> None:
    rng = random.Random(8)
    words = [w for pair in _strings(rng, 1000) for w in pair] + ["1984", "", "vvppaa"]
    out = np.zeros(200, np.int32)
    rules = [
        (kernels.LOOSE, skeleton),
        (kernels.STRICT, lambda w: skeleton(w, True)),
        (kernels.FOREIGN, foreign_skeleton),
    ]
    for word in words:
        text = _code_points(word)
        for which, rule in rules:
            n = kernels._skeleton(text, 0, len(text), word.isdigit(), which, out, 3)
            assert "".join(map(chr, out[3 : 3 + n])) == rule(word), (word, which)


def test_extended_token_properties_keep_code_points_and_letters() -> None:
    tokens = TokenProperties(["ab", "cde", "f", "ghij", "é一"])
    for keep in (None, np.array([4, 1, 3]), np.array([], np.int64)):
        extended = tokens.extended(["xy", "z"], keep)
        fresh = TokenProperties(extended.text)
        assert extended.codes.tolist() == fresh.codes.tolist()
        assert extended.starts.tolist() == fresh.starts.tolist()
        assert extended.letters.tolist() == fresh.letters.tolist()


@settings(max_examples=300, deadline=None)
@given(
    patterns=st.lists(st.text(st.sampled_from("ab |cdé一"), min_size=1, max_size=64),
                      min_size=1, max_size=3),
    texts=st.lists(st.text(st.sampled_from("ab |cdé一"), min_size=0, max_size=90),
                   min_size=1, max_size=8),
    ascii_only=st.booleans(),
)  # fmt: skip
def test_best_ratios_equal_rapidfuzz_cdist(patterns, texts, ascii_only) -> None:
    """The tie-break's ratio equals rapidfuzz's ``cdist`` of ``fuzz.ratio``, bit for bit
    (float32), best pattern per text; rows as one-byte codes where all are ASCII."""
    if ascii_only:
        patterns = [p.encode("ascii", "ignore").decode() or "a" for p in patterns]
        texts = [t.encode("ascii", "ignore").decode() for t in texts]
    q_codes = np.array([ord(c) for c in "".join(patterns)], np.int32)
    q_starts = np.cumsum([0] + [len(p) for p in patterns]).astype(np.int64)
    joined = "".join(texts)
    if joined.isascii():
        codes = np.frombuffer(joined.encode("ascii"), np.uint8)
    else:
        codes = np.array([ord(c) for c in joined], np.int32)
    starts = np.cumsum([0] + [len(t) for t in texts]).astype(np.int64)
    rows = np.arange(len(texts))[::-1].copy()  # any order of rows
    got = kernels.best_ratios(q_codes, q_starts, codes, starts, rows)
    want = process.cdist(patterns, [texts[r] for r in rows], scorer=fuzz.ratio).max(axis=0)
    assert got.dtype == want.dtype == np.float32
    assert got.tolist() == want.tolist()


@settings(max_examples=50, deadline=None)
@given(
    queries=st.lists(
        st.lists(st.text(st.sampled_from("ab |cd"), min_size=1, max_size=20), min_size=1,
                 max_size=3),
        min_size=1, max_size=4,
    ),
    texts=st.lists(st.text(st.sampled_from("ab |cd"), min_size=0, max_size=40), min_size=1,
                   max_size=8),
    data=st.data(),
)  # fmt: skip
def test_best_ratios_of_many_queries_are_each_querys_own(queries, texts, data) -> None:
    """``best_ratios_many`` gives each query, over its own rows, what ``best_ratios``
    gives it alone."""
    patterns = [p for query in queries for p in query]
    q_codes = np.array([ord(c) for c in "".join(patterns)], np.int32)
    q_starts = np.cumsum([0] + [len(p) for p in patterns]).astype(np.int64)
    q_ptr = np.cumsum([0] + [len(query) for query in queries]).astype(np.int64)
    joined = "".join(texts)
    codes = np.frombuffer(joined.encode("ascii"), np.uint8)
    starts = np.cumsum([0] + [len(t) for t in texts]).astype(np.int64)
    own = [
        np.array(data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=6)), np.int64)
        for _ in queries
    ]
    row_ptr = np.cumsum([0] + [len(rows) for rows in own]).astype(np.int64)
    got = kernels.best_ratios_many(q_codes, q_starts, q_ptr, codes, starts,
                                   np.concatenate(own), row_ptr)  # fmt: skip
    for q, rows in enumerate(own):
        alone = kernels.best_ratios(q_codes, q_starts[q_ptr[q] : q_ptr[q + 1] + 1], codes,
                                    starts, rows)  # fmt: skip
        assert got[row_ptr[q] : row_ptr[q + 1]].tolist() == alone.tolist()
        want = process.cdist(queries[q], [texts[r] for r in rows], scorer=fuzz.ratio)
        assert alone.tolist() == (want.max(axis=0).tolist() if len(rows) else [])
