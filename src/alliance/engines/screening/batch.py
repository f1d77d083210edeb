"""Batch name scoring: the scorer's rules over many pairs at once, in C++ and numpy.

``score_pairs`` gives the same score as ``scorer.score_names`` for each pair, but
normalises each distinct name once, measures all token pairs with rapidfuzz's
element-wise ``cpdist`` and aligns tokens with a greedy pass over padded numpy
arrays, so the Python work per pair is a few list appends. Explanations are
left to ``score_names``, which only the pairs worth explaining need.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist
from rigour._core import metaphone

from .model import EntryKind
from .names import NameForm, name_forms, skeleton
from .scorer import (
    CONFLICT_WEIGHT,
    CROSS_SCRIPT,
    DROPPED_PART_PENALTY,
    INITIAL,
    LEGAL_FORM_CONFLICT,
    NUMBER_CONFLICT,
    OTHER_ROLE,
    PARTICLES,
    ROMAN,
    SAME_NAME,
    SOUNDS_ALIKE,
    SYLLABIC_SCRIPTS,
    TYPO_COST,
    compare_forms,
    father_positions,
    same_given_name,
    token_similarity,
    written_similarity,
)

MAX_TOKENS = 8  # longer names (rare) go through the one-pair scorer


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
    n = len(pairs)
    out = np.zeros(n)
    caps = np.ones(n)
    batch: list[int] = []
    for k, (q, c, kind) in enumerate(pairs):
        qt, ct = q.tokens, c.tokens
        if not qt or not ct:
            continue
        if q.script == c.script and q.script in SYLLABIC_SCRIPTS:
            caps[k] = written_similarity(q, c)
        if qt == ct:
            out[k] = caps[k] - LEGAL_FORM_CONFLICT * _legal_conflict(q, c)
        elif len(qt) > MAX_TOKENS or len(ct) > MAX_TOKENS:
            out[k] = compare_forms(q, c, kind).score
        else:
            batch.append(k)
    if batch:
        rows = np.asarray(batch)
        out[rows] = _aligned_scores([pairs[k] for k in batch], caps[rows])
    return np.clip(out, 0.0, 1.0)


class _Tokens:
    """Distinct tokens of a batch with their properties, as arrays indexed by token id."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.text: list[str] = []

    def encode(self, tokens: Sequence[str]) -> list[int]:
        ids = self.ids
        out = []
        for tok in tokens:
            tid = ids.get(tok)
            if tid is None:
                tid = ids[tok] = len(self.text)
                self.text.append(tok)
            out.append(tid)
        return out

    def properties(self) -> None:
        text, count = self.text, len(self.text)
        self.length = np.fromiter(map(len, text), np.int32, count)
        self.first = np.fromiter((ord(t[0]) for t in text), np.int32, count)
        self.digit = np.fromiter(map(str.isdigit, text), bool, count)
        self.number = self.digit | np.fromiter(map(ROMAN.__contains__, text), bool, count)
        self.particle = np.fromiter(map(PARTICLES.__contains__, text), bool, count)
        # scorer.token_weight, vectorised.
        self.weight = np.where(self.particle, 0.5, np.sqrt(np.minimum(self.length, 10)))


def _token_similarities(
    tok: _Tokens, a: np.ndarray, b: np.ndarray, vowelless: np.ndarray, person: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised ``scorer.token_similarity`` over token-id pairs: similarity, is-initial."""
    text = tok.text
    qa = [text[i] for i in a.tolist()]
    cb = [text[i] for i in b.tolist()]
    la, lb = tok.length[a], tok.length[b]
    exact = a == b
    dist = cpdist(qa, cb, scorer=OSA.distance, dtype=np.int32, workers=1)
    short, long_ = np.minimum(la, lb), np.maximum(la, lb)
    gap = long_ - short
    allowed = np.where(gap <= 1, _allowed(short + 1), np.where(gap == 2, _allowed(long_), 0))
    within = (dist <= allowed) & ~exact
    cost = np.where(vowelless & CROSS_SCRIPT, 1.0, TYPO_COST)
    for r in np.flatnonzero(within):
        if skeleton(qa[r]) == skeleton(cb[r]):  # only vowels differ: half the cost
            cost[r] /= 2
    sim = np.where(within, np.maximum(0.0, 1.0 - cost * dist / long_), 0.0)
    close = (sim < SOUNDS_ALIKE) & (dist <= allowed + 1) & (short >= 4)
    for r in np.flatnonzero(close):
        if metaphone(qa[r]) == metaphone(cb[r]):
            sim[r] = SOUNDS_ALIKE
    initial = person & ((la == 1) | (lb == 1)) & ~exact
    first_same = tok.first[a] == tok.first[b]
    sim = np.where(initial, np.where(first_same, INITIAL, 0.0), sim)
    numeric = tok.digit[a] | tok.digit[b] | (~person & (tok.number[a] | tok.number[b]))
    sim[~initial & numeric] = 0.0
    # Vowel-less scripts take the consonant rules: few rows, the cached scalar rule.
    for r in np.flatnonzero((vowelless & 3 > 0) & ~exact & ~initial):
        sim[r] = token_similarity(qa[r], cb[r], int(vowelless[r]), bool(person[r]))[0]
    sim[exact] = 1.0
    return sim, initial & first_same


def _allowed(length: np.ndarray) -> np.ndarray:
    return np.select([length <= 3, length <= 5, length <= 9], [0, 1, 2], 3)


def _aligned_scores(
    pairs: list[tuple[NameForm, NameForm, EntryKind]], caps: np.ndarray
) -> np.ndarray:
    n, t = len(pairs), MAX_TOKENS
    tok = _Tokens()
    q_ids = [tok.encode(q.tokens) for q, _, _ in pairs]
    c_ids = [tok.encode(c.tokens) for _, c, _ in pairs]
    tok.properties()
    person = np.fromiter((k == EntryKind.PERSON for _, _, k in pairs), bool, n)
    vowelless = np.fromiter(
        ((q.vowelless | 2 * c.vowelless) | (CROSS_SCRIPT * (q.script != c.script))
         for q, c, _ in pairs),
        np.int32, n,
    )  # fmt: skip
    nq = np.fromiter(map(len, q_ids), np.int64, n)
    nc = np.fromiter(map(len, c_ids), np.int64, n)
    # Padded per-pair token tables (id -1 where a name has no token).
    q_tab = np.full((n, t), -1, np.int64)
    c_tab = np.full((n, t), -1, np.int64)
    q_tab[np.repeat(np.arange(n), nq), np.arange(nq.sum()) - np.repeat(np.cumsum(nq) - nq, nq)] = [
        i for ids in q_ids for i in ids
    ]
    c_tab[np.repeat(np.arange(n), nc), np.arange(nc.sum()) - np.repeat(np.cumsum(nc) - nc, nc)] = [
        i for ids in c_ids for i in ids
    ]
    # Every query token against every list token of its pair.
    cells = nq * nc
    fp = np.repeat(np.arange(n), cells)
    m = np.arange(cells.sum()) - np.repeat(np.cumsum(cells) - cells, cells)
    qi, cj = m // nc[fp], m % nc[fp]
    sim, initial = _token_similarities(tok, q_tab[fp, qi], c_tab[fp, cj], vowelless[fp], person[fp])
    # Father's name (after bin, ibn) aligned with an own name, where both names say.
    q_father = np.zeros((n, t), bool)
    c_father = np.zeros((n, t), bool)
    for x, (q, c, _) in enumerate(pairs):
        q_fathers, c_fathers = father_positions(q.tokens), father_positions(c.tokens)
        if q_fathers and c_fathers:
            q_father[x, list(q_fathers)] = True
            c_father[x, list(c_fathers)] = True
    has_father: np.ndarray = np.any(q_father, axis=1)
    other_role = has_father[fp] & (q_father[fp, qi] != c_father[fp, cj])
    sim = np.where(other_role, sim * OTHER_ROLE, sim)
    q_real, c_real = q_tab >= 0, c_tab >= 0
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
    cross_person = (vowelless & CROSS_SCRIPT > 0) & person
    for _ in range(int(min(nq.max(), nc.max()))):
        best = key.reshape(n, t * t).argmax(axis=1)
        i, j = best // t, best % t
        ok = key[rows, i, j] > 0
        if not ok.any():
            break
        r, i, j = rows[ok], i[ok], j[ok]
        a, b, s, init = wq[r, i], wc[r, j], sims[r, i, j], inits[r, i, j]
        for k in np.flatnonzero(cross_person[r] & ~init & (s < SAME_NAME)):
            q, c, _ = pairs[r[k]]
            if same_given_name((q.words or q.tokens)[i[k]], (c.words or c.tokens)[j[k]]):
                s[k] = SAME_NAME  # one given name in two scripts
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
    cross = cross_person & free_q.any(1) & free_c.any(1)
    for k in np.flatnonzero(cross):
        q, c, _ = pairs[k]
        q_words, c_words = q.words or q.tokens, c.words or c.tokens
        for u in np.flatnonzero(free_q[k]):
            for v in np.flatnonzero(free_c[k]):
                if same_given_name(q_words[u], c_words[v]):
                    free_q[k, u] = free_c[k, v] = False
                    w = wq[k, u] + wc[k, v]
                    num[k] += SAME_NAME * w
                    den[k] += w
                    confirmed[k] += not pq[k, u]
                    break
    particles = (wq * (free_q & pq)).sum(1) + (wc * (free_c & pc)).sum(1)
    extra_q = (wq * (free_q & ~pq)).sum(1)
    extra_c = (wc * (free_c & ~pc)).sum(1)
    dropped = np.where(person, DROPPED_PART_PENALTY[EntryKind.PERSON], 0.8)
    dropped = np.where(person & (confirmed < 2), 1.0, dropped)
    den += dropped * unconfirmed
    both = (extra_q > 0) & (extra_c > 0)
    den += np.where(
        both,
        CONFLICT_WEIGHT * (extra_q + extra_c) + dropped * particles,
        dropped * (extra_q + extra_c + particles),
    )
    aligned = np.divide(num, den, out=np.zeros(n), where=den > 0)
    aligned = np.maximum(aligned, _joined_similarities(pairs, vowelless, nq != nc))
    aligned = np.minimum(aligned, caps)  # syllabic scripts: characters that differ
    legal = np.fromiter((_legal_conflict(q, c) for q, c, _ in pairs), bool, n)
    # Organisations: a number or numeral in one name only ("Fund 2", "Trust IV") differs.
    number_q = (free_q & tok.number[q_tab]).any(1)
    number_c = (free_c & tok.number[c_tab]).any(1)
    numbers = ~person & (number_q | number_c)
    score = aligned - LEGAL_FORM_CONFLICT * legal - NUMBER_CONFLICT * numbers
    return np.clip(score, 0.0, 1.0)


def _legal_conflict(q: NameForm, c: NameForm) -> bool:
    return bool(q.legal_forms and c.legal_forms and not set(q.legal_forms) & set(c.legal_forms))


def _joined_similarities(
    pairs: list[tuple[NameForm, NameForm, EntryKind]], vowelless: np.ndarray, differ: np.ndarray
) -> np.ndarray:
    """Vectorised ``scorer._joined_similarity`` for pairs whose token counts differ."""
    out = np.zeros(len(pairs))
    idx = np.flatnonzero(differ)
    if not len(idx):
        return out
    abjad = (vowelless[idx] & 3) > 0
    a = ["".join(pairs[k][0].tokens) for k in idx]
    b = ["".join(pairs[k][1].tokens) for k in idx]
    a = [skeleton(x) if v else x for x, v in zip(a, abjad, strict=True)]
    b = [skeleton(x) if v else x for x, v in zip(b, abjad, strict=True)]
    la = np.fromiter(map(len, a), np.int64, len(a))
    lb = np.fromiter(map(len, b), np.int64, len(b))
    length = np.maximum(la, lb)
    dist = cpdist(a, b, scorer=OSA.distance, dtype=np.int32, workers=1)
    sim = 1.0 - dist / np.maximum(length, 1)
    cap = np.where(abjad, 0.95, 1.0)
    valid = (la > 0) & (lb > 0) & (sim >= 0.9)
    out[idx] = np.where(valid, cap * sim, 0.0)
    return out
