"""Tree head, appends and proofs over a ``HashStore`` with O(log n) reads per operation.

Storage layout follows the idea of Go's ``golang.org/x/mod/sumdb/tlog``: the
hash of every *complete* subtree (``level`` = log2 of its leaf count, ``n`` = its
position at that level) gets a dense stored index, written right after the leaf
that completes it. Appending leaf ``i`` therefore writes 1 + trailing-ones(i)
hashes at contiguous indexes, and any subtree of the RFC 9162 tree is the
right-fold of at most log2(n) stored hashes. (Own implementation; only the
indexing idea is borrowed.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from alliance.engines.merkle.hashing import EMPTY_ROOT, leaf_hash, node_hash
from alliance.engines.merkle.store import HashStore

# A half-open leaf range [lo, hi) of the tree.
LeafRange = tuple[int, int]


def stored_hash_count(size: int) -> int:
    """How many hashes a tree of ``size`` leaves has stored: 2*size - popcount(size)."""
    return 2 * size - size.bit_count()


def stored_hash_index(level: int, n: int) -> int:
    """Stored index of the complete subtree (level, n): leaves [n*2^level, (n+1)*2^level)."""
    last_leaf = ((n + 1) << level) - 1
    # The subtree is the ``level``-th hash written after its last leaf's own hash.
    return stored_hash_count(last_leaf) + level


def complete_subtrees(lo: int, hi: int) -> list[tuple[int, int]]:
    """Split [lo, hi) into maximal aligned complete subtrees (level, n), left to right.

    For the ranges RFC 9162 uses (``lo`` aligned to a power of two at least
    ``hi - lo``) the sizes strictly decrease, so the range's MTH is the
    right-fold of the pieces.
    """
    pieces = []
    while lo < hi:
        size = lo & -lo if lo else 1 << (hi - lo).bit_length()
        while size > hi - lo:
            size >>= 1
        level = size.bit_length() - 1
        pieces.append((level, lo >> level))
        lo += size
    return pieces


def _fold(hashes: Sequence[bytes]) -> bytes:
    root = hashes[-1]
    for h in reversed(hashes[:-1]):
        root = node_hash(h, root)
    return root


def _range_indexes(lo: int, hi: int) -> list[int]:
    """Stored indexes of the complete subtrees making up [lo, hi)."""
    width = hi - lo
    if width & (width - 1) == 0 and lo % width == 0:
        # Common case: the range is itself one complete subtree.
        level = width.bit_length() - 1
        return [stored_hash_index(level, lo >> level)]
    return [stored_hash_index(lv, n) for lv, n in complete_subtrees(lo, hi)]


def _range_hashes(store: HashStore, ranges: Sequence[LeafRange]) -> list[bytes]:
    """MTH of each range, reading every needed stored hash in one batch."""
    plans = [_range_indexes(lo, hi) for lo, hi in ranges]
    wanted = [i for plan in plans for i in plan]  # distinct: the ranges never overlap
    got = dict(zip(wanted, store.read_hashes(wanted), strict=True))
    return [got[plan[0]] if len(plan) == 1 else _fold([got[i] for i in plan]) for plan in plans]


def _check_size(index: int, size: int) -> None:
    if size < 0 or index < 0:
        raise ValueError("sizes and indexes must be non-negative")


def tree_hash(store: HashStore, size: int) -> bytes:
    """The root hash MTH(D[0:size]) (RFC 9162 §2.1.1), from at most log2(size) stored hashes."""
    _check_size(0, size)
    if size == 0:
        return EMPTY_ROOT
    return _range_hashes(store, [(0, size)])[0]


def _frontier(store: HashStore, size: int) -> list[bytes]:
    """Hashes of the complete subtrees that make up [0, size), largest first."""
    indexes = [stored_hash_index(lv, n) for lv, n in complete_subtrees(0, size)]
    return store.read_hashes(indexes) if indexes else []


def append_leaves(store: HashStore, size: int, leaf_datas: Iterable[bytes]) -> tuple[int, bytes]:
    """Append entries to a tree of ``size`` leaves; return ``(new_size, new_root)``.

    Reads popcount(size) <= log2(size) stored hashes and writes 1 + trailing-ones
    hashes per leaf, all in one ``append_hashes`` call (executemany for SQL).
    """
    _check_size(0, size)
    frontier = _frontier(store, size)
    new_hashes: list[bytes] = []
    add = new_hashes.append
    i = size
    for data in leaf_datas:
        h = leaf_hash(data)
        add(h)
        # Each trailing 1 bit of i closes a complete subtree with its left sibling.
        bits = i
        while bits & 1:
            h = node_hash(frontier.pop(), h)
            add(h)
            bits >>= 1
        frontier.append(h)
        i += 1
    if i > size:
        store.append_hashes(stored_hash_count(size), new_hashes)
    return i, (_fold(frontier) if frontier else EMPTY_ROOT)


def root_of(leaf_datas: Iterable[bytes]) -> bytes:
    """MTH of a whole list of entries in O(n) time and O(log n) memory (offline verifier)."""
    frontier: list[bytes] = []
    for i, data in enumerate(leaf_datas):
        h = leaf_hash(data)
        bits = i
        while bits & 1:
            h = node_hash(frontier.pop(), h)
            bits >>= 1
        frontier.append(h)
    return _fold(frontier) if frontier else EMPTY_ROOT


def _largest_power_of_two_below(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def inclusion_ranges(index: int, size: int) -> list[LeafRange]:
    """The subtrees of PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), leaf side first."""
    out: list[LeafRange] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _largest_power_of_two_below(hi - lo)
        if index - lo < k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo = lo + k
    out.reverse()
    return out


def consistency_ranges(first: int, second: int) -> list[LeafRange]:
    """The subtrees of PROOF(first, D[0:second]) = SUBPROOF(first, D[0:second], true) (§2.1.4.1)."""
    out: list[LeafRange] = []
    if first == 0 or first == second:
        return out
    lo, hi, whole = 0, second, True
    while True:
        if first == hi:
            if not whole:
                out.append((lo, hi))
            break
        k = _largest_power_of_two_below(hi - lo)
        if first - lo <= k:
            out.append((lo + k, hi))
            hi = lo + k
        else:
            out.append((lo, lo + k))
            lo, whole = lo + k, False
    out.reverse()
    return out


def inclusion_proof(store: HashStore, index: int, size: int) -> list[bytes]:
    """Inclusion proof for leaf ``index`` in the tree of ``size`` leaves, RFC 9162 order."""
    _check_size(index, size)
    if index >= size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    return _range_hashes(store, inclusion_ranges(index, size))


def consistency_proof(store: HashStore, first: int, second: int) -> list[bytes]:
    """Consistency proof between tree sizes ``first`` <= ``second``, RFC 9162 order."""
    _check_size(first, second)
    if first > second:
        raise ValueError(f"first size {first} is larger than second size {second}")
    return _range_hashes(store, consistency_ranges(first, second))
