"""Batch name scoring: the scorer's rules over many pairs at once, compiled with numba.

The scores equal ``scorer.compare_forms`` pair for pair. Pairs come in as a
``PairTable``: both names of every pair as rows of token ids, and every token's
properties and code points by id (``TokenProperties``). Pairs are scored in groups
by width: one kernel (``kernels.cell_similarities``) takes every query token against
every list token of a pair, with the spelling, initial, number and consonant rules;
rigour's metaphone, for the few cells that ask for sounds-alike, and the cross-script
given-name lookup stay in Python; a second kernel (``kernels.aligned_scores``) aligns
each pair greedily as the scorer does and adds the score's features. ``score_pairs``
builds the table from raw strings; the screener builds it from the token ids its index
already holds. Explanations are left to ``compare_forms``, which only the pairs worth
explaining need.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rigour._core import metaphone

from . import kernels
from .given_names import EMPTY, GivenNameSets
from .kernels import Rules, Weights
from .model import EntryKind
from .names import NameForm, name_forms
from .scorer import (
    CONFLICT_WEIGHT,
    CROSS_SCRIPT,
    DISTINCTIVE_FACTOR,
    DROPPED_PART_PENALTY,
    GENERIC_FACTOR,
    INITIAL,
    LEGAL_FORM_CONFLICT,
    LINEAGE_RELIEF,
    NUMBER_CONFLICT,
    OTHER_DROPPED_PART_PENALTY,
    OTHER_ROLE,
    PAIRED_GENERIC_FACTOR,
    PARTICLES,
    PATRONYMIC_MARKERS,
    QUERY_GENERIC_FACTOR,
    ROMAN,
    SAME_NAME,
    SOUNDS_ALIKE,
    SYLLABIC_SCRIPTS,
    TYPO_COST,
    compare_forms,
    legal_conflict,
    written_in,
    written_similarity,
)

MAX_TOKENS = 12  # longer names (rare) go through the one-pair scorer
# A person pair with more alignments than this (long names) is given no bound below 1.
BOUND_MATCHINGS = 5_000


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
    # Given-name set (into ``given_sets``) of the first ``len(word_given)`` word ids,
    # looked up beforehand; the others are looked up when needed.
    word_given: np.ndarray
    given_sets: GivenNameSets
    # For the bound of the screener's explanation (``bounded_scores``): per token id,
    # whether it is generic on the lists; per word id, the first letter as written,
    # lowered, as an id.
    generic: np.ndarray | None = None
    word_first: np.ndarray | None = None


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
    text: dict[str, int] = {}  # tokens by id: the vocabulary the kernels get
    words: dict[str, int] = {}  # tokens as written, for the given-name rule

    def encode(strings: tuple[str, ...], ids: dict[str, int]) -> list[int]:
        return [ids.setdefault(s, len(ids)) for s in strings]

    n = len(pairs)
    vowelless = np.fromiter(
        ((q.vowelless | 2 * c.vowelless) | (CROSS_SCRIPT * (q.script != c.script))
         for q, c, _ in pairs),
        np.int32, n,
    )  # fmt: skip
    caps = np.ones(n)
    for k, (q, c, _) in enumerate(pairs):
        if written_in(q) in SYLLABIC_SCRIPTS:
            caps[k] = written_similarity(q, c)
    q_tab = pad_ids([encode(q.tokens, text) for q, _, _ in pairs])
    c_tab = pad_ids([encode(c.tokens, text) for _, c, _ in pairs])
    q_word = pad_ids([encode(q.words or q.tokens, words) for q, _, _ in pairs])
    c_word = pad_ids([encode(c.words or c.tokens, words) for _, c, _ in pairs])
    return PairTable(
        tokens=TokenProperties(list(text)),
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
        word=list(words).__getitem__,
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
    return _scored(table, False)[0]


def bounded_scores(table: PairTable) -> tuple[np.ndarray, np.ndarray]:
    """The score of every pair of ``table``, and an upper bound of the screener's
    explanation of it (``compare_forms`` with the lists' generic or common words, before
    the screener's own features, which only lower it): see ``kernels.bound_scores``.
    ``table`` must carry ``generic`` and ``word_first``."""
    scores, bounds = _scored(table, True)
    assert bounds is not None
    return scores, bounds


def _scored(table: PairTable, bound: bool) -> tuple[np.ndarray, np.ndarray | None]:
    # Same tokens in the same order: only the written characters and legal forms can differ.
    same = (table.q_tab == table.c_tab).all(axis=1)
    out = table.caps - LEGAL_FORM_CONFLICT * table.legal
    bounds = out.copy() if bound else None
    rest = np.flatnonzero(~same)
    if len(rest):
        out[rest], upper = _aligned_scores(table, rest, bound)
        if bounds is not None:
            bounds[rest] = upper
    return np.clip(out, 0.0, 1.0), None if bounds is None else np.clip(bounds, 0.0, 1.0)


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
        # The code points of all tokens in a row, token t at starts[t]:starts[t + 1]:
        # the kernels' strings. One encode for the whole vocabulary.
        joined = "".join(text).encode("utf-32-le", "surrogatepass")
        self.codes = np.frombuffer(joined, np.int32).copy()
        self.starts = np.zeros(count + 1, np.int64)
        np.cumsum(self.length, out=self.starts[1:])
        self.letters = kernels.letter_sets(self.codes, self.starts)

    def sounds(self) -> np.ndarray:
        """Per token, an id of its metaphone (equal ids, equal sounds), for the scorer's
        sounds-alike rule: made on first use, never pickled (the ids are this process's)."""
        made = self.__dict__.get("_sounds")
        if made is None:
            made = self.__dict__["_sounds"] = _sound_ids(self.text)
        return made

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_sounds", None)
        return state

    def extended(self, more: list[str], keep: np.ndarray | None = None) -> TokenProperties:
        """The tokens ``keep`` (all by default) and ``more`` after them, with ids in that
        order."""
        if not more and keep is None:
            return self
        added = TokenProperties(more)
        out = TokenProperties.__new__(TokenProperties)
        out.text = (self.text if keep is None else [self.text[i] for i in keep.tolist()]) + more
        names = ("length", "first", "digit", "number", "particle", "marker", "weight", "letters")
        for name in names:
            mine = getattr(self, name)
            kept = mine if keep is None else mine[keep]
            setattr(out, name, np.concatenate((kept, getattr(added, name))))
        codes, starts = self.codes, self.starts
        if keep is not None:  # the kept tokens' code points, in the order kept
            lengths = self.length[keep].astype(np.int64)
            starts = np.zeros(len(keep) + 1, np.int64)
            np.cumsum(lengths, out=starts[1:])
            codes = codes[
                np.arange(starts[-1]) + np.repeat(self.starts[keep] - starts[:-1], lengths)
            ]
        out.codes = np.concatenate((codes, added.codes))
        out.starts = np.concatenate((starts, added.starts[1:] + starts[-1]))
        sounds = self.sounds()
        out.__dict__["_sounds"] = np.concatenate(
            (sounds if keep is None else sounds[keep], _sound_ids(more))
        )
        return out


# Metaphone codes by id, one numbering for every TokenProperties of this process (the
# lock: screenings in threads number new codes).
_SOUNDS: dict[str, int] = {}
_SOUNDS_LOCK = threading.Lock()


def _sound_ids(text: Sequence[str]) -> np.ndarray:
    """The id of each token's metaphone in ``_SOUNDS``."""
    codes = [metaphone(t) for t in text]
    ids = _SOUNDS
    with _SOUNDS_LOCK:
        return np.fromiter((ids.setdefault(c, len(ids)) for c in codes), np.int64, len(codes))


# The scorer's constants, passed to the kernels (see kernels.Rules).
_RULES = Rules(
    typo_cost=TYPO_COST,
    cross_script=CROSS_SCRIPT,
    sounds_alike=SOUNDS_ALIKE,
    initial=INITIAL,
    other_role=OTHER_ROLE,
    same_name=SAME_NAME,
    person_dropped=DROPPED_PART_PENALTY[EntryKind.PERSON],
    other_dropped=OTHER_DROPPED_PART_PENALTY,
    conflict_weight=CONFLICT_WEIGHT,
    lineage_relief=LINEAGE_RELIEF,
    legal_form_conflict=LEGAL_FORM_CONFLICT,
    number_conflict=NUMBER_CONFLICT,
)

# The explanation's word weights (screening against lists), for the bound kernel.
_WEIGHTS = Weights(
    generic=GENERIC_FACTOR,
    query_generic=QUERY_GENERIC_FACTOR,
    distinctive=DISTINCTIVE_FACTOR,
    paired_generic=PAIRED_GENERIC_FACTOR,
    matchings=BOUND_MATCHINGS,
)

# Pairs are aligned in groups by their longer name's token count: most names have two
# to four tokens, and their alignment tables need not be as wide as the longest.
_WIDTHS = (3, 5, 8, MAX_TOKENS)


def _aligned_scores(
    table: PairTable, idx: np.ndarray, bound: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """``scorer._align`` and the score features for the pairs ``idx`` of ``table``; with
    ``bound``, also the bounds of ``bounded_scores`` (else zeros)."""
    tok = table.tokens
    nq = kernels.token_counts(table.q_tab.astype(np.int64, copy=False), idx)
    nc = kernels.token_counts(table.c_tab.astype(np.int64, copy=False), idx)
    longer = np.maximum(nq, nc)
    out = np.zeros(len(idx))
    upper = np.zeros(len(idx))
    narrower = 0
    for width in _WIDTHS:
        group = np.flatnonzero((longer > narrower) & (longer <= width))
        narrower = width
        if len(group):
            counts = nq[group], nc[group]
            out[group], upper[group] = _aligned_group(table, tok, idx[group], width, counts,
                                                      bound)  # fmt: skip
    return out, upper


def _cell_similarities(
    tok: TokenProperties,
    q_tab: np.ndarray,
    c_tab: np.ndarray,
    counts: tuple[np.ndarray, np.ndarray],
    cells: tuple[np.ndarray, ...],
    code: np.ndarray,
    person: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``scorer.token_similarity`` of every cell: similarity, is-initial.

    The kernel does all but the sounds-alike rule, which needs rigour's metaphone
    of the tokens; it marks the cells that ask for it.
    """
    pair, qi, cj, start = cells
    nq, nc = counts
    properties = (tok.length, tok.first, tok.digit, tok.number, tok.codes, tok.starts, tok.letters)
    sim, initial, sounds = kernels.cell_similarities(
        q_tab, c_tab, nq, nc, start, code, person, properties, _RULES
    )
    rows = np.flatnonzero(sounds)
    a, b = q_tab[pair[rows], qi[rows]], c_tab[pair[rows], cj[rows]]
    sounds = tok.sounds()
    sim[rows[sounds[a] == sounds[b]]] = SOUNDS_ALIKE
    return sim, initial


def _aligned_group(
    table: PairTable,
    tok: TokenProperties,
    idx: np.ndarray,
    t: int,
    counts: tuple[np.ndarray, np.ndarray],
    bound: bool = False,
) -> tuple[np.ndarray, np.ndarray | float]:
    """The scores of pairs ``idx``, whose names hold up to ``t`` tokens (``counts``), and
    with ``bound`` their bounds (see ``bounded_scores``)."""
    # One dtype per argument: each combination would be another compiled kernel.
    q_tab = kernels.gather_rows(table.q_tab.astype(np.int64, copy=False), idx, t)
    c_tab = kernels.gather_rows(table.c_tab.astype(np.int64, copy=False), idx, t)
    person = table.person[idx].astype(bool, copy=False)
    code = table.code[idx].astype(np.int64, copy=False)
    caps = table.caps[idx].astype(np.float64, copy=False)
    legal = table.legal[idx].astype(bool, copy=False)
    nq, nc = counts
    # Every query token against every list token of its pair.
    cells = kernels.cell_positions(nq, nc)
    sim, initial = _cell_similarities(tok, q_tab, c_tab, (nq, nc), cells, code, person)
    cross_person = (code & CROSS_SCRIPT > 0) & person
    pair, qi, cj, start = cells
    given = _given_name_cells(table, idx, t, cross_person, pair, qi, cj)
    properties = (tok.length, tok.weight, tok.particle, tok.marker, tok.number, tok.digit,
                  tok.codes, tok.starts, tok.letters)  # fmt: skip
    scores = kernels.aligned_scores(
        q_tab, c_tab, nq, nc, start, sim, initial, given, code, person, caps, legal, properties,
        _RULES,
    )  # fmt: skip
    if not bound:
        return scores, 0.0
    assert table.generic is not None and table.word_first is not None
    firsts = []
    for words in (table.q_word, table.c_word):
        ids = words[idx, :t]
        firsts.append(np.where(ids >= 0, table.word_first[np.maximum(ids, 0)], -1))
    bounds = kernels.bound_scores(
        q_tab, c_tab, nq, nc, start, sim, initial, given, code, person, caps, legal, properties,
        _RULES, table.generic.astype(bool, copy=False), firsts[0].astype(np.int64),
        firsts[1].astype(np.int64), _WEIGHTS,
    )  # fmt: skip
    return scores, bounds


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
