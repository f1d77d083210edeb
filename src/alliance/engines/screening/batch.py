"""Batch name scoring: the scorer's rules over many pairs at once, in C++ and numpy.

The scores equal ``scorer.compare_forms`` pair for pair. Pairs come in as a
``PairTable``: both names of every pair as rows of token ids, so the work per
pair is numpy arithmetic and rapidfuzz's element-wise ``cpdist`` over token
pairs, not Python. ``score_pairs`` builds the table from raw strings; the
screener builds it from the token ids its index already holds. Explanations
are left to ``compare_forms``, which only the pairs worth explaining need.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist
from rigour._core import metaphone

from .given_names import EMPTY, GivenNameSets
from .model import EntryKind
from .names import NameForm, foreign_skeleton, name_forms, skeleton
from .scorer import (
    CONFLICT_WEIGHT,
    CROSS_SCRIPT,
    DROPPED_PART_PENALTY,
    INITIAL,
    LEGAL_FORM_CONFLICT,
    LINEAGE_RELIEF,
    NUMBER_CONFLICT,
    OTHER_ROLE,
    PARTICLES,
    PATRONYMIC_MARKERS,
    ROMAN,
    SAME_NAME,
    SOUNDS_ALIKE,
    SYLLABIC_SCRIPTS,
    TYPO_COST,
    compare_forms,
    legal_conflict,
    written_similarity,
)

MAX_TOKENS = 12  # longer names (rare) go through the one-pair scorer


@dataclass(slots=True)
class PairTable:
    """``n`` pairs of names (query, listed) as padded token-id tables.

    Ids index ``tokens`` and equal ids are equal tokens; -1 pads a name shorter than
    ``MAX_TOKENS``. Every name has at least one token.
    """

    tokens: TokenProperties
    q_tab: np.ndarray  # (n, MAX_TOKENS) int64
    c_tab: np.ndarray  # (n, MAX_TOKENS) int64
    person: np.ndarray  # (n,) bool: person rules
    code: np.ndarray  # (n,) int32: 1 query vowel-less, 2 listed vowel-less, CROSS_SCRIPT
    legal: np.ndarray  # (n,) bool: legal forms on both sides and none shared
    caps: np.ndarray  # (n,) float: written similarity of syllabic scripts, else 1
    # Which name each side is: pairs sharing a name share its key.
    q_key: np.ndarray  # (n,) int64
    c_key: np.ndarray  # (n,) int64
    # Each token as written in its own script, as a word id (padded like the tokens),
    # and the word of an id: for the cross-script given-name rule.
    q_word: np.ndarray  # (n, MAX_TOKENS) int64
    c_word: np.ndarray  # (n, MAX_TOKENS) int64
    word: Callable[[int], str]
    # Given-name set (into ``given_sets``) of the words looked up beforehand: the first
    # ``len(word_given)`` word ids; later ids are looked up when needed.
    word_given: np.ndarray
    given_sets: GivenNameSets


def score_pairs(
    left: Sequence[str], right: Sequence[str], kinds: Sequence[EntryKind | str | None]
) -> np.ndarray:
    """Scores in [0, 1] of ``left[i]`` against ``right[i]`` under the rules of ``kinds[i]``."""
    rule_kinds = [EntryKind(k) if k else EntryKind.UNKNOWN for k in kinds]
    owner: list[int] = []
    pairs: list[tuple[NameForm, NameForm, EntryKind]] = []
    for n, (a, b, kind) in enumerate(zip(left, right, rule_kinds, strict=True)):
        for q in name_forms(a, kind):
            for c in name_forms(b, kind):
                owner.append(n)
                pairs.append((q, c, kind))
    scores = np.zeros(len(left))
    if pairs:
        np.maximum.at(scores, np.asarray(owner), score_form_pairs(pairs))
    return scores


def score_form_pairs(pairs: Sequence[tuple[NameForm, NameForm, EntryKind]]) -> np.ndarray:
    """``compare_forms(q, c, kind).score`` for every triple, computed together."""
    out = np.zeros(len(pairs))
    batch: list[int] = []
    for k, (q, c, kind) in enumerate(pairs):
        if not q.tokens or not c.tokens:
            continue
        if len(q.tokens) > MAX_TOKENS or len(c.tokens) > MAX_TOKENS:
            out[k] = compare_forms(q, c, kind).score
        else:
            batch.append(k)
    if batch:
        out[np.asarray(batch)] = score_table(_table_of_forms([pairs[k] for k in batch]))
    return out


def _table_of_forms(pairs: list[tuple[NameForm, NameForm, EntryKind]]) -> PairTable:
    ids: dict[str, int] = {}
    text: list[str] = []

    def encode(tokens: tuple[str, ...]) -> list[int]:
        out = []
        for tok in tokens:
            tid = ids.get(tok)
            if tid is None:
                tid = ids[tok] = len(text)
                text.append(tok)
            out.append(tid)
        return out

    n = len(pairs)
    vowelless = np.fromiter(
        ((q.vowelless | 2 * c.vowelless) | (CROSS_SCRIPT * (q.script != c.script))
         for q, c, _ in pairs),
        np.int32, n,
    )  # fmt: skip
    caps = np.ones(n)
    for k, (q, c, _) in enumerate(pairs):
        if q.script == c.script and q.script in SYLLABIC_SCRIPTS:
            caps[k] = written_similarity(q, c)
    q_tab = pad_ids([encode(q.tokens) for q, _, _ in pairs])
    c_tab = pad_ids([encode(c.tokens) for _, c, _ in pairs])
    q_word = pad_ids([encode(q.words or q.tokens) for q, _, _ in pairs])
    c_word = pad_ids([encode(c.words or c.tokens) for _, c, _ in pairs])
    return PairTable(
        tokens=TokenProperties(text),
        q_tab=q_tab,
        c_tab=c_tab,
        person=np.fromiter((k == EntryKind.PERSON for _, _, k in pairs), bool, n),
        code=vowelless,
        legal=np.fromiter(
            (legal_conflict(q.legal_forms, c.legal_forms) for q, c, _ in pairs), bool, n
        ),
        caps=caps,
        q_key=np.arange(n),
        c_key=np.arange(n),
        q_word=q_word,
        c_word=c_word,
        word=text.__getitem__,
        word_given=np.zeros(0, np.int32),
        given_sets=GivenNameSets(),
    )


def pad_ids(rows: Sequence[Sequence[int]]) -> np.ndarray:
    """Rows of up to ``MAX_TOKENS`` ids as an (n, MAX_TOKENS) table padded with -1."""
    n = len(rows)
    lengths = np.fromiter(map(len, rows), np.int64, n)
    table = np.full((n, MAX_TOKENS), -1, np.int64)
    starts = np.cumsum(lengths) - lengths
    positions = np.arange(lengths.sum()) - np.repeat(starts, lengths)
    table[np.repeat(np.arange(n), lengths), positions] = [i for row in rows for i in row]
    return table


def score_table(table: PairTable) -> np.ndarray:
    """The score of every pair of ``table``."""
    # Same tokens in the same order: only the written characters and legal forms can differ.
    same = (table.q_tab == table.c_tab).all(axis=1)
    out = table.caps - LEGAL_FORM_CONFLICT * table.legal
    rest = np.flatnonzero(~same)
    if len(rest):
        out[rest] = _aligned_scores(table, rest)
    return np.clip(out, 0.0, 1.0)


class TokenProperties:
    """Properties of tokens, as arrays indexed by token id."""

    def __init__(self, text: list[str]) -> None:
        count = len(text)
        self.text = text
        self.length = np.fromiter(map(len, text), np.int32, count)
        self.first = np.fromiter((ord(t[0]) for t in text), np.int32, count)
        self.digit = np.fromiter(map(str.isdigit, text), bool, count)
        self.number = self.digit | np.fromiter(map(ROMAN.__contains__, text), bool, count)
        self.particle = np.fromiter(map(PARTICLES.__contains__, text), bool, count)
        self.marker = np.fromiter(map(PATRONYMIC_MARKERS.__contains__, text), bool, count)
        # scorer.token_weight, vectorised.
        self.weight = np.where(self.particle, 0.5, np.sqrt(np.minimum(self.length, 10)))

    def extended(self, more: list[str], keep: np.ndarray | None = None) -> TokenProperties:
        """The tokens ``keep`` (all by default) and ``more`` after them, with ids in that
        order."""
        if not more and keep is None:
            return self
        added = TokenProperties(more)
        out = TokenProperties.__new__(TokenProperties)
        out.text = (self.text if keep is None else [self.text[i] for i in keep.tolist()]) + more
        for name in ("length", "first", "digit", "number", "particle", "marker", "weight"):
            mine = getattr(self, name)
            kept = mine if keep is None else mine[keep]
            setattr(out, name, np.concatenate((kept, getattr(added, name))))
        return out


def _token_similarities(
    tok: TokenProperties, a: np.ndarray, b: np.ndarray, code: np.ndarray, person: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised ``scorer.token_similarity`` over token-id pairs: similarity, is-initial."""
    text = tok.text
    la, lb = tok.length[a], tok.length[b]
    exact = a == b
    short, long_ = np.minimum(la, lb), np.maximum(la, lb)
    gap = long_ - short
    allowed = np.where(gap <= 1, _allowed(short + 1), np.where(gap == 2, _allowed(long_), 0))
    # The edit distance only counts within the typo budget (or one over it, for tokens
    # that may sound alike); elsewhere it stays "too far" and is not computed.
    dist = long_.astype(np.int32) + 1
    need = np.flatnonzero(~exact & (gap <= 2) & ((allowed > 0) | (short >= 4)))
    dist[need] = cpdist([text[i] for i in a[need].tolist()], [text[i] for i in b[need].tolist()],
                        scorer=OSA.distance, dtype=np.int32, workers=1)  # fmt: skip
    within = (dist <= allowed) & ~exact
    cost = np.where(code & CROSS_SCRIPT, 1.0, TYPO_COST)
    rows = np.flatnonzero(within)
    vowels_only = _same_key(text, skeleton, a[rows], b[rows])  # only vowels differ: half cost
    cost[rows[vowels_only]] /= 2
    sim = np.where(within, np.maximum(0.0, 1.0 - cost * dist / long_), 0.0)
    rows = np.flatnonzero((sim < SOUNDS_ALIKE) & (dist <= allowed + 1) & (short >= 4))
    sim[rows[_same_key(text, metaphone, a[rows], b[rows])]] = SOUNDS_ALIKE
    initial = person & ((la == 1) | (lb == 1)) & ~exact
    first_same = tok.first[a] == tok.first[b]
    sim = np.where(initial, np.where(first_same, INITIAL, 0.0), sim)
    numeric = tok.digit[a] | tok.digit[b] | (~person & (tok.number[a] | tok.number[b]))
    sim[~initial & numeric] = 0.0
    # Vowel-less scripts: the consonant rules, where no number rule said zero.
    abjad = np.flatnonzero((code & 3 > 0) & ~exact & ~initial & ~numeric)
    if len(abjad):
        sim[abjad] = _consonant_similarities(tok, a[abjad], b[abjad], code[abjad], sim[abjad])
    sim[exact] = 1.0
    return sim, initial & first_same


def _token_keys(
    text: list[str], a: np.ndarray, b: np.ndarray, *keys: Callable[[str], str]
) -> tuple[list[np.ndarray], list[np.ndarray], list[str]]:
    """For each key function: ids of the key of every token of ``a`` and of ``b``, into
    one table of key strings shared by all functions; each token's keys computed once."""
    used, inverse = np.unique(np.concatenate((a, b)), return_inverse=True)
    table: dict[str, int] = {}
    words = [text[i] for i in used.tolist()]
    of = [np.array([table.setdefault(key(w), len(table)) for w in words], np.int64)
          for key in keys]  # fmt: skip
    ia, ib = inverse[: len(a)], inverse[len(a) :]
    return [ids[ia] for ids in of], [ids[ib] for ids in of], list(table)


def _same_key(
    text: list[str], key: Callable[[str], str], a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Whether ``key`` of token ``a[r]`` equals ``key`` of token ``b[r]``."""
    if not len(a):
        return np.zeros(0, bool)
    (ka,), (kb,), _ = _token_keys(text, a, b, key)
    return ka == kb


def _consonant_similarities(
    tok: TokenProperties, a: np.ndarray, b: np.ndarray, code: np.ndarray, typo: np.ndarray
) -> np.ndarray:
    """Vectorised consonant branch of ``scorer.token_similarity`` (one side vowel-less).

    ``typo`` is what the spelling rules gave, sounds-alike included: the scalar
    rule's result wherever no consonant rule applies or does better.
    """
    side = code & 3
    la, lb = tok.length[a], tok.length[b]
    plausible = np.where(side == 1, la >= 0.4 * lb, np.where(side == 2, lb >= 0.4 * la, True))
    # Skeletons of the tokens involved, as ids into one table of skeleton strings.
    (loose_a, strict_a, foreign_a), (loose_b, strict_b, foreign_b), texts = _token_keys(
        tok.text, a, b, skeleton, _strict_skeleton, foreign_skeleton
    )
    length = np.fromiter(map(len, texts), np.int64, len(texts))
    out = typo.copy()
    decided = ~plausible
    # Same consonants with v and w kept: as sure as the letters written.
    same = ~decided & (strict_a == strict_b) & (length[strict_a] > 0)
    out[same] = np.where(length[strict_a[same]] >= 3, 0.95, 0.85)
    decided |= same
    # Same consonants; then as Arabic writes a Latin v or p (f, b); else close consonants.
    variants = ((loose_a, loose_b), (np.where(side == 2, foreign_a, loose_a),
                                     np.where(side == 1, foreign_b, loose_b)))  # fmt: skip
    for x, y in variants:
        hit = ~decided & (x == y) & (length[x] >= 3)
        out[hit] = 0.9
        decided |= hit
    best = out.copy()
    for x, y in variants:
        rows = np.flatnonzero(~decided & (length[x] > 0) & (length[y] > 0))
        if not len(rows):
            continue
        xs, ys = x[rows], y[rows]
        dist = cpdist([texts[i] for i in xs.tolist()], [texts[i] for i in ys.tolist()],
                      scorer=OSA.distance, dtype=np.int32, workers=1)  # fmt: skip
        slen = np.maximum(length[xs], length[ys])
        allowed = np.where(slen > 3, _allowed(slen), 0)
        close = 0.9 * (1.0 - dist / slen)
        better = (dist <= allowed) & (close > best[rows])
        best[rows[better]] = close[better]
    return np.where(decided, out, best)


def _strict_skeleton(token: str) -> str:
    return skeleton(token, True)


def _allowed(length: np.ndarray) -> np.ndarray:
    return np.select([length <= 3, length <= 5, length <= 9], [0, 1, 2], 3)


def _father_names(tok: TokenProperties, tab: np.ndarray, real: np.ndarray) -> np.ndarray:
    """Positions right after bin, ibn, bint: the father's name (``scorer.father_positions``)."""
    marker = real & tok.marker[tab]
    father = np.zeros_like(real)
    father[:, 1:] = marker[:, :-1] & real[:, 1:]
    return father


# Pairs are aligned in groups by their longer name's token count: most names have two
# to four tokens, and their alignment tables need not be as wide as the longest.
_WIDTHS = (3, 5, 8, MAX_TOKENS)


def _aligned_scores(table: PairTable, idx: np.ndarray) -> np.ndarray:
    """``scorer._align`` and the score features for the pairs ``idx`` of ``table``."""
    tok = table.tokens
    longer = np.maximum((table.q_tab[idx] >= 0).sum(1), (table.c_tab[idx] >= 0).sum(1))
    out = np.zeros(len(idx))
    narrower = 0
    for width in _WIDTHS:
        group = np.flatnonzero((longer > narrower) & (longer <= width))
        narrower = width
        if len(group):
            out[group] = _aligned_group(table, tok, idx[group], width)
    return out


def _cell_similarities(
    tok: TokenProperties, a: np.ndarray, b: np.ndarray, code: np.ndarray, person: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``_token_similarities`` computed once per distinct (tokens, script code, rules)."""
    key = ((a * len(tok.text) + b) * 8 + code) * 2 + person
    distinct, inverse = np.unique(key, return_inverse=True)
    u_person = (distinct % 2).astype(bool)
    u_code = ((distinct // 2) % 8).astype(np.int32)
    u_a, u_b = np.divmod(distinct // 16, len(tok.text))
    sim, initial = _token_similarities(tok, u_a, u_b, u_code, u_person)
    return sim[inverse], initial[inverse]


def _aligned_group(table: PairTable, tok: TokenProperties, idx: np.ndarray, t: int) -> np.ndarray:
    n = len(idx)
    q_tab, c_tab = table.q_tab[idx, :t], table.c_tab[idx, :t]
    person, code, caps = table.person[idx], table.code[idx], table.caps[idx]
    q_real, c_real = q_tab >= 0, c_tab >= 0
    nq, nc = q_real.sum(1), c_real.sum(1)
    # Every query token against every list token of its pair.
    cells = nq * nc
    fp = np.repeat(np.arange(n), cells)
    m = np.arange(cells.sum()) - np.repeat(np.cumsum(cells) - cells, cells)
    qi, cj = m // nc[fp], m % nc[fp]
    sim, initial = _cell_similarities(tok, q_tab[fp, qi], c_tab[fp, cj], code[fp], person[fp])
    # Father's name (after bin, ibn) aligned with an own name, where both names say.
    q_father, c_father = _father_names(tok, q_tab, q_real), _father_names(tok, c_tab, c_real)
    roles = np.any(q_father, axis=1) & np.any(c_father, axis=1)
    other_role = roles[fp] & (q_father[fp, qi] != c_father[fp, cj])
    sim = np.where(other_role, sim * OTHER_ROLE, sim)
    wq = np.where(q_real, tok.weight[q_tab], 0.0)
    wc = np.where(c_real, tok.weight[c_tab], 0.0)
    pq = q_real & tok.particle[q_tab]
    pc = c_real & tok.particle[c_tab]
    # Greedy alignment, as the scorer sorts: similarity, then closeness of position,
    # then later positions first. Ties are broken by a tiny offset.
    key = np.full((n, t, t), -1.0)
    tie = (-np.abs(qi - cj) * t * t + qi * t + cj + t * t * t) * 1e-9
    positive = sim > 0
    key[fp[positive], qi[positive], cj[positive]] = sim[positive] + tie[positive]
    sims = np.zeros((n, t, t))
    sims[fp, qi, cj] = sim
    inits = np.zeros((n, t, t), bool)
    inits[fp, qi, cj] = initial
    used_q = np.zeros((n, t), bool)
    used_c = np.zeros((n, t), bool)
    num = np.zeros(n)
    den = np.zeros(n)
    unconfirmed = np.zeros(n)
    confirmed = np.zeros(n)
    rows = np.arange(n)
    cross_person = (code & CROSS_SCRIPT > 0) & person
    given = _given_name_cells(table, idx, t, cross_person, fp, qi, cj)
    for _ in range(int(min(nq.max(), nc.max()))):
        best = key.reshape(n, t * t).argmax(axis=1)
        i, j = best // t, best % t
        ok = key[rows, i, j] > 0
        if not ok.any():
            break
        r, i, j = rows[ok], i[ok], j[ok]
        a, b, s, init = wq[r, i], wc[r, j], sims[r, i, j], inits[r, i, j]
        upgrade = np.flatnonzero(cross_person[r] & ~init & (s < SAME_NAME))
        if len(upgrade):  # one given name in two scripts
            same = given[r[upgrade], i[upgrade], j[upgrade]]
            s[upgrade[same]] = SAME_NAME
        w = np.where(init, 2 * np.minimum(a, b), a + b)
        num[r] += s * w
        den[r] += w
        unconfirmed[r] += np.where(init, np.abs(a - b), 0.0)
        confirmed[r] += ~init & ~pq[r, i]
        used_q[r, i] = True
        used_c[r, j] = True
        key[r, i, :] = -1.0
        key[r, :, j] = -1.0
    free_q = ~used_q & q_real
    free_c = ~used_c & c_real
    # Tokens left over on both sides may be one given name in two scripts (rigour's data).
    cross = np.flatnonzero(cross_person & free_q.any(1) & free_c.any(1))
    ks, us, vs = np.nonzero(free_q[cross, :, None] & free_c[cross, None, :])
    ks = cross[ks]
    same = given[ks, us, vs]
    # In the scorer's order: each left-over query token takes the first free list token.
    for k, u, v in zip(ks[same].tolist(), us[same].tolist(), vs[same].tolist(), strict=True):
        if free_q[k, u] and free_c[k, v]:
            free_q[k, u] = free_c[k, v] = False
            w = wq[k, u] + wc[k, v]
            num[k] += SAME_NAME * w
            den[k] += w
            confirmed[k] += not pq[k, u]
    particles = (wq * (free_q & pq)).sum(1) + (wc * (free_c & pc)).sum(1)
    extra_q = (wq * (free_q & ~pq)).sum(1)
    extra_c = (wc * (free_c & ~pc)).sum(1)
    dropped = np.where(person, DROPPED_PART_PENALTY[EntryKind.PERSON], 0.8)
    dropped = np.where(person & (confirmed < 2), 1.0, dropped)
    den += dropped * unconfirmed
    both = (extra_q > 0) & (extra_c > 0)
    lineage = (wq * (free_q & ~pq & q_father)).sum(1) + (wc * (free_c & ~pc & c_father)).sum(1)
    lineage = np.where(person, lineage, 0.0)
    den += np.where(
        both,
        CONFLICT_WEIGHT * (extra_q + extra_c) + dropped * particles,
        dropped * (extra_q + extra_c + particles - LINEAGE_RELIEF * lineage),
    )
    aligned = np.divide(num, den, out=np.zeros(n), where=den > 0)
    differ = np.flatnonzero(nq != nc)
    if len(differ):
        q_joined = _joined(tok.text, q_tab[differ], table.q_key[idx[differ]])
        c_joined = _joined(tok.text, c_tab[differ], table.c_key[idx[differ]])
        joined = _joined_similarities(q_joined, c_joined, code[differ])
        aligned[differ] = np.maximum(aligned[differ], joined)
    aligned = np.minimum(aligned, caps)  # syllabic scripts: characters that differ
    # Organisations: a number or numeral in one name only ("Fund 2", "Trust IV") differs.
    number_q = (free_q & tok.number[q_tab]).any(1)
    number_c = (free_c & tok.number[c_tab]).any(1)
    numbers = ~person & (number_q | number_c)
    return aligned - LEGAL_FORM_CONFLICT * table.legal[idx] - NUMBER_CONFLICT * numbers


def _given_name_cells(
    table: PairTable,
    idx: np.ndarray,
    t: int,
    cross_person: np.ndarray,
    fp: np.ndarray,
    qi: np.ndarray,
    cj: np.ndarray,
) -> np.ndarray:
    """(n, t, t): query token i and list token j of pair k are one given name in two
    scripts (rigour's data), for every cell of the cross-script person pairs."""
    given = np.zeros((len(idx), t, t), bool)
    cells = np.flatnonzero(cross_person[fp])
    if len(cells):
        f, u, v = fp[cells], qi[cells], cj[cells]
        q_word, c_word = table.q_word[idx, :t], table.c_word[idx, :t]
        given[f, u, v] = _same_given_names(table, q_word[f, u], c_word[f, v])
    return given


def _same_given_names(table: PairTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``scorer.same_given_name`` of query words ``a[k]`` and listed words ``b[k]``, by
    word id.

    The listed words were looked up at build; a query word is looked up (once) only
    where it meets a listed given name.
    """
    out = np.zeros(len(a), bool)
    if not len(a):
        return out
    sb = _given_sets(table, b)
    named = np.flatnonzero(sb != EMPTY)
    if len(named):
        out[named] = table.given_sets.shared(_given_sets(table, a[named]), sb[named])
    return out


def _given_sets(table: PairTable, words: np.ndarray) -> np.ndarray:
    """The given-name set id of each word id."""
    known = table.word_given
    out = np.zeros(len(words), np.int64)
    before = words < len(known)
    out[before] = known[words[before]]
    later = np.flatnonzero(~before)
    if len(later):
        used, inverse = np.unique(words[later], return_inverse=True)
        out[later] = table.given_sets.lookup([table.word(w) for w in used.tolist()])[inverse]
    return out


def _joined(text: list[str], tab: np.ndarray, keys: np.ndarray) -> list[str]:
    """Each row's tokens without spaces, built once per distinct name key."""
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    built = ["".join([text[i] for i in row if i >= 0]) for row in tab[first].tolist()]
    return [built[i] for i in inverse.tolist()]


def _joined_similarities(a: list[str], b: list[str], code: np.ndarray) -> np.ndarray:
    """Vectorised ``scorer._joined_similarity``: the names compared without spaces."""
    abjad = (code & 3) > 0
    a = [skeleton(x) if v else x for x, v in zip(a, abjad, strict=True)]
    b = [skeleton(x) if v else x for x, v in zip(b, abjad, strict=True)]
    la = np.fromiter(map(len, a), np.int64, len(a))
    lb = np.fromiter(map(len, b), np.int64, len(b))
    length = np.maximum(la, lb)
    dist = cpdist(a, b, scorer=OSA.distance, dtype=np.int32, workers=1)
    sim = 1.0 - dist / np.maximum(length, 1)
    cap = np.where(abjad, 0.95, 1.0)
    valid = (la > 0) & (lb > 0) & (sim >= 0.9)
    return np.where(valid, cap * sim, 0.0)
