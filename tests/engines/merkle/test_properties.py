"""Random trees against the brute-force reference, and tampered proofs that must fail."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.engines.merkle import (
    MemoryHashStore,
    ProofError,
    append_leaves,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_of,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)
from alliance.engines.merkle.tree import stored_hash_count, stored_hash_index
from tests.engines.merkle.reference import mth_factory, path, proof

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _datas(n: int, salt: int = 0) -> list[bytes]:
    return [hashlib.sha256(f"{salt}:{i}".encode()).digest()[: i % 40] for i in range(n)]


def _build(datas: list[bytes], batches: list[int]) -> MemoryHashStore:
    """Append ``datas`` in batches of the given sizes (the rest in one last batch)."""
    store, size = MemoryHashStore(), 0
    for b in batches:
        size, _ = append_leaves(store, size, datas[size : size + b])
    append_leaves(store, size, datas[size:])
    return store


def _flip(h: bytes, bit: int) -> bytes:
    return bytes([h[0] ^ (1 << (bit % 8))]) + h[1:]


def test_stored_hash_index_is_dense_and_ordered() -> None:
    # Every stored index 0..count-1 is used exactly once, in append order.
    size = 300
    seen = []
    for i in range(size):
        seen.append(stored_hash_index(0, i))
        level, n = 1, i
        while n & 1:
            n >>= 1
            seen.append(stored_hash_index(level, n))
            level += 1
    assert seen == list(range(stored_hash_count(size)))


@SETTINGS
@given(
    n=st.integers(1, 3000),
    salt=st.integers(0, 10**6),
    batches=st.lists(st.integers(0, 700), max_size=6),
)
def test_roots_and_proofs_match_the_reference(n: int, salt: int, batches: list[int]) -> None:
    datas = _datas(n, salt)
    store = _build(datas, batches)
    mth = mth_factory(datas)
    assert root_of(datas) == mth(0, n)
    sizes = sorted({1, n, n // 2 or 1, max(1, n - 1), (salt % n) + 1})
    for size in sizes:
        root = tree_hash(store, size)
        assert root == mth(0, size)
        # Every leaf of this size proves inclusion; proofs equal the RFC recursion.
        for index in range(size) if size <= 300 else range(0, size, size // 97 + 1):
            got = inclusion_proof(store, index, size)
            assert got == path(mth, index, 0, size)
            verify_inclusion(index, size, leaf_hash(datas[index]), got, root)
    # Every older size is consistent with the full tree.
    root_n = mth(0, n)
    for m in range(n + 1) if n <= 400 else [*range(0, n + 1, n // 150 + 1), n]:
        got = consistency_proof(store, m, n)
        assert got == proof(mth, m, n)
        verify_consistency(m, n, mth(0, m), root_n, got)


@SETTINGS
@given(
    n=st.integers(3, 2500),
    pick=st.integers(0, 10**9),
    bit=st.integers(0, 7),
    data=st.data(),
)
def test_tampered_inclusion_proofs_fail(n: int, pick: int, bit: int, data: st.DataObject) -> None:
    datas = _datas(n)
    store = _build(datas, [])
    size = pick % (n - 1) + 1  # leave room for a larger wrong size
    index = (pick // 7) % size
    root, leaf = tree_hash(store, size), leaf_hash(datas[index])
    good = inclusion_proof(store, index, size)
    verify_inclusion(index, size, leaf, good, root)
    bad: list[tuple[int, int, bytes, list[bytes], bytes]] = [
        (index, size, _flip(leaf, bit), good, root),
        (index, size, leaf, good, _flip(root, bit)),
        (index, size, leaf, [*good, root], root),
        (index, size, leaf, [leaf, *good], root),
    ]
    if good:
        at = data.draw(st.integers(0, len(good) - 1))
        bad.append((index, size, leaf, [*good[:at], _flip(good[at], bit), *good[at + 1 :]], root))
        bad.append((index, size, leaf, good[:-1], root))  # truncated
        bad.append((index, size, leaf, good[: len(good) - 1 - at], root))
        wrong_index = data.draw(st.integers(0, size - 1).filter(lambda i: i != index))
        bad.append((wrong_index, size, leaf, good, root))
    # A proof for one tree size must not pass as a proof for another size: the
    # claimed size comes with that tree's own root (as in a signed checkpoint).
    wrong_size = data.draw(st.integers(index + 1, n).filter(lambda s: s != size))
    bad.append((index, wrong_size, leaf, good, tree_hash(store, wrong_size)))
    for i, s, lh, p, r in bad:
        if (i, s, lh, p, r) == (index, size, leaf, good, root):
            continue
        with pytest.raises(ProofError):
            verify_inclusion(i, s, lh, p, r)


@SETTINGS
@given(
    n=st.integers(3, 2500),
    pick=st.integers(0, 10**9),
    bit=st.integers(0, 7),
    data=st.data(),
)
def test_tampered_consistency_proofs_fail(n: int, pick: int, bit: int, data: st.DataObject) -> None:
    datas = _datas(n)
    store = _build(datas, [])
    second = pick % (n - 2) + 2  # leave room for a larger wrong second size
    first = (pick // 5) % (second - 1) + 1  # 0 < first < second: a non-trivial proof
    r1, r2 = tree_hash(store, first), tree_hash(store, second)
    good = consistency_proof(store, first, second)
    verify_consistency(first, second, r1, r2, good)
    at = data.draw(st.integers(0, len(good) - 1))
    bad = [
        (first, second, _flip(r1, bit), r2, good),
        (first, second, r1, _flip(r2, bit), good),
        (first, second, r2, r1, good),
        (first, second, r1, r2, [*good[:at], _flip(good[at], bit), *good[at + 1 :]]),
        (first, second, r1, r2, good[:-1]),  # truncated
        (first, second, r1, r2, [*good, r1]),
        (first, second, r1, r2, []),
    ]
    # Wrong sizes, each with the true root of that size (as a signed checkpoint gives).
    wrong_first = data.draw(st.integers(0, second).filter(lambda m: m != first))
    bad.append((wrong_first, second, tree_hash(store, wrong_first), r2, good))
    wrong_second = data.draw(st.integers(first, n).filter(lambda m: m != second))
    bad.append((first, wrong_second, r1, tree_hash(store, wrong_second), good))
    for f, s, a, b, p in bad:
        with pytest.raises(ProofError):
            verify_consistency(f, s, a, b, p)


def test_roots_agree_with_pymerkle_oracle() -> None:
    # pymerkle is a test-only oracle (never imported from src/): RFC 9162 roots must agree.
    pymerkle = pytest.importorskip("pymerkle")
    datas = _datas(1234, salt=7)
    tree = pymerkle.InmemoryTree(algorithm="sha256")
    store, size = MemoryHashStore(), 0
    for i, d in enumerate(datas):
        tree.append_entry(d)
        size, root = append_leaves(store, size, [d])
        if i % 97 == 0 or i == len(datas) - 1:
            assert root == tree.get_root()
    assert tree_hash(store, 1000) == tree.get_root(1000)
