"""Proof verification exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency)."""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from alliance.engines.merkle.hashing import HASH_SIZE, node_hash


class ProofError(ValueError):
    """A proof does not verify; the message says why."""


def _check_hashes(proof: Sequence[bytes], *more: bytes) -> None:
    if any(len(h) != HASH_SIZE for h in (*proof, *more)):
        raise ProofError("every hash must be 32 bytes")


def root_from_inclusion_proof(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes]
) -> bytes:
    """Steps 1-4 of §2.1.3.2: the root implied by a leaf hash and its inclusion path."""
    _check_hashes(proof, leaf_hash)
    if index < 0 or index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    fn, sn = index, size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ``ProofError`` unless ``proof`` shows leaf ``index`` is in the tree with ``root``."""
    computed = root_from_inclusion_proof(index, size, leaf_hash, proof)
    if len(root) != HASH_SIZE or not hmac.compare_digest(computed, root):
        raise ProofError("inclusion proof does not lead to the root hash")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise ``ProofError`` unless ``proof`` shows tree ``first`` is a prefix of tree ``second``."""
    _check_hashes(proof, first_root, second_root)
    if first < 0 or first > second:
        raise ProofError(f"first size {first} is not within second size {second}")
    if first == second:
        # Same size: the trees must be the same tree and no proof is needed.
        if proof:
            raise ProofError("consistency proof between equal sizes must be empty")
        if not hmac.compare_digest(first_root, second_root):
            raise ProofError("same tree size but different root hashes (fork)")
        return
    if first == 0:
        # The empty tree is a prefix of every tree.
        if proof:
            raise ProofError("consistency proof from the empty tree must be empty")
        return
    # From here on 0 < first < second: §2.1.4.2 step by step.
    if not proof:
        raise ProofError("consistency proof is empty")
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if not hmac.compare_digest(fr, first_root):
        raise ProofError("consistency proof does not lead to the first root hash")
    if not hmac.compare_digest(sr, second_root):
        raise ProofError("consistency proof does not lead to the second root hash")
