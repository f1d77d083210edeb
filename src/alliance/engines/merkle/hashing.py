"""RFC 9162 §2.1.1 hashing: domain-separated SHA-256 for leaves and interior nodes."""

from __future__ import annotations

import hashlib

HASH_SIZE = 32
# MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SHA-256(0x00 || d)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node = SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()
