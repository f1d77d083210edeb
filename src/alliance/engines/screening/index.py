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
from collections.abc import Iterable, Sequence

import numpy as np

from .names import skeleton

RARE_KEY_ROWS = 5_000  # keys with more rows than this only confirm candidates
CANDIDATES = 150  # rows handed to the full scorer per query


def token_keys(token: str) -> list[str]:
    keys = [token]
    if not token.isdigit():
        sk = skeleton(token)
        if len(sk) >= 2:
            keys.append("~" + sk)
        if len(token) >= 4:
            keys.extend({"-" + token[:i] + token[i + 1 :] for i in range(len(token))})
    return keys


def query_token_keys(token: str) -> list[str]:
    # The token itself also matches a list token that has one extra letter.
    keys = token_keys(token)
    if len(token) >= 3:
        keys.append("-" + token)
    return keys


def _index_keys(token: str) -> list[str]:
    keys = token_keys(token)
    if len(token) >= 4:
        # A list token with one letter fewer than the query token: its plain form is a deletion.
        keys.append("-" + token)
    return keys


class TokenIndex:
    """Rows of name forms, searchable by token keys."""

    def __init__(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.size = len(rows)
        vocab: dict[str, int] = {}
        occ_tok = array("i")
        occ_row = array("i")
        for row, tokens in enumerate(rows):
            for tok in set(tokens):
                tid = vocab.get(tok)
                if tid is None:
                    tid = vocab[tok] = len(vocab)
                occ_tok.append(tid)
                occ_row.append(row)
        self.keys: dict[str, int] = {}
        tok_keys = array("i")
        tok_nkeys = np.zeros(len(vocab), dtype=np.int64)
        for tok, tid in vocab.items():
            ks = set(_index_keys(tok))
            tok_nkeys[tid] = len(ks)
            for k in ks:
                kid = self.keys.get(k)
                if kid is None:
                    kid = self.keys[k] = len(self.keys)
                tok_keys.append(kid)
        tok_key_arr = np.frombuffer(tok_keys, dtype=np.int32)
        tok_ptr = np.concatenate(([0], np.cumsum(tok_nkeys)))
        toks = np.frombuffer(occ_tok, dtype=np.int32)
        lens = tok_nkeys[toks]
        total = int(lens.sum())
        # For each occurrence, the positions of its token's keys in tok_key_arr.
        offsets = np.repeat(tok_ptr[toks] - np.cumsum(lens) + lens, lens)
        offsets += np.arange(total)
        # Pack (key, row) into one int64 and sort in place: no separate order array.
        packed = tok_key_arr[offsets].astype(np.int64)
        del offsets
        packed <<= 32
        packed |= np.repeat(np.frombuffer(occ_row, dtype=np.int32), lens)
        del lens, occ_tok, occ_row
        packed.sort()
        counts = np.bincount((packed >> 32).astype(np.int32), minlength=len(self.keys))
        self.postings = (packed & 0xFFFFFFFF).astype(np.int32)
        del packed
        self.key_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    def postings_for(self, key: str) -> np.ndarray | None:
        kid = self.keys.get(key)
        if kid is None:
            return None
        return self.postings[self.key_ptr[kid] : self.key_ptr[kid + 1]]

    def candidates(
        self, tokens: Iterable[tuple[str, float]], limit: int = CANDIDATES
    ) -> np.ndarray:
        """Rows sharing keys with the weighted query tokens, best-supported first."""
        rare: list[np.ndarray] = []
        rare_weights: list[np.ndarray] = []
        frequent: list[tuple[list[np.ndarray], float]] = []
        fallback: list[np.ndarray] = []
        for token, weight in tokens:
            lists = [p for k in query_token_keys(token) if (p := self.postings_for(k)) is not None]
            small = [p for p in lists if len(p) <= RARE_KEY_ROWS]
            big = [p for p in lists if len(p) > RARE_KEY_ROWS]
            if small:
                rows = np.unique(np.concatenate(small))
                rare.append(rows)
                rare_weights.append(np.full(len(rows), weight))
            if big:
                frequent.append((big, weight))
                fallback.append(min(big, key=len))
        if rare:
            rows = np.concatenate(rare)
            weights = np.concatenate(rare_weights)
        elif len(fallback) >= 2:
            # Every token is common: rows carrying the two rarest together.
            a, b = sorted(fallback, key=len)[:2]
            rows = np.intersect1d(a, b)
            weights = np.zeros(len(rows))
        elif fallback:
            rows = fallback[0][: limit * 20]
            weights = np.zeros(len(rows))
        else:
            return np.empty(0, dtype=np.int32)
        cand, inverse = np.unique(rows, return_inverse=True)
        support = np.bincount(inverse, weights=weights, minlength=len(cand))
        for lists, weight in frequent:
            hit = np.zeros(len(cand), dtype=bool)
            for p in lists:
                pos = np.searchsorted(p, cand)
                pos[pos >= len(p)] = len(p) - 1
                hit |= p[pos] == cand
            support += hit * weight
        if len(cand) > limit:
            top = np.argpartition(-support, limit)[:limit]
            cand, support = cand[top], support[top]
        return cand[np.argsort(-support, kind="stable")]
