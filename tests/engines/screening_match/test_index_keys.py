"""The index computes its key hashes at build without writing the keys; they equal the
hashes of the keys as the query side writes them."""

from __future__ import annotations

import random

import numpy as np

from alliance.engines.screening import index
from alliance.engines.screening.batch import TokenProperties

HAND_TOKENS = ["vladimir", "p", "pv", "ab", "abc", "1984", "12", "aab", "mohammed", "山田",
               "한", "vvppaa", "ivanovich", "x", "aaaaaa"]  # fmt: skip


def test_build_hashes_equal_the_hashes_of_the_written_keys() -> None:
    rng = random.Random(3)
    letters = "abcdefghijklmnoprstuvyz1"
    tokens = HAND_TOKENS + [
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(3000)
    ]
    properties = TokenProperties(tokens)
    hashes, counts = index._index_key_hashes(properties.codes, properties.starts, properties.digit)
    ends = np.cumsum(counts)
    for t, token in enumerate(tokens):
        built = hashes[ends[t] - counts[t] : ends[t]].tolist()
        assert len(built) == len(set(built)), token
        assert set(built) == {index.key_hash(k) for k in index._index_keys(token)}, token


def test_key_hash_is_fnv1a_over_code_points() -> None:
    # Unsalted (pickled indexes are reused by later processes): FNV-1a's published
    # 32-bit vectors for ASCII text.
    assert index.key_hash("") == 0x811C9DC5
    assert index.key_hash("a") == 0xE40C292C
    assert index.key_hash("foobar") == 0xBF9CF968
