"""Compiled loops of the batch scorer: ``scorer.token_similarity`` and ``scorer._align``
over every pair of a ``batch.PairTable`` group, with numba.

Each kernel spells out the scalar rule it mirrors, step by step and in the same
order, so that the scores equal ``scorer.compare_forms`` pair for pair. Tokens are
code points (int32) in one array, ``starts[t]:starts[t + 1]`` for token ``t``.
The constants of the rules come in as ``Rules``, not as globals: numba's disk
cache would keep a global's old value after it changes in ``scorer``.

Only the sounds-alike key (rigour's metaphone) stays in Python: the cell kernel
marks the cells where the scalar rule would ask for it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numba import njit

from .scorer import allowed_edits


class Rules(NamedTuple):
    """The scorer's constants, as the kernels read them."""

    typo_cost: float
    cross_script: int
    sounds_alike: float
    initial: float
    other_role: float
    same_name: float
    person_dropped: float
    other_dropped: float
    conflict_weight: float
    lineage_relief: float
    legal_form_conflict: float
    number_conflict: float


# Which consonant skeleton (names.skeleton, names.foreign_skeleton) to write.
LOOSE = 0  # skeleton(token): v dropped (a long vowel as often as a consonant)
STRICT = 1  # skeleton(token, True): v kept
FOREIGN = 2  # foreign_skeleton(token): v written f

_V, _P, _B, _F = ord("v"), ord("p"), ord("b"), ord("f")

# The helpers run per cell or per pair, and allocate nothing: compiled without numba's
# reference counting, which otherwise adds and drops a reference to every array argument
# on every call, atomic operations costing more than a helper's work (numba compiles its
# own string helpers so; the option is not in numba's type stubs).
_NO_REFCOUNT: dict[str, Any] = {"_nrt": False}
_leaf = njit(cache=True, **_NO_REFCOUNT)
# Small helpers of the per-cell and per-pair loops: inlined into them, as passing many
# arrays to a call costs more than the work of most.
_inlined = njit(cache=True, inline="always", **_NO_REFCOUNT)


@njit(cache=True)
def token_counts(tab: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """How many tokens rows ``idx`` of a padded token table hold."""
    out = np.zeros(len(idx), np.int64)
    for k in range(len(idx)):
        row = idx[k]
        for i in range(tab.shape[1]):
            out[k] += tab[row, i] >= 0
    return out


@njit(cache=True)
def gather_rows(tab: np.ndarray, idx: np.ndarray, width: int) -> np.ndarray:
    """``tab[idx, :width]`` (numpy's fancy indexing is slower at this)."""
    out = np.empty((len(idx), width), np.int64)
    for k in range(len(idx)):
        out[k] = tab[idx[k], :width]
    return out


@njit(cache=True)
def cell_positions(nq: np.ndarray, nc: np.ndarray) -> tuple[np.ndarray, ...]:
    """Every (query token, list token) cell of every pair, pair by pair and row by row:
    the pair, the query position, the list position of each cell, and where each
    pair's cells start (one more entry: the total)."""
    n = len(nq)
    start = np.zeros(n + 1, np.int64)
    for k in range(n):
        start[k + 1] = start[k] + nq[k] * nc[k]
    pair = np.empty(start[n], np.int64)
    qi = np.empty(start[n], np.int64)
    cj = np.empty(start[n], np.int64)
    for k in range(n):
        m = start[k]
        for i in range(nq[k]):
            for j in range(nc[k]):
                pair[m], qi[m], cj[m] = k, i, j
                m += 1
    return pair, qi, cj, start


_allowed_edits = _leaf(allowed_edits)  # the scorer's typo budget, compiled


@_leaf
def _is_vowel(c):
    return c == 97 or c == 101 or c == 105 or c == 111 or c == 117 or c == 121  # aeiouy


@_leaf
def _skeleton(text, at, size, is_digit, which, out, to):
    """names.skeleton / foreign_skeleton of ``text[at:at + size]`` (code points) into
    ``out[to:]``; returns its length. Vowels are dropped after the letter changes, then
    runs of one letter written once."""
    if is_digit:
        for k in range(size):
            out[to + k] = text[at + k]
        return size
    n = 0
    for k in range(at, at + size):
        c = text[k]
        if c == _V:
            if which == LOOSE:
                continue
            if which == FOREIGN:
                c = _F
        elif c == _P:
            c = _B
        if _is_vowel(c) or (n > 0 and out[to + n - 1] == c):
            continue
        out[to + n] = c
        n += 1
    return n


skeleton_codes = _skeleton  # for the index's skeleton keys


@_leaf
def _same(a, at, la, b, bt, lb):
    """Whether ``a[at:at + la]`` equals ``b[bt:bt + lb]``."""
    if la != lb:
        return False
    k = 0
    while k < la and a[at + k] == b[bt + k]:
        k += 1
    return k == la


@njit(cache=True)
def letter_sets(codes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The letters of every token as a set of bits (code points modulo 62): an int64 per
    token."""
    out = np.zeros(len(starts) - 1, np.int64)
    for t in range(len(out)):
        for k in range(starts[t], starts[t + 1]):
            out[t] |= 1 << (codes[k] % 62)
    return out


@_inlined
def _far_apart(letters_a, letters_b, cutoff):
    """Whether two strings with these ``letter_sets`` are more than ``cutoff`` edits
    apart by their letters alone: an edit adds or drops at most one letter on each side.
    Most token pairs are."""
    x = letters_a ^ letters_b  # below 2**62: popcount by halves, quarters, bytes
    x = x - ((x >> 1) & 0x5555555555555555)
    x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F
    return ((x * 0x0101010101010101) >> 56) & 0xFF > 2 * cutoff


@_leaf
def osa_distance(
    a: np.ndarray, at: int, la: int, b: np.ndarray, bt: int, lb: int, cutoff: int, scratch: tuple
) -> int:
    """rapidfuzz's ``OSA.distance(x, y, score_cutoff=cutoff)`` of the code points
    ``x = a[at:at + la]`` and ``y = b[bt:bt + lb]``: the optimal-string-alignment
    distance, or ``cutoff + 1`` beyond ``cutoff``. ``scratch``: see ``osa_scratch``."""
    over = cutoff + 1
    if abs(la - lb) > cutoff:
        return over
    if la == 0 or lb == 0:
        return max(la, lb)
    rows, masks = scratch
    if la > lb:  # the shorter one is the pattern: OSA is symmetric
        a, at, la, b, bt, lb = b, bt, lb, a, at, la
    if la <= 64:
        dist = _osa_bit_parallel(a, at, la, b, bt, lb, masks)
    else:
        dist = _osa_banded(a, at, la, b, bt, lb, cutoff, rows)
    return min(dist, over)


def osa_scratch(longest: int) -> tuple[np.ndarray, np.ndarray]:
    """Scratch space of ``osa_distance`` for strings of up to ``longest`` code points:
    three rows of the banded table, and the bit-parallel masks of ASCII letters."""
    return np.empty((3, longest + 1), np.int64), np.zeros(128, np.uint64)


_osa_scratch = njit(cache=True)(osa_scratch)

_ONE = np.uint64(1)
_NONE = np.uint64(0)


@_leaf
def _char_mask(a, at, la, c, masks):
    """The positions of ``c`` in ``a[at:at + la]`` as bits; ASCII from ``masks``."""
    if c < 128:
        return masks[c]
    bits = _NONE
    for i in range(la):
        if a[at + i] == c:
            bits |= _ONE << np.uint64(i)
    return bits


@_leaf
def _osa_bit_parallel(a, at, la, b, bt, lb, masks):
    """OSA distance by Hyyrö's bit-parallel algorithm (2003), as rapidfuzz computes it,
    for a pattern ``a`` of up to 64 code points. ``masks`` (128 zeros) is left zero."""
    for i in range(la):
        c = a[at + i]
        if c < 128:
            masks[c] |= _ONE << np.uint64(i)
    vp, vn, d0, pm_old = ~_NONE, _NONE, _NONE, _NONE
    dist = la
    last = _ONE << np.uint64(la - 1)
    for j in range(lb):
        pm = _char_mask(a, at, la, b[bt + j], masks)
        tr = (((~d0) & pm) << _ONE) & pm_old
        d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr
        hp = vn | ~(d0 | vp)
        hn = d0 & vp
        dist += (hp & last) != _NONE
        dist -= (hn & last) != _NONE
        hp = (hp << _ONE) | _ONE
        hn = hn << _ONE
        vp = hn | ~(d0 | hp)
        vn = hp & d0
        pm_old = pm
    for i in range(la):
        c = a[at + i]
        if c < 128:
            masks[c] = _NONE
    return dist


@_leaf
def _osa_banded(a, at, la, b, bt, lb, cutoff, rows):
    """OSA distance by the table of edits, only the band of cells within ``cutoff`` of
    the diagonal (cells outside it are beyond the cutoff): for long strings."""
    over = cutoff + 1
    two, one, cur = 0, 1, 2  # the rows of rows holding lines i - 2, i - 1, i
    for j in range(min(lb, over) + 1):
        rows[one, j] = j
    previous_low = 0
    for i in range(1, la + 1):
        lo, hi = max(1, i - cutoff), min(lb, i + cutoff)
        rows[cur, lo - 1] = i if lo == 1 else over
        if hi < lb:
            rows[cur, hi + 1] = over
        ai = a[at + i - 1]
        low = over
        for j in range(lo, hi + 1):
            bj = b[bt + j - 1]
            d = rows[one, j - 1] + (ai != bj)
            d = min(d, rows[one, j] + 1, rows[cur, j - 1] + 1)
            if i > 1 and j > 1 and ai == b[bt + j - 2] and a[at + i - 2] == bj:
                d = min(d, rows[two, j - 2] + 1)
            d = min(d, over)
            rows[cur, j] = d
            low = min(low, d)
        if low > cutoff and previous_low > cutoff:
            return over  # no later line can come back within the cutoff
        previous_low = low
        two, one, cur = one, cur, two
    return rows[one, lb]


@_leaf
def _consonant_similarity(codes, at, la, bt, lb, a_digit, b_digit, side, best, scratch, buf, width):
    """The consonant rules of ``scorer.token_similarity`` (``side``: which token is
    vowel-less, 3 both) after the spelling rules gave ``best``: the similarity, and
    whether a rule decided it (no sounds-alike check after). ``buf`` holds three
    skeletons of up to ``width`` code points."""
    if (side == 1 and la < 0.4 * lb) or (side == 2 and lb < 0.4 * la):
        return best, False  # too few letters for a vowel-less spelling
    x0, y0, f0 = 0, width, 2 * width  # where buf holds the skeletons of a, b, the foreign one
    n = _skeleton(codes, at, la, a_digit, STRICT, buf, x0)
    m = _skeleton(codes, bt, lb, b_digit, STRICT, buf, y0)
    if n > 0 and _same(buf, x0, n, buf, y0, m):
        return (0.95 if n >= 3 else 0.85), True
    n = _skeleton(codes, at, la, a_digit, LOOSE, buf, x0)
    m = _skeleton(codes, bt, lb, b_digit, LOOSE, buf, y0)
    if n >= 3 and _same(buf, x0, n, buf, y0, m):
        return 0.9, True
    for variant in range(2):
        x, nx, y, ny = x0, n, y0, m
        if variant == 1:  # a Latin v or p is what Arabic writes ف, ب
            if side == 1:
                y, ny = f0, _skeleton(codes, bt, lb, b_digit, FOREIGN, buf, f0)
            elif side == 2:
                x, nx = f0, _skeleton(codes, at, la, a_digit, FOREIGN, buf, f0)
            else:
                break
        if nx >= 3 and _same(buf, x, nx, buf, y, ny):
            return 0.9, True
        if nx and ny:
            slen = max(nx, ny)
            allowed = _allowed_edits(slen) if slen > 3 else 0
            dist = osa_distance(buf, x, nx, buf, y, ny, allowed, scratch)
            if dist <= allowed:
                sim = 0.9 * (1.0 - dist / slen)
                if sim > best:
                    best = sim
    return best, False


@_inlined
def _token_similarity(ta, tb, vowelless, person, tokens, rules, scratch, buf, width, memo):
    """``scorer.token_similarity`` of tokens ``ta`` and ``tb`` but for the sounds-alike
    rule: the similarity, whether it is an initial, and whether the sounds-alike rule
    is to be checked. The spelling rules' results are kept in ``memo``."""
    length, first, digit, number, _, _, letters = tokens
    if ta == tb:
        return 1.0, False, False
    la, lb = length[ta], length[tb]
    if person and (la == 1 or lb == 1):
        same_first = first[ta] == first[tb]
        return (rules.initial if same_first else 0.0), same_first, False
    if digit[ta] or digit[tb] or (not person and (number[ta] or number[tb])):
        return 0.0, False, False
    short, longer = min(la, lb), max(la, lb)
    gap = longer - short
    allowed = _allowed_edits(short + 1) if gap <= 1 else _allowed_edits(longer) if gap == 2 else 0
    near = (
        gap <= 2
        and (allowed > 0 or short >= 4)
        and not _far_apart(letters[ta], letters[tb], allowed + 1)
    )
    if not near and not vowelless & 3:
        return 0.0, False, False  # too far for any spelling rule
    # The same two tokens meet again and again in one batch (a query against its
    # candidates): their spelling rules are looked up in a small table first.
    keys, sims, sounds = memo
    key = (ta * len(length) + tb) * 8 + (vowelless & 7)
    slot = ((key * _GOLDEN) >> 40) & (len(keys) - 1)
    if keys[slot] != key:
        keys[slot] = key
        sims[slot], sounds[slot] = _spelling_similarity(
            ta, tb, la, lb, allowed, near, vowelless, tokens, rules, scratch, buf, width
        )
    return sims[slot], False, sounds[slot]


_GOLDEN = -7046029254386353131  # 2**64 / golden ratio, as int64: Fibonacci hashing
_MEMO_SLOTS = 2048  # fits the fastest cache; more slots did no better


@_leaf
def _spelling_similarity(
    ta, tb, la, lb, allowed, near, vowelless, tokens, rules, scratch, buf, width
):
    """The typo, vowels-only and consonant rules of ``scorer.token_similarity`` (see
    ``_token_similarity``): the similarity, and whether sounds-alike is to be checked.
    ``near``: the tokens may be within ``allowed`` + 1 edits."""
    _, _, digit, _, codes, starts, _ = tokens
    at, bt = starts[ta], starts[tb]
    short, longer = min(la, lb), max(la, lb)
    best = 0.0
    dist = longer + 1  # too far: only computed where a rule below can use it
    if near:
        dist = osa_distance(codes, at, la, codes, bt, lb, allowed + 1, scratch)
    if dist <= allowed:
        cost = 1.0 if vowelless & rules.cross_script else rules.typo_cost
        n = _skeleton(codes, at, la, digit[ta], LOOSE, buf, 0)
        m = _skeleton(codes, bt, lb, digit[tb], LOOSE, buf, width)
        if _same(buf, 0, n, buf, width, m):  # only vowels differ
            cost = cost / 2
        best = max(0.0, 1.0 - cost * dist / longer)
    if vowelless & 3:
        best, decided = _consonant_similarity(
            codes, at, la, bt, lb, digit[ta], digit[tb], vowelless & 3, best, scratch, buf, width
        )
        if decided:
            return best, False
    return best, best < rules.sounds_alike and dist <= allowed + 1 and short >= 4


@njit(cache=True)
def cell_similarities(
    q_tab: np.ndarray, c_tab: np.ndarray, nq: np.ndarray, nc: np.ndarray, start: np.ndarray,
    code: np.ndarray, person: np.ndarray, tokens: tuple, rules: Rules,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """``scorer.token_similarity`` of every cell (see ``cell_positions``) but for the
    sounds-alike rule: similarity, is-initial, and whether to check sounds-alike.
    ``tokens``: length, first, digit, number, codes, starts, letters by token id."""
    length = tokens[0]
    cells = start[len(nq)]
    sim = np.zeros(cells)
    initial = np.zeros(cells, np.bool_)
    sounds = np.zeros(cells, np.bool_)
    longest = 1
    for k in range(len(nq)):
        for i in range(nq[k]):
            longest = max(longest, length[q_tab[k, i]])
        for j in range(nc[k]):
            longest = max(longest, length[c_tab[k, j]])
    scratch = _osa_scratch(longest)
    buf = np.empty(3 * longest, np.int32)
    memo = (
        np.full(_MEMO_SLOTS, -1, np.int64),
        np.zeros(_MEMO_SLOTS),
        np.zeros(_MEMO_SLOTS, np.bool_),
    )
    _fill_cells(q_tab, c_tab, nq, nc, start, code, person, tokens, rules, scratch, buf, longest,
                memo, sim, initial, sounds)  # fmt: skip
    return sim, initial, sounds


@_leaf
def _fill_cells(q_tab, c_tab, nq, nc, start, code, person, tokens, rules, scratch, buf, width,
                memo, sim, initial, sounds):  # fmt: skip
    """The loop of ``cell_similarities``, with ``_token_similarity`` inlined: without
    reference counting, as a call per cell would cost more than most cells' work."""
    for k in range(len(nq)):
        m = start[k]
        for i in range(nq[k]):
            ta = q_tab[k, i]
            for j in range(nc[k]):
                sim[m], initial[m], sounds[m] = _token_similarity(
                    ta, c_tab[k, j], code[k], person[k], tokens, rules, scratch, buf, width, memo
                )
                m += 1


@_inlined
def _fathers(tab, k, count, marker, out):
    """scorer.father_positions of row ``k`` into ``out``: positions right after bin,
    ibn, bint. Returns whether there is one."""
    out[0] = False
    for i in range(1, count):
        out[i] = marker[tab[k, i - 1]]
    return out[:count].any()


@_leaf
def _joined(tab, k, count, codes, starts, out, to):
    """Row ``k``'s tokens without spaces, into ``out[to:]``; returns the length."""
    n = 0
    for i in range(count):
        t = tab[k, i]
        for c in range(starts[t], starts[t + 1]):
            out[to + n] = codes[c]
            n += 1
    return n


@_inlined
def _names_far_apart(q_tab, c_tab, k, nq, nc, length, letters):
    """Whether pair ``k``'s names, their tokens joined, are more edits apart than
    ``_joined_similarity`` allows, by their lengths and letters."""
    la = lb = letters_a = letters_b = 0
    for i in range(nq):
        la += length[q_tab[k, i]]
        letters_a |= letters[q_tab[k, i]]
    for j in range(nc):
        lb += length[c_tab[k, j]]
        letters_b |= letters[c_tab[k, j]]
    cutoff = max(1, max(la, lb) // 10)
    return abs(la - lb) > cutoff or _far_apart(letters_a, letters_b, cutoff)


@_leaf
def _joined_similarity(q_tab, c_tab, k, nq, nc, vowelless, tokens, scratch, buf, width):
    """scorer._joined_similarity: the two names of pair ``k`` compared without spaces.
    ``buf`` holds two names of up to ``width`` code points."""
    length, digit, codes, starts, letters = tokens
    if not vowelless & 3 and _names_far_apart(q_tab, c_tab, k, nq, nc, length, letters):
        return 0.0  # as most pairs: no need to write the names out
    la = _joined(q_tab, k, nq, codes, starts, buf, 0)
    lb = _joined(c_tab, k, nc, codes, starts, buf, width)
    cap = 1.0
    if vowelless & 3:
        q_digits, c_digits = True, True
        for i in range(nq):
            q_digits = q_digits and digit[q_tab[k, i]]
        for j in range(nc):
            c_digits = c_digits and digit[c_tab[k, j]]
        # In place: a skeleton is never longer than what it has read so far.
        la = _skeleton(buf, 0, la, q_digits, LOOSE, buf, 0)
        lb = _skeleton(buf, width, lb, c_digits, LOOSE, buf, width)
        cap = 0.95
    if la == 0 or lb == 0:
        return 0.0
    length = max(la, lb)
    dist = osa_distance(buf, 0, la, buf, width, lb, max(1, length // 10), scratch)
    sim = 1.0 - dist / length
    return cap * sim if sim >= 0.9 else 0.0


@_inlined
def _best_cell(sims, used_q, used_c, nq, nc):
    """The next cell of the greedy alignment, as scorer._align sorts: highest similarity,
    then closest positions, then the later query and list positions. -1 when none."""
    best_i, best_j, best_s, best_d = -1, -1, 0.0, 0
    for i in range(nq):
        if used_q[i]:
            continue
        for j in range(nc):
            s = sims[i, j]
            if used_c[j] or s <= 0.0:
                continue
            d = -abs(i - j)
            # Scanned in order: at equal similarity and closeness the later cell wins.
            if best_i < 0 or s > best_s or (s == best_s and d >= best_d):
                best_i, best_j, best_s, best_d = i, j, s, d
    return best_i, best_j


@_inlined
def _role_cells(sim, initial, m, nq, nc, q_father, c_father, roles, other_role, sims, inits):
    """The pair's cells from ``sim[m:]``, ``initial[m:]`` into (nq, nc) of ``sims``,
    ``inits``: a father's name against an own name weighs ``other_role``, and is no
    initial any more (the scorer's "initial, but father's name vs own name")."""
    for i in range(nq):
        for j in range(nc):
            s, init = sim[m], initial[m]
            if roles and s > 0 and q_father[i] != c_father[j]:
                s, init = s * other_role, False
            sims[i, j], inits[i, j] = s, init
            m += 1


@_inlined
def _greedy_alignment(
    k, q_tab, c_tab, nq, nc, sims, inits, given, cross_person, tokens, rules, used_q, used_c
):
    """The scorer's greedy alignment of pair ``k``: num, den, unconfirmed weight and
    count of confirmed tokens, with ``used_q``, ``used_c`` marked."""
    weight, particle = tokens
    num = den = unconfirmed = 0.0
    confirmed = 0
    while True:
        i, j = _best_cell(sims, used_q, used_c, nq, nc)
        if i < 0:
            break
        used_q[i] = used_c[j] = True
        s, init = sims[i, j], inits[i, j]
        if cross_person and not init and s < rules.same_name and given[k, i, j]:
            s = rules.same_name  # one given name in two scripts
        wq, wc = weight[q_tab[k, i]], weight[c_tab[k, j]]
        if init:  # an initial confirms one letter: the rest stays unconfirmed
            w = 2 * min(wq, wc)
            unconfirmed += abs(wq - wc)
        else:
            w = wq + wc
            confirmed += not particle[q_tab[k, i]]
        num += s * w
        den += w
    if cross_person:  # tokens left over on both sides: one given name in two scripts?
        for i in range(nq):
            if used_q[i]:
                continue
            for j in range(nc):
                if not used_c[j] and given[k, i, j]:
                    used_q[i] = used_c[j] = True
                    w = weight[q_tab[k, i]] + weight[c_tab[k, j]]
                    num += rules.same_name * w
                    den += w
                    confirmed += not particle[q_tab[k, i]]
                    break
    return num, den, unconfirmed, confirmed


@_inlined
def _left_over(k, tab, count, used, father, tokens):
    """Weights of a name's tokens left unaligned: particles, others, others that are a
    father's name; and whether one is a number, as the scorer sums them."""
    weight, particle, number = tokens
    particles = others = lineage = 0.0
    numbers = False
    for i in range(count):
        t = tab[k, i]
        if used[i]:
            continue
        numbers |= number[t]
        if particle[t]:
            particles += weight[t]
        else:
            others += weight[t]
            if father[i]:
                lineage += weight[t]
    return particles, others, lineage, numbers


@_leaf
def _longest_joined(q_tab, c_tab, nq, nc, length):
    """The most code points of one name of any pair, its tokens joined."""
    longest = 1
    for k in range(len(nq)):
        lq, lc = 0, 0
        for i in range(nq[k]):
            lq += length[q_tab[k, i]]
        for j in range(nc[k]):
            lc += length[c_tab[k, j]]
        longest = max(longest, lq, lc)
    return longest


@njit(cache=True)
def aligned_scores(
    q_tab: np.ndarray, c_tab: np.ndarray, nq: np.ndarray, nc: np.ndarray, start: np.ndarray,
    sim: np.ndarray, initial: np.ndarray, given: np.ndarray, code: np.ndarray,
    person: np.ndarray, caps: np.ndarray, legal: np.ndarray, tokens: tuple, rules: Rules,
) -> np.ndarray:  # fmt: skip
    """scorer._align and compare_forms' features for every pair, from the cells'
    similarities and initials (see ``cell_positions``) and the cross-script given-name
    cells ``given`` (n, t, t). ``tokens``: length, weight, particle, marker, number,
    digit, codes, starts, letters by token id."""
    n, t = q_tab.shape
    out = np.zeros(n)
    longest = _longest_joined(q_tab, c_tab, nq, nc, tokens[0])
    work = (
        np.zeros((t, t)),  # the pair's similarities, roles applied
        np.zeros((t, t), np.bool_),  # and its initials
        np.zeros((4, t), np.bool_),  # father's names and aligned tokens, query and list
        _osa_scratch(longest),
        np.empty(2 * longest, np.int32),  # the joined names
    )
    pairs = (q_tab, c_tab, nq, nc, start, sim, initial, given, code, person, caps, legal)
    _score_pairs(pairs, tokens, rules, work, longest, out)
    return out


@_leaf
def _score_pairs(pairs, tokens, rules, work, longest, out):
    """The loop of ``aligned_scores``, ``_pair_score`` inlined (see ``_fill_cells``)."""
    for k in range(len(out)):
        out[k] = _pair_score(k, pairs, tokens, rules, work, longest)


@_inlined
def _pair_score(k, pairs, tokens, rules, work, longest):
    """The score of pair ``k`` (see ``aligned_scores``) with the scratch space ``work``."""
    q_tab, c_tab, nq, nc, start, sim, initial, given, code, person, caps, legal = pairs
    length, weight, particle, marker, number, digit, codes, starts, letters = tokens
    sims, inits, flags, scratch, buf = work
    q_father, c_father, used_q, used_c = flags[0], flags[1], flags[2], flags[3]
    kq, kc, is_person = nq[k], nc[k], person[k]
    # Father's name (after bin, ibn) aligned with an own name, where both names say.
    roles = _fathers(q_tab, k, kq, marker, q_father) & _fathers(c_tab, k, kc, marker, c_father)
    _role_cells(sim, initial, start[k], kq, kc, q_father, c_father, roles, rules.other_role,
                sims, inits)  # fmt: skip
    used_q[:kq] = False
    used_c[:kc] = False
    cross_person = is_person and (code[k] & rules.cross_script) > 0
    num, den, unconfirmed, confirmed = _greedy_alignment(
        k, q_tab, c_tab, kq, kc, sims, inits, given, cross_person, (weight, particle),
        rules, used_q, used_c,
    )  # fmt: skip
    left = (weight, particle, number)
    particles_q, extra_q, lineage_q, numbers_q = _left_over(k, q_tab, kq, used_q, q_father, left)
    particles_c, extra_c, lineage_c, numbers_c = _left_over(k, c_tab, kc, used_c, c_father, left)
    particles = particles_q + particles_c
    dropped = rules.person_dropped if is_person else rules.other_dropped
    if is_person and confirmed < 2:
        dropped = 1.0  # one shared name is no evidence that the rest was dropped
    den += dropped * unconfirmed
    if extra_q and extra_c:  # each keeps parts the other lacks: another name
        den += rules.conflict_weight * (extra_q + extra_c) + dropped * particles
    else:  # forefathers' names left out of a short form weigh half
        lineage = lineage_q + lineage_c if is_person else 0.0
        den += dropped * (extra_q + extra_c + particles - rules.lineage_relief * lineage)
    aligned = num / den if den else 0.0
    if kq != kc:
        joined = _joined_similarity(
            q_tab,
            c_tab,
            k,
            kq,
            kc,
            code[k],
            (length, digit, codes, starts, letters),
            scratch,
            buf,
            longest,
        )
        aligned = max(aligned, joined)
    aligned = min(aligned, caps[k])  # syllabic scripts: characters that differ
    if legal[k]:
        aligned -= rules.legal_form_conflict
    if (numbers_q or numbers_c) and not is_person:  # "Fund 2" vs "Fund 3"
        aligned -= rules.number_conflict
    return aligned


# The tie-break's whole-name ratio (rapidfuzz's ``fuzz.ratio``), for the patterns that
# fit one machine word.
RATIO_PATTERN = 64


@_leaf
def _popcount(x):
    """The set bits of a uint64."""
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@njit(cache=True)
def best_ratios(
    q_codes: np.ndarray, q_starts: np.ndarray, codes: np.ndarray, starts: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """For each of ``rows``, the best ``fuzz.ratio`` (as rapidfuzz's ``cdist`` gives it:
    float32) of any pattern ``q_codes[q_starts[f]:q_starts[f + 1]]`` against the row's
    text ``codes[starts[r]:starts[r + 1]]``. Every pattern is 1 to ``RATIO_PATTERN`` code
    points long. The ratio is the Indel similarity, ``1 - (m + n - 2 lcs) / (m + n)``,
    times 100; the longest common subsequence by Hyyrö's bit-parallel algorithm."""
    out = np.zeros(len(rows), np.float32)
    masks = np.zeros(128, np.uint64)
    for f in range(len(q_starts) - 1):
        at, m = q_starts[f], q_starts[f + 1] - q_starts[f]
        for i in range(m):
            c = q_codes[at + i]
            if c < 128:
                masks[c] |= _ONE << np.uint64(i)
        low = ~_NONE if m == 64 else (_ONE << np.uint64(m)) - _ONE
        for k in range(len(rows)):
            r = rows[k]
            s = ~_NONE
            n = starts[r + 1] - starts[r]
            for p in range(starts[r], starts[r + 1]):
                pm = _char_mask(q_codes, at, m, codes[p], masks)
                u = s & pm
                s = (s + u) | (s - u)
            lcs = _popcount(~s & low)
            total = m + n
            dist = total - 2 * np.int64(lcs)
            ratio = np.float32((1.0 - dist / total) * 100.0)
            if ratio > out[k]:
                out[k] = ratio
        for i in range(m):
            c = q_codes[at + i]
            if c < 128:
                masks[c] = _NONE
    return out


@njit(cache=True)
def best_ratios_many(
    q_codes: np.ndarray, q_starts: np.ndarray, q_ptr: np.ndarray, codes: np.ndarray,
    starts: np.ndarray, rows: np.ndarray, row_ptr: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """``best_ratios`` of many queries in one call: query ``q``'s patterns are
    ``q_ptr[q]:q_ptr[q + 1]`` (of ``q_starts``), its rows ``rows[row_ptr[q]:row_ptr[q + 1]]``;
    the ratios one query's rows after another's."""
    out = np.zeros(len(rows), np.float32)
    for q in range(len(q_ptr) - 1):
        a, b = row_ptr[q], row_ptr[q + 1]
        out[a:b] = best_ratios(q_codes, q_starts[q_ptr[q] : q_ptr[q + 1] + 1], codes, starts,
                               rows[a:b])  # fmt: skip
    return out


class Weights(NamedTuple):
    """The word weights of the explanation (``scorer._align`` given the lists' generic
    words) and the most matchings the person bound enumerates."""

    generic: float  # GENERIC_FACTOR: a generic word only one name has (listed, particles)
    query_generic: float  # QUERY_GENERIC_FACTOR: a generic word only the query has
    distinctive: float  # DISTINCTIVE_FACTOR: a distinctive word only the query has
    paired_generic: float  # PAIRED_GENERIC_FACTOR: a generic word both names have
    matchings: int  # beyond this many, a person pair's bound is 2 (always explained)


@njit(cache=True)
def bound_scores(
    q_tab: np.ndarray, c_tab: np.ndarray, nq: np.ndarray, nc: np.ndarray, start: np.ndarray,
    sim: np.ndarray, initial: np.ndarray, given: np.ndarray, code: np.ndarray,
    person: np.ndarray, caps: np.ndarray, legal: np.ndarray, tokens: tuple, rules: Rules,
    generic: np.ndarray, q_first: np.ndarray, c_first: np.ndarray, weights: Weights,
) -> np.ndarray:  # fmt: skip
    """An upper bound of the screener's explanation (``scorer.compare_forms`` with the
    lists' generic or common words) of every pair, where ``aligned_scores`` gives the
    score without them. ``generic``: per token id, generic on the lists; ``q_first``,
    ``c_first`` (n, t): per token, the first letter of its word as written, lowered, as
    an id.

    Organisation rules: the explanation aligns as the batch does (the same cells, the
    same greedy order) and weighs words by ``weights``: computed exactly, before its
    caps (which only lower). Person rules: the explanation's cells are the batch's,
    but an initial matches by its written letter (E. ~ Eugenio, folded "ugenio") and
    two given names alike only as spellings count less (``scorer._two_names``), which
    may change the greedy alignment; common names confirm nothing, which only lowers.
    The bound is the best score of any alignment over cells at the batch's similarity
    (the written initials added), which the explanation's alignment is one of."""
    n, t = q_tab.shape
    out = np.zeros(n)
    longest = _longest_joined(q_tab, c_tab, nq, nc, tokens[0])
    work = (
        np.zeros((t, t)),
        np.zeros((t, t), np.bool_),
        np.zeros((4, t), np.bool_),
        _osa_scratch(longest),
        np.empty(2 * longest, np.int32),
        np.zeros(t, np.int64),  # the person bound's choice per query token
    )
    pairs = (q_tab, c_tab, nq, nc, start, sim, initial, given, code, person, caps, legal)
    firsts = (generic, q_first, c_first)
    _bound_pairs(pairs, tokens, rules, firsts, weights, work, longest, out)
    return out


@_leaf
def _bound_pairs(pairs, tokens, rules, firsts, weights, work, longest, out):
    for k in range(len(out)):
        out[k] = _pair_bound(k, pairs, tokens, rules, firsts, weights, work, longest)


@_inlined
def _weighed(t, tokens, generic, factor):
    """A token's weight, times ``factor`` where it is generic."""
    w = tokens[1][t]
    return w * factor if generic[t] else w


@_inlined
def _pair_bound(k, pairs, tokens, rules, firsts, weights, work, longest):
    q_tab, c_tab, nq, nc, start, sim, initial, given, code, person, caps, legal = pairs
    length, _, _, marker, _, digit, codes, starts, letters = tokens
    generic, q_first, c_first = firsts
    sims, inits, flags, scratch, buf, choice = work
    q_father, c_father, used_q, used_c = flags[0], flags[1], flags[2], flags[3]
    kq, kc, is_person = nq[k], nc[k], person[k]
    roles = _fathers(q_tab, k, kq, marker, q_father) & _fathers(c_tab, k, kc, marker, c_father)
    cross_person = is_person and (code[k] & rules.cross_script) > 0
    m = start[k]
    for i in range(kq):
        for j in range(kc):
            s, init = sim[m], initial[m]
            m += 1
            if is_person and s == 0.0:
                one_a, one_b = length[q_tab[k, i]] == 1, length[c_tab[k, j]] == 1
                if one_a != one_b and q_first[k, i] == c_first[k, j]:
                    s, init = rules.initial, True  # an initial, by its written letter
            if roles and s > 0 and q_father[i] != c_father[j]:
                s, init = s * rules.other_role, False
            sims[i, j], inits[i, j] = s, init
    if not is_person:
        return _org_bound(k, q_tab, c_tab, kq, kc, sims, inits, tokens, rules, generic,
                          weights, q_father, c_father, used_q, used_c, code, caps, legal,
                          scratch, buf, longest)  # fmt: skip
    if cross_person:  # one given name in two scripts: the explanation's upgrade, at most
        for i in range(kq):
            for j in range(kc):
                if given[k, i, j] and not inits[i, j] and sims[i, j] < rules.same_name:
                    sims[i, j] = rules.same_name
    best = _best_matching(k, q_tab, c_tab, kq, kc, sims, inits, tokens, rules, q_father,
                          c_father, used_q, used_c, choice, weights.matchings)  # fmt: skip
    if kq != kc:
        joined = _joined_similarity(q_tab, c_tab, k, kq, kc, code[k],
                                    (length, digit, codes, starts, letters), scratch, buf,
                                    longest)  # fmt: skip
        best = max(best, joined)
    best = min(best, caps[k])
    if legal[k]:
        best -= rules.legal_form_conflict
    return best


@_inlined
def _org_bound(k, q_tab, c_tab, kq, kc, sims, inits, tokens, rules, generic, weights, q_father,
               c_father, used_q, used_c, code, caps, legal, scratch, buf, longest):  # fmt: skip
    """The explanation's name score of an organisation-rules pair, before its caps."""
    length, weight, particle, _, number, digit, codes, starts, letters = tokens
    used_q[:kq] = False
    used_c[:kc] = False
    num = den = unconfirmed = 0.0
    while True:
        i, j = _best_cell(sims, used_q, used_c, kq, kc)
        if i < 0:
            break
        used_q[i] = used_c[j] = True
        s = sims[i, j]
        wq = _weighed(q_tab[k, i], tokens, generic, weights.paired_generic)
        wc = _weighed(c_tab[k, j], tokens, generic, weights.paired_generic)
        if inits[i, j]:
            w = 2 * min(wq, wc)
            unconfirmed += abs(wq - wc)
        else:
            w = wq + wc
        num += s * w
        den += w
    particles = extra_q = extra_c = 0.0
    numbers = False
    for i in range(kq):
        tq = q_tab[k, i]
        if used_q[i]:
            continue
        numbers |= number[tq]
        if particle[tq]:
            particles += _weighed(tq, tokens, generic, weights.generic)
        else:
            factor = weights.query_generic if generic[tq] else weights.distinctive
            extra_q += weight[tq] * factor
    for j in range(kc):
        tc = c_tab[k, j]
        if used_c[j]:
            continue
        numbers |= number[tc]
        if particle[tc]:
            particles += _weighed(tc, tokens, generic, weights.generic)
        else:
            extra_c += _weighed(tc, tokens, generic, weights.generic)
    dropped = rules.other_dropped
    den += dropped * unconfirmed
    if extra_q and extra_c:
        den += rules.conflict_weight * (extra_q + extra_c) + dropped * particles
    else:
        den += dropped * (extra_q + extra_c + particles)
    aligned = num / den if den else 0.0
    if kq != kc:
        joined = _joined_similarity(q_tab, c_tab, k, kq, kc, code[k],
                                    (length, digit, codes, starts, letters), scratch, buf,
                                    longest)  # fmt: skip
        aligned = max(aligned, joined)
    aligned = min(aligned, caps[k])
    if legal[k]:
        aligned -= rules.legal_form_conflict
    if numbers:
        aligned -= rules.number_conflict
    return aligned


@_inlined
def _best_matching(k, q_tab, c_tab, kq, kc, sims, inits, tokens, rules, q_father, c_father,
                   used_q, used_c, choice, most):  # fmt: skip
    """The best person-rules score (``scorer._align``, every word weighed by its length
    and each kept name counted as confirming) of any alignment of pair ``k`` over its
    cells of positive similarity: the query tokens' choices enumerated like an odometer
    (-1: unaligned). 2.0 where there are more than ``most`` alignments."""
    weight, particle = tokens[1], tokens[2]
    used_c[:kc] = False
    best = 0.0
    count = 0
    i = 0
    choice[0] = -2  # the next choice of token 0 is -1
    while i >= 0:
        # The next choice of token i, after its current one.
        if choice[i] >= 0:
            used_c[choice[i]] = False
        j = choice[i] + 1
        while j < kc and (j >= 0 and (used_c[j] or sims[i, j] <= 0.0)):
            j += 1
        if j >= kc:
            i -= 1  # token i has no more choices: back to the one before
            continue
        choice[i] = j
        if j >= 0:
            used_c[j] = True
        if i + 1 < kq:
            i += 1
            choice[i] = -2
            continue
        count += 1
        if count > most:
            return 2.0
        best = max(best, _matching_score(k, q_tab, c_tab, kq, kc, sims, inits, weight,
                                         particle, rules, q_father, c_father, choice,
                                         used_c))  # fmt: skip
    return best


@_inlined
def _matching_score(k, q_tab, c_tab, kq, kc, sims, inits, weight, particle, rules, q_father,
                    c_father, choice, used_c):  # fmt: skip
    """The person-rules score of the alignment ``choice`` (``used_c``: the list tokens it
    takes), as ``scorer._align`` sums it with every kept name confirming."""
    num = den = unconfirmed = 0.0
    confirmed = 0
    particles = extra_q = extra_c = lineage = 0.0
    for i in range(kq):
        tq = q_tab[k, i]
        j = choice[i]
        if j < 0:
            if particle[tq]:
                particles += weight[tq]
            else:
                extra_q += weight[tq]
                if q_father[i]:
                    lineage += weight[tq]
            continue
        wq, wc = weight[tq], weight[c_tab[k, j]]
        if inits[i, j]:
            w = 2 * min(wq, wc)
            unconfirmed += abs(wq - wc)
        else:
            w = wq + wc
            confirmed += not particle[tq]
        num += sims[i, j] * w
        den += w
    for j in range(kc):
        if used_c[j]:
            continue
        tc = c_tab[k, j]
        if particle[tc]:
            particles += weight[tc]
        else:
            extra_c += weight[tc]
            if c_father[j]:
                lineage += weight[tc]
    dropped = rules.person_dropped
    if confirmed < 2:
        dropped = 1.0
    den += dropped * unconfirmed
    if extra_q and extra_c:
        den += rules.conflict_weight * (extra_q + extra_c) + dropped * particles
    else:
        den += dropped * (extra_q + extra_c + particles - rules.lineage_relief * lineage)
    return num / den if den else 0.0
