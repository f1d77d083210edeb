"""Known-answer tests from the RFC 6962/9162 vectors used by Go implementations.

Vectors re-typed from transparency-dev/merkle, proof/verify_test.go (Apache-2.0),
which inherited them from google/certificate-transparency-go: leaves, roots for
sizes 1..8, inclusion proofs (1-based leaf numbers there, 0-based here) and
consistency proofs.
"""

from __future__ import annotations

import pytest

from alliance.engines.merkle import (
    EMPTY_ROOT,
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

LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]

ROOTS = [
    bytes.fromhex(h)
    for h in [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]

# (0-based leaf index, tree size, proof)
INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

# (first size, second size, proof)
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


def _store() -> MemoryHashStore:
    store = MemoryHashStore()
    append_leaves(store, 0, LEAVES)
    return store


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert tree_hash(MemoryHashStore(), 0) == EMPTY_ROOT
    assert root_of([]) == EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_for_sizes_one_to_eight(size: int) -> None:
    assert tree_hash(_store(), size) == ROOTS[size - 1]
    assert root_of(LEAVES[:size]) == ROOTS[size - 1]


def test_one_leaf_at_a_time_gives_the_same_roots() -> None:
    store = MemoryHashStore()
    size = 0
    for data in LEAVES:
        size, root = append_leaves(store, size, [data])
        assert root == ROOTS[size - 1]
    assert store.hashes == _store().hashes


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_proof_vectors(index: int, size: int, proof: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in proof]
    assert inclusion_proof(_store(), index, size) == expected
    verify_inclusion(index, size, leaf_hash(LEAVES[index]), expected, ROOTS[size - 1])


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_consistency_proof_vectors(first: int, second: int, proof: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in proof]
    assert consistency_proof(_store(), first, second) == expected
    verify_consistency(first, second, ROOTS[first - 1], ROOTS[second - 1], expected)


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY[1:])
def test_corrupted_consistency_vectors_fail(first: int, second: int, proof: list[str]) -> None:
    good = [bytes.fromhex(h) for h in proof]
    r1, r2 = ROOTS[first - 1], ROOTS[second - 1]
    flipped = [bytes([good[0][0] ^ 16]) + good[0][1:], *good[1:]]
    probes = [
        (first - 1, second, r1, r2, good),
        (first + 1, second, r1, r2, good),
        (first ^ 2, second, r1, r2, good),
        (first, second * 2, r1, r2, good),
        (first, second // 2, r1, r2, good),
        (first, second, r2, r1, good),
        (first, second, r1, r2, []),
        (first, second, r1, r2, [*good, r1]),
        (first, second, r1, r2, [r2, *good]),
        (first, second, r1, r2, [good[0], *good]),
        (first, second, r1, r2, good[:-1]),
        (first, second, r1, r2, flipped),
    ]
    for f, s, a, b, p in probes:
        if f == first and s == second and a == r1 and b == r2 and p == good:
            continue
        with pytest.raises(ProofError):
            verify_consistency(f, s, a, b, p)


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION[1:])
def test_corrupted_inclusion_vectors_fail(index: int, size: int, proof: list[str]) -> None:
    good = [bytes.fromhex(h) for h in proof]
    root, leaf = ROOTS[size - 1], leaf_hash(LEAVES[index])
    some_hash = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [
        (index - 1, size, leaf, good, root),
        (index + 1, size, leaf, good, root),
        (index ^ 2, size, leaf, good, root),
        (index, size * 2, leaf, good, root),
        (index, size // 2, leaf, good, root),
        (index, size, leaf_hash(b"WrongLeaf"), good, root),
        (index, size, leaf, good, EMPTY_ROOT),
        (index, size, leaf, good, some_hash),
        (index, size, leaf, [*good, root], root),
        (index, size, leaf, [root, *good], root),
        (index, size, leaf, good[:-1], root),
    ]
    for i in range(len(good)):
        bad = list(good)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        probes.append((index, size, leaf, bad, root))
    for i, s, lh, p, r in probes:
        with pytest.raises(ProofError):
            verify_inclusion(i, s, lh, p, r)


def test_trivial_consistency_cases() -> None:
    verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    verify_consistency(0, 5, EMPTY_ROOT, ROOTS[4], [])
    verify_consistency(3, 3, ROOTS[2], ROOTS[2], [])
    with pytest.raises(ProofError):
        verify_consistency(3, 3, ROOTS[2], ROOTS[3], [])  # same size, other root: a fork
    with pytest.raises(ProofError):
        verify_consistency(3, 3, ROOTS[2], ROOTS[2], [EMPTY_ROOT])
    with pytest.raises(ProofError):
        verify_consistency(4, 3, ROOTS[3], ROOTS[2], [])  # time travel
    with pytest.raises(ProofError):
        verify_consistency(1, 2, ROOTS[0], ROOTS[1], [])


def test_bad_arguments_to_proof_generation() -> None:
    store = _store()
    with pytest.raises(ValueError, match="not in a tree"):
        inclusion_proof(store, 8, 8)
    with pytest.raises(ValueError, match="larger"):
        consistency_proof(store, 5, 4)
    with pytest.raises(LookupError):
        tree_hash(store, 9)
