"""Inverted index over name-token keys, kept in flat numpy arrays.

Every name form is a *row*. Every distinct token gets keys: the token itself,
its consonant skeleton, and each one-letter deletion of it (a symmetric
deletion neighbourhood, so one typo on either side still shares a key).
Postings are one sorted int32 array sliced by a key pointer array, so a
million names cost a few hundred MB, not millions of Python objects.

A query collects candidates only from keys that are rare enough; frequent
keys ("mohammed", "al") are then checked by binary search against the
candidates alone, so the work grows with the candidates, not the list.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np
from numba import njit

from . import kernels
from .batch import TokenProperties
from .names import foreign_skeleton, skeleton

RARE_KEY_ROWS = 5_000  # keys with more rows than this only confirm candidates
RARE_AFFIX_ROWS = 200  # the same for the start and end keys, shared more widely
CANDIDATES = 60  # rows handed to the full scorer per query
TOKEN_MEMO_SIZE = 20_000  # query tokens whose key lookups an index remembers
# A key shared through the consonant skeleton or one edit says less than the token itself.
KEY_FACTOR = {"~": 0.6, "-": 0.8, ">": 0.4, "<": 0.4}
AFFIX = 5  # letters of the start and of the end of a long token that are keys too


def token_keys(token: str) -> list[str]:
    keys = [token]
    if not token.isdigit():
        sk = skeleton(token)
        if len(sk) >= 2:
            keys.append("~" + sk)
        if "v" in token or "p" in token:
            # As Arabic script writes a foreign v or p (ف, ب): its skeleton meets the
            # Arabic spelling's skeleton.
            keys.append("~" + foreign_skeleton(token))
        if len(token) >= 4:
            keys.extend({"-" + token[:i] + token[i + 1 :] for i in range(len(token))})
        if len(token) >= AFFIX + 1:
            # Long names keep their start or end through two edits or a different
            # transliteration of one sound (Zhinzhunaitski / Sinsunaichki).
            keys.extend((">" + token[:AFFIX], "<" + token[-AFFIX:]))
    return keys


def query_token_keys(token: str, vowelless: bool = False) -> list[str]:
    # The token itself also matches a list token that has one extra letter.
    keys = token_keys(token)
    if len(token) >= 3:
        keys.append("-" + token)
    if vowelless:
        # A vowel-less spelling may write one consonant the Latin spelling lacks
        # (v as f, a doubled letter): its skeleton minus one letter.
        sk = skeleton(token)
        if len(sk) >= 4:
            keys.extend({"~" + sk[:i] + sk[i + 1 :] for i in range(len(sk))})
    return keys


def _index_keys(token: str) -> list[str]:
    keys = token_keys(token)
    if len(token) >= 3:
        # A list token with one letter fewer than the query token: its plain form is a deletion.
        keys.append("-" + token)
    return keys


def key_hash(key: str) -> int:
    """Stable 32-bit key id (FNV-1a over the code points). A collision only adds a
    candidate; the scorer judges it. ``_index_key_hashes`` computes the same at build."""
    h = _FNV_OFFSET
    for char in key:
        h = ((h ^ ord(char)) * _FNV_PRIME) & 0xFFFFFFFF
    return h


_FNV_OFFSET, _FNV_PRIME = 0x811C9DC5, 0x01000193
_NO_MARK, _SKELETON, _EDIT, _START, _END = -1, ord("~"), ord("-"), ord(">"), ord("<")


@njit(cache=True)
def _fnv(mark: int, codes: np.ndarray, at: int, size: int, skip: int) -> int:
    """``key_hash`` of ``mark`` (if any) and ``codes[at:at + size]`` without the one at
    ``skip`` (-1: none)."""
    h = _FNV_OFFSET
    if mark >= 0:
        h = ((h ^ mark) * _FNV_PRIME) & 0xFFFFFFFF
    for k in range(size):
        if k != skip:
            h = ((h ^ codes[at + k]) * _FNV_PRIME) & 0xFFFFFFFF
    return h


@njit(cache=True)
def _index_key_hashes(
    codes: np.ndarray, starts: np.ndarray, digit: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``{key_hash(k) for k in _index_keys(token)}`` of every token (code points
    ``codes[starts[t]:starts[t + 1]]``), without writing the keys: the hashes of all
    tokens one after another, and how many each token has."""
    n = len(starts) - 1
    out = np.empty(len(codes) + 7 * n, np.uint32)
    counts = np.zeros(n, np.int64)
    longest = 1
    for t in range(n):
        longest = max(longest, starts[t + 1] - starts[t])
    skeleton = np.empty(longest, np.int32)
    pos = 0
    for t in range(n):
        at, size, begin = starts[t], starts[t + 1] - starts[t], pos
        out[pos] = _fnv(_NO_MARK, codes, at, size, -1)
        pos += 1
        if not digit[t]:
            m = kernels.skeleton_codes(codes, at, size, False, kernels.LOOSE, skeleton, 0)
            if m >= 2:
                out[pos] = _fnv(_SKELETON, skeleton, 0, m, -1)
                pos += 1
            for k in range(at, at + size):
                if codes[k] == 118 or codes[k] == 112:  # v or p
                    m = kernels.skeleton_codes(codes, at, size, False, kernels.FOREIGN, skeleton, 0)
                    out[pos] = _fnv(_SKELETON, skeleton, 0, m, -1)
                    pos += 1
                    break
            if size >= 4:
                for i in range(size):
                    out[pos] = _fnv(_EDIT, codes, at, size, i)
                    pos += 1
            if size >= AFFIX + 1:
                out[pos] = _fnv(_START, codes, at, AFFIX, -1)
                out[pos + 1] = _fnv(_END, codes, at + size - AFFIX, AFFIX, -1)
                pos += 2
        if size >= 3:
            out[pos] = _fnv(_EDIT, codes, at, size, -1)
            pos += 1
        # One hash per distinct key, as the set of keys has.
        distinct = np.unique(out[begin:pos])
        out[begin : begin + len(distinct)] = distinct
        pos = begin + len(distinct)
        counts[t] = len(distinct)
    return out[:pos], counts


# A query token's rare rows, their best key factors, and its frequent keys' postings.
_TokenPostings = tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, float]]]


class TokenIndex:
    """Rows of name forms, searchable by token keys."""

    def __init__(
        self,
        text: list[str],
        occ_tok: np.ndarray,
        occ_row: np.ndarray,
        tokens: TokenProperties | None = None,
    ) -> None:
        """``text[occ_tok[k]]`` is a token of row ``occ_row[k]`` (rows ascending);
        ``tokens``: the properties of ``text``, if already computed."""
        self.size = int(occ_row[-1]) + 1 if len(occ_row) else 0
        # One occurrence per (token, row): a name repeating a token needs one posting.
        pairs = np.unique(occ_tok.astype(np.int64) << 32 | occ_row.astype(np.int64))
        toks = (pairs >> 32).astype(np.int32)
        rows = (pairs & 0xFFFFFFFF).astype(np.uint32)
        del pairs
        if tokens is None:
            tokens = TokenProperties(text)
        tok_key_arr, tok_nkeys = _index_key_hashes(tokens.codes, tokens.starts, tokens.digit)
        tok_ptr = np.concatenate(([0], np.cumsum(tok_nkeys)))
        lens = tok_nkeys[toks]
        total = int(lens.sum())
        # For each occurrence, the positions of its token's keys in tok_key_arr.
        offsets = np.repeat(tok_ptr[toks] - np.cumsum(lens) + lens, lens)
        offsets += np.arange(total)
        # Pack (key hash, row) into one uint64 and sort in place: no separate order array.
        packed = tok_key_arr[offsets].astype(np.uint64)
        del offsets
        packed <<= np.uint64(32)
        packed |= np.repeat(rows, lens)
        del lens, toks, rows
        packed.sort()
        hashes = (packed >> np.uint64(32)).astype(np.uint32)
        first = np.ones(min(len(hashes), 1), dtype=bool)
        starts = np.flatnonzero(np.concatenate((first, hashes[1:] != hashes[:-1])))
        self.key_hashes = hashes[starts]
        del hashes
        self.key_ptr = np.append(starts, len(packed)).astype(np.int64)
        self.postings = (packed & np.uint64(0xFFFFFFFF)).astype(np.int32)

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[str, ...]]) -> TokenIndex:
        """The index of rows given as token tuples."""
        vocab: dict[str, int] = {}
        occ_tok = array("i")
        occ_row = array("i")
        for row, tokens in enumerate(rows):
            for tok in tokens:
                occ_tok.append(vocab.setdefault(tok, len(vocab)))
                occ_row.append(row)
        return cls(
            list(vocab),
            np.frombuffer(occ_tok, dtype=np.int32),
            np.frombuffer(occ_row, dtype=np.int32),
        )

    def postings_for(self, key: str) -> np.ndarray | None:
        h = np.uint32(key_hash(key))  # same dtype: no conversion of the whole array
        i = int(np.searchsorted(self.key_hashes, h))
        if i >= len(self.key_hashes) or self.key_hashes[i] != h:
            return None
        return self.postings[self.key_ptr[i] : self.key_ptr[i + 1]]

    def _token_postings(self, token: str, vowelless: bool) -> _TokenPostings:
        """A query token's rare rows with their best key factor, and its frequent keys'
        postings. Remembered per token (a batch of queries repeats given names and
        company words): the keys are hashed and looked up once."""
        memo: dict[tuple[str, bool], _TokenPostings] = self.__dict__.setdefault("_token_memo", {})
        found = memo.get((token, vowelless))
        if found is not None:
            return found
        small: list[tuple[np.ndarray, float]] = []
        big: list[tuple[np.ndarray, float]] = []
        for key in query_token_keys(token, vowelless):
            postings = self.postings_for(key)
            if postings is None:
                continue
            factor = KEY_FACTOR.get(key[0], 1.0)
            rare_rows = RARE_AFFIX_ROWS if key[0] in "<>" else RARE_KEY_ROWS
            (small if len(postings) <= rare_rows else big).append((postings, factor))
        rows, factors = _closest(small)
        if len(memo) >= TOKEN_MEMO_SIZE:
            memo.clear()
        memo[(token, vowelless)] = found = (rows, factors, big)
        return found

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_token_memo", None)  # a cache: never pickled
        return state

    def candidates(
        self, tokens: Iterable[tuple[str, float]], limit: int = CANDIDATES, vowelless: bool = False
    ) -> np.ndarray:
        """Rows sharing keys with the weighted query tokens, best-supported first."""
        return self.supported(tokens, limit, vowelless)[0]

    def supported(
        self, tokens: Iterable[tuple[str, float]], limit: int = CANDIDATES, vowelless: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Candidate rows and their support: for each query token, its weight times how
        closely the row carries it (the token itself, one edit away, same consonants)."""
        rare: list[np.ndarray] = []
        fallback: list[np.ndarray] = []
        per_token: list[tuple[float, np.ndarray, np.ndarray, list[tuple[np.ndarray, float]]]] = []
        for token, weight in tokens:
            rows, factors, big = self._token_postings(token, vowelless)
            if len(rows):
                rare.append(rows)
            if big:
                fallback.append(min((p for p, _ in big), key=len))
            per_token.append((weight, rows, factors, big))
        if rare:
            cand = _union(rare, self.size)
        elif len(fallback) >= 2:
            # Every token is common: rows carrying the two rarest together.
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


def _union(arrays: list[np.ndarray], size: int) -> np.ndarray:
    """The sorted distinct rows of several row arrays (rows below ``size``)."""
    total = sum(len(a) for a in arrays)
    if total * 16 < size:
        return np.unique(np.concatenate(arrays))
    seen = np.zeros(size, dtype=bool)  # a mark per row beats sorting many postings
    for a in arrays:
        seen[a] = True
    return np.flatnonzero(seen).astype(np.int32)


def _closest(postings: list[tuple[np.ndarray, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of several postings lists, each with its best key factor."""
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
    """For each candidate: its position in the sorted, non-empty ``rows`` and whether
    it is there."""
    pos = np.minimum(np.searchsorted(rows, cand), len(rows) - 1)
    return pos, rows[pos] == cand
