"""A brute-force RFC 9162 reference: the recursive definitions typed straight from the RFC.

Deliberately naive and independent of the engine's stored-hash arithmetic.
"""

from __future__ import annotations

import hashlib
from functools import cache


def mth_factory(datas: list[bytes]):
    """MTH(D[lo:hi]) per RFC 9162 §2.1.1, memoised for one fixed list of entries."""

    @cache
    def mth(lo: int, hi: int) -> bytes:
        n = hi - lo
        if n == 0:
            return hashlib.sha256(b"").digest()
        if n == 1:
            return hashlib.sha256(b"\x00" + datas[lo]).digest()
        k = 1
        while k * 2 < n:
            k *= 2
        return hashlib.sha256(b"\x01" + mth(lo, lo + k) + mth(lo + k, hi)).digest()

    return mth


def largest_power_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def path(mth, m: int, lo: int, hi: int) -> list[bytes]:
    """PATH(m, D[lo:hi]) of §2.1.3.1 (m relative to lo)."""
    n = hi - lo
    if n <= 1:
        return []
    k = largest_power_below(n)
    if m < k:
        return [*path(mth, m, lo, lo + k), mth(lo + k, hi)]
    return [*path(mth, m - k, lo + k, hi), mth(lo, lo + k)]


def subproof(mth, m: int, lo: int, hi: int, b: bool) -> list[bytes]:
    """SUBPROOF(m, D[lo:hi], b) of §2.1.4.1 (m relative to lo)."""
    n = hi - lo
    if m == n:
        return [] if b else [mth(lo, hi)]
    k = largest_power_below(n)
    if m <= k:
        return [*subproof(mth, m, lo, lo + k, b), mth(lo + k, hi)]
    return [*subproof(mth, m - k, lo + k, hi, False), mth(lo, lo + k)]


def proof(mth, m: int, n: int) -> list[bytes]:
    """PROOF(m, D[0:n]) for 0 < m < n; empty for the trivial cases."""
    if m == 0 or m == n:
        return []
    return subproof(mth, m, 0, n, True)
