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
from numba import njit

from . import kernels
from .batch import TokenProperties
from .names import foreign_skeleton, skeleton

RARE_KEY_ROWS = 5_000  # keys with more rows than this only confirm candidates
RARE_AFFIX_ROWS = 200  # the same for the start and end keys, shared more widely
CANDIDATES = 60  # rows handed to the full scorer per query
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
        return self.supported_many([(list(tokens), vowelless)], limit)[0]

    def supported_many(
        self, queries: Sequence[tuple[Sequence[tuple[str, float]], bool]], limit: int = CANDIDATES
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """``supported`` of many queries (weighted tokens, vowel-less) at once.

        The distinct (token, vowel-less) pairs of the batch get their keys hashed by one
        kernel and looked up by one ``searchsorted``; a second kernel unites and weighs
        the postings of every query. Only the final cut to ``limit`` runs per query.
        """
        distinct: dict[tuple[str, bool], int] = {}
        q_tok = array("q")
        q_weight = array("d")
        q_ptr = np.zeros(len(queries) + 1, np.int64)
        for n, (tokens, vowelless) in enumerate(queries):
            for token, weight in tokens:
                q_tok.append(distinct.setdefault((token, bool(vowelless)), len(distinct)))
                q_weight.append(weight)
            q_ptr[n + 1] = len(q_tok)
        keys = self._looked_up(list(distinct))
        cand, support, out_ptr = _supported_rows(
            self.postings, self.key_ptr, *keys, q_ptr,
            np.frombuffer(q_tok, np.int64) if q_tok else np.zeros(0, np.int64),
            np.frombuffer(q_weight, np.float64) if q_weight else np.zeros(0),
            limit, *self._scratch(),
        )  # fmt: skip
        out: list[tuple[np.ndarray, np.ndarray]] = []
        for n in range(len(queries)):
            rows = cand[out_ptr[n] : out_ptr[n + 1]]
            held = support[out_ptr[n] : out_ptr[n + 1]]
            if len(rows) > limit:
                top = np.argpartition(-held, limit)[:limit]
                rows, held = rows[top], held[top]
            order = np.argsort(-held, kind="stable")
            out.append((rows[order], held[order]))
        return out

    def _looked_up(
        self, tokens: list[tuple[str, bool]]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The keys of query tokens that the index holds: per token a slice (pointers)
        of key positions in ``key_hashes``, their key factors and whether they are rare
        (their rows are candidates; a frequent key only confirms)."""
        text = [t for t, _ in tokens]
        count = len(text)
        lengths = np.fromiter(map(len, text), np.int64, count)
        starts = np.zeros(count + 1, np.int64)
        np.cumsum(lengths, out=starts[1:])
        codes = np.frombuffer("".join(text).encode("utf-32-le", "surrogatepass"), np.int32)
        digit = np.fromiter(map(str.isdigit, text), bool, count)
        vowelless = np.fromiter((v for _, v in tokens), bool, count)
        hashes, marks, counts = _query_key_hashes(codes, starts, digit, vowelless)
        pos = np.searchsorted(self.key_hashes, hashes)
        pos = np.minimum(pos, max(len(self.key_hashes) - 1, 0))
        found = self.key_hashes[pos] == hashes if len(self.key_hashes) else np.zeros(0, bool)
        owner = np.repeat(np.arange(count), counts)[found]
        pos, marks = pos[found], marks[found]
        sizes = self.key_ptr[pos + 1] - self.key_ptr[pos]
        rare = sizes <= np.where(marks == _AFFIX_KEY, RARE_AFFIX_ROWS, RARE_KEY_ROWS)
        ptr = np.zeros(count + 1, np.int64)
        np.cumsum(np.bincount(owner, minlength=count), out=ptr[1:])
        return ptr, pos.astype(np.int64), _MARK_FACTOR[marks], rare

    def _scratch(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-row work arrays of the candidate kernel, which leaves them as it found them."""
        scratch = self.__dict__.get("_work")
        if scratch is None:
            size = max(self.size, 1)
            scratch = (np.zeros(size, bool), np.zeros(size), np.empty(size, np.int32))
            self.__dict__["_work"] = scratch
        return scratch

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_work", None)  # work arrays: never pickled
        return state


# Key classes the query kernel writes, and their factors (KEY_FACTOR by mark).
_PLAIN_KEY, _SKELETON_KEY, _EDIT_KEY, _AFFIX_KEY = 0, 1, 2, 3
_MARK_FACTOR = np.array([1.0, KEY_FACTOR["~"], KEY_FACTOR["-"], KEY_FACTOR[">"]])
assert KEY_FACTOR[">"] == KEY_FACTOR["<"]


@njit(cache=True)
def _query_key_hashes(
    codes: np.ndarray, starts: np.ndarray, digit: np.ndarray, vowelless: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``key_hash`` of every key of ``query_token_keys(token, vowelless)``, in its order,
    for every token (code points ``codes[starts[t]:starts[t + 1]]``): the hashes one
    token after another, each key's class (``_PLAIN_KEY``...) and each token's count."""
    n = len(starts) - 1
    out = np.empty(2 * len(codes) + 8 * n, np.uint32)
    marks = np.empty(len(out), np.int8)
    counts = np.zeros(n, np.int64)
    longest = 1
    for t in range(n):
        longest = max(longest, starts[t + 1] - starts[t])
    skeleton = np.empty(longest, np.int32)
    pos = 0
    for t in range(n):
        at, size, begin = starts[t], starts[t + 1] - starts[t], pos
        out[pos], marks[pos] = _fnv(_NO_MARK, codes, at, size, -1), _PLAIN_KEY
        pos += 1
        if not digit[t]:
            m = kernels.skeleton_codes(codes, at, size, False, kernels.LOOSE, skeleton, 0)
            if m >= 2:
                out[pos], marks[pos] = _fnv(_SKELETON, skeleton, 0, m, -1), _SKELETON_KEY
                pos += 1
            for k in range(at, at + size):
                if codes[k] == 118 or codes[k] == 112:  # v or p
                    m = kernels.skeleton_codes(codes, at, size, False, kernels.FOREIGN, skeleton, 0)
                    out[pos], marks[pos] = _fnv(_SKELETON, skeleton, 0, m, -1), _SKELETON_KEY
                    pos += 1
                    break
            if size >= 4:
                for i in range(size):
                    out[pos], marks[pos] = _fnv(_EDIT, codes, at, size, i), _EDIT_KEY
                    pos += 1
            if size >= AFFIX + 1:
                out[pos], marks[pos] = _fnv(_START, codes, at, AFFIX, -1), _AFFIX_KEY
                out[pos + 1] = _fnv(_END, codes, at + size - AFFIX, AFFIX, -1)
                marks[pos + 1] = _AFFIX_KEY
                pos += 2
        if size >= 3:
            out[pos], marks[pos] = _fnv(_EDIT, codes, at, size, -1), _EDIT_KEY
            pos += 1
        if vowelless[t]:
            m = kernels.skeleton_codes(codes, at, size, digit[t], kernels.LOOSE, skeleton, 0)
            if m >= 4:
                for i in range(m):
                    out[pos], marks[pos] = _fnv(_SKELETON, skeleton, 0, m, i), _SKELETON_KEY
                    pos += 1
        counts[t] = pos - begin
    return out[:pos], marks[:pos], counts


@njit(cache=True)
def _supported_rows(
    postings: np.ndarray,
    key_ptr: np.ndarray,
    tok_ptr: np.ndarray,
    key_pos: np.ndarray,
    key_factor: np.ndarray,
    key_rare: np.ndarray,
    q_ptr: np.ndarray,
    q_tok: np.ndarray,
    q_weight: np.ndarray,
    limit: int,
    seen: np.ndarray,
    best: np.ndarray,
    buf: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each query (tokens ``q_tok[q_ptr[q]:q_ptr[q + 1]]``, weights ``q_weight``):
    its candidate rows, ascending, and their support; concatenated, with pointers.

    Candidates: the rows of the rare keys of any token; if none, the rows two tokens'
    smallest frequent keys share; if one token only, the first ``limit * 20`` rows of
    its smallest frequent key. Support: the sum over tokens of the weight times the
    best factor of the token's keys carrying the row (in token order, as numpy adds).
    Scratch, one entry per row, left as found: ``seen`` (False), ``best`` (0), ``buf``.
    """
    n_queries = len(q_ptr) - 1
    out_ptr = np.zeros(n_queries + 1, np.int64)
    cap = 1024
    cand_all = np.empty(cap, np.int32)
    supp_all = np.empty(cap)
    fallback = np.empty(max(q_ptr[-1] - q_ptr[0], 1), np.int64)  # key positions
    for q in range(n_queries):
        m = 0
        for u in range(q_ptr[q], q_ptr[q + 1]):
            t = q_tok[u]
            for k in range(tok_ptr[t], tok_ptr[t + 1]):
                if key_rare[k]:
                    p = key_pos[k]
                    for r in postings[key_ptr[p] : key_ptr[p + 1]]:
                        if not seen[r]:
                            seen[r] = True
                            buf[m] = r
                            m += 1
        if m > 0:
            cand = np.sort(buf[:m])
            for i in range(m):
                seen[buf[i]] = False
        else:
            # Every token is common: each token's smallest frequent key (the first of
            # the smallest).
            nf = 0
            for u in range(q_ptr[q], q_ptr[q + 1]):
                t = q_tok[u]
                smallest = -1
                for k in range(tok_ptr[t], tok_ptr[t + 1]):
                    p = key_pos[k]
                    length = key_ptr[p + 1] - key_ptr[p]
                    if smallest < 0 or length < key_ptr[smallest + 1] - key_ptr[smallest]:
                        smallest = p
                if smallest >= 0:
                    fallback[nf] = smallest
                    nf += 1
            if nf >= 2:
                lengths = key_ptr[fallback[:nf] + 1] - key_ptr[fallback[:nf]]
                two = np.argsort(lengths, kind="mergesort")[:2]
                a, b = fallback[two[0]], fallback[two[1]]
                cand = _intersection(
                    postings[key_ptr[a] : key_ptr[a + 1]], postings[key_ptr[b] : key_ptr[b + 1]]
                )
            elif nf == 1:
                a = fallback[0]
                first = postings[key_ptr[a] : min(key_ptr[a + 1], key_ptr[a] + limit * 20)]
                cand = _distinct_sorted(np.sort(first))
            else:
                cand = np.empty(0, np.int32)
        support = np.zeros(len(cand))
        for u in range(q_ptr[q], q_ptr[q + 1]):
            t = q_tok[u]
            for k in range(tok_ptr[t], tok_ptr[t + 1]):
                p, f = key_pos[k], key_factor[k]
                rows = postings[key_ptr[p] : key_ptr[p + 1]]
                if len(rows) <= 4 * len(cand):
                    for r in rows:
                        if f > best[r]:
                            best[r] = f
                else:
                    for i in range(len(cand)):
                        r = cand[i]
                        j = np.searchsorted(rows, r)
                        if j < len(rows) and rows[j] == r and f > best[r]:
                            best[r] = f
            weight = q_weight[u]
            for i in range(len(cand)):
                support[i] += weight * best[cand[i]]
            for k in range(tok_ptr[t], tok_ptr[t + 1]):
                p = key_pos[k]
                rows = postings[key_ptr[p] : key_ptr[p + 1]]
                if len(rows) <= 4 * len(cand):
                    for r in rows:
                        best[r] = 0.0
            for i in range(len(cand)):
                best[cand[i]] = 0.0
        end = out_ptr[q] + len(cand)
        if end > cap:
            while end > cap:
                cap *= 2
            grown = np.empty(cap, np.int32)
            grown[: out_ptr[q]] = cand_all[: out_ptr[q]]
            cand_all = grown
            grown_s = np.empty(cap)
            grown_s[: out_ptr[q]] = supp_all[: out_ptr[q]]
            supp_all = grown_s
        cand_all[out_ptr[q] : end] = cand
        supp_all[out_ptr[q] : end] = support
        out_ptr[q + 1] = end
    return cand_all[: out_ptr[-1]], supp_all[: out_ptr[-1]], out_ptr


@njit(cache=True)
def _distinct_sorted(rows: np.ndarray) -> np.ndarray:
    """The distinct values of the sorted ``rows``."""
    out = np.empty(len(rows), np.int32)
    m = 0
    for i in range(len(rows)):
        if i == 0 or rows[i] != rows[i - 1]:
            out[m] = rows[i]
            m += 1
    return out[:m]


@njit(cache=True)
def _intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The distinct values of both sorted arrays (``np.intersect1d``)."""
    out = np.empty(min(len(a), len(b)), np.int32)
    i = j = m = 0
    while i < len(a) and j < len(b):
        if a[i] < b[j]:
            i += 1
        elif a[i] > b[j]:
            j += 1
        else:
            if m == 0 or out[m - 1] != a[i]:
                out[m] = a[i]
                m += 1
            i += 1
            j += 1
    return out[:m]
