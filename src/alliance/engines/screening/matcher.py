"""Screen a name against loaded lists: index candidates, score names, weigh extra facts."""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from . import kernels
from .batch import (
    MAX_TOKENS,
    PairTable,
    TokenProperties,
    bounded_scores,
    pad_ids,
    score_table,
)
from .distinctive_names import loose_feature
from .given_names import PARALLEL_ENTRIES, GivenNameLookup
from .heap import freeze_long_lived
from .index import CANDIDATES, TokenIndex
from .model import NAME_PART_ROLES, EntryKind, ListEntry, NameParts
from .name_parts import parts_feature
from .names import LEGAL_FORM_CODES, NameForm, fold_token, name_forms
from .org_words import GENERIC_WORDS, place_words
from .respacing import RESPACED_COST, respaced_forms, respacing_keys
from .scorer import (
    CROSS_SCRIPT,
    DEFAULT_THRESHOLD,
    PARTICLES,
    SYLLABIC_SCRIPTS,
    Explanation,
    Feature,
    compare_forms,
    token_weight,
    written_in,
    written_similarity,
)
from .typo_readings import Reading, WrittenWords, typo_readings

KIND_AGREES = 0.02
KIND_CONFLICT = -0.15
BIRTH_DATE_SAME_DAY = 0.06
BIRTH_YEAR_SAME = 0.03
BIRTH_YEAR_CONFLICT = -0.15
COUNTRY_AGREES = 0.03
COUNTRY_CONFLICT = -0.05
NAMED_KINDS = (EntryKind.PERSON, EntryKind.ORGANISATION)
POOL = 2_000  # rows taken from the index before the fuzzy tie-break
SCREEN_BATCH = 256  # queries whose candidates are scored together
LOOKUP_CHUNK = 20_000  # entries whose new words are queued for given-name lookup at once
# A word in the names of this share of the listed organisations (and of at least
# GENERIC_MIN_ENTRIES of them), or in org_words.GENERIC_WORDS, is generic.
GENERIC_SHARE = 0.0025
GENERIC_MIN_ENTRIES = 20
# A name in the names of this share of the listed persons is common: it does not confirm
# a person on its own (scorer: dropped parts then cost in full).
COMMON_NAME_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class Query:
    """A name to screen, with what else is known. The name may be given as its parts
    (first, middle, last name, patronymic); ``name`` is then their join unless given too.
    With a first (or middle) and a last name the roles are known: see ``name_parts``."""

    name: str = ""
    kind: EntryKind | str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    birth_date: str | None = None  # ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    first_name: str = ""
    middle_name: str = ""
    patronymic: str = ""
    last_name: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            parts = (getattr(self, role) for role in NAME_PART_ROLES)
            object.__setattr__(self, "name", " ".join(p.strip() for p in parts if p.strip()))

    def parts(self) -> NameParts | None:
        """The name's parts, if any were given."""
        values = {role: getattr(self, role).strip() for role in NAME_PART_ROLES}
        return NameParts(self.name, **values) if any(values.values()) else None


@dataclass(frozen=True, slots=True)
class Match:
    list_id: str
    entry_id: str
    matched_name: str
    score: float
    explanation: Explanation

    def to_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "entry_id": self.entry_id,
            "matched_name": self.matched_name,
            "score": round(self.score, 4),
            "explanation": self.explanation.to_dict(),
        }


class RowStore:
    """Name forms of all rows.

    Tokens are ids into one vocabulary, stored flat (row ``r`` owns
    ``ids[start[r]:start[r + 1]]``), for the index and the batch scorer; each row
    also keeps its text packed as one string ("tok tok|legal") for the tie-break.
    """

    def __init__(self, *, parallel_lookup: bool = False) -> None:
        self.packed: list[str] = []
        # ``packed`` with its words sorted, as rapidfuzz's token_sort_ratio sorts them.
        self.sorted_packed: list[str] = []
        # Given-name ids of the words (see given_names), looked up as rows are added.
        self._given = GivenNameLookup(parallel=parallel_lookup)
        self._queued: list[_Queued] = []
        self._sent = [0, 0]  # tokens, written words queued so far
        # Each token as written in its own script: its token id where folding left it as
        # is, else a word of ``written`` (id ``len(text) + k`` once finished).
        self.written: list[str] = []
        self._written_ids: dict[str, int] = {}
        self.scripts: list[str] = []
        self.script_ids: dict[str, int] = {}
        self.vocab: dict[str, int] = {}
        self.text: list[str] = []
        self._script_of = array("B")
        self._vowelless = array("B")
        self._legal = array("B")
        self._ids = array("i")
        self._word_ids = array("i")
        self._ends = array("q")

    def append(self, form: NameForm) -> None:
        packed = " ".join(form.tokens) + "|" + " ".join(form.legal_forms)
        self.packed.append(packed)
        words = packed.split()
        ordered = " ".join(sorted(words))
        # One string where sorting changes nothing: a million rows stay small.
        self.sorted_packed.append(packed if ordered == packed else ordered)
        sid = self.script_ids.get(form.script)
        if sid is None:
            sid = self.script_ids[form.script] = len(self.scripts)
            self.scripts.append(form.script)
        self._script_of.append(sid)
        self._vowelless.append(form.vowelless)
        self._legal.append(legal_bits(form.legal_forms))
        vocab, text = self.vocab, self.text
        for tok in form.tokens:
            tid = vocab.get(tok)
            if tid is None:
                tid = vocab[tok] = len(text)
                text.append(tok)
            self._ids.append(tid)
        if form.words:
            written, written_ids = self.written, self._written_ids
            for word in form.words:  # negative until the vocabulary is complete
                wid = written_ids.get(word)
                if wid is None:
                    wid = written_ids[word] = len(written)
                    written.append(word)
                self._word_ids.append(-1 - wid)
        else:
            self._word_ids.extend(self._ids[len(self._ids) - len(form.tokens) :])
        self._ends.append(len(self._ids))

    def look_up_new_words(self) -> None:
        """Queue the words added since the last call (tokens, written words) for their
        given-name ids."""
        for written, words in enumerate((self.text, self.written)):
            first = self._sent[written]
            if len(words) > first:
                at = self._given.add(words[first:])
                self._queued.append(_Queued(bool(written), first, len(words) - first, at))
                self._sent[written] = len(words)

    def discard(self) -> None:
        """Stop looking words up (the rows will not be finished)."""
        self._given.close()

    def finish(self) -> None:
        """Freeze the rows into numpy arrays for the index and the batch scorer."""
        self.look_up_new_words()
        looked_up = self._given.result()
        self.given_sets = self._given.sets
        # Set id of each word id (tokens, then written words).
        size = len(self.text)
        self.word_given = np.empty(size + len(self.written), np.int32)
        for written, first, length, at in self._queued:
            start = first + size * written
            self.word_given[start : start + length] = looked_up[at : at + length]
        del self._given, self._queued, self._sent
        self.ids = np.array(self._ids, dtype=np.int32)
        word_ids = np.array(self._word_ids, dtype=np.int32)
        self.word_ids = np.where(word_ids < 0, len(self.text) - 1 - word_ids, word_ids)
        self.start = np.concatenate(([0], np.array(self._ends, dtype=np.int64)))
        self.count = np.diff(self.start)
        self.script_of = np.array(self._script_of, dtype=np.int32)
        self.vowelless = np.array(self._vowelless, dtype=np.int32)
        self.legal = np.array(self._legal, dtype=np.int32)
        self.properties = TokenProperties(self.text)  # of the vocabulary, for the batch scorer
        del self._ids, self._word_ids, self._written_ids, self._ends
        del self._script_of, self._vowelless, self._legal

    def __len__(self) -> int:
        return len(self.packed)

    def sorted_names(self) -> np.ndarray:
        """``sorted_packed`` as an object array, whose rows a pool takes in one step (made
        on first use; never pickled)."""
        names = self.__dict__.get("_sorted_names")
        if names is None:
            names = np.empty(len(self.sorted_packed), dtype=object)
            names[:] = self.sorted_packed
            self.__dict__["_sorted_names"] = names
        return names

    def sorted_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """``sorted_packed`` as code points, row ``r`` at ``starts[r]:starts[r + 1]``, for
        the tie-break's kernel: one byte each where every name is ASCII (made on first
        use; never pickled)."""
        made = self.__dict__.get("_sorted_codes")
        if made is None:
            joined = "".join(self.sorted_packed)
            if joined.isascii():
                codes = np.frombuffer(joined.encode("ascii"), np.uint8)
            else:
                codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.int32)
            lengths = np.fromiter(map(len, self.sorted_packed), np.int64, len(self))
            starts = np.zeros(len(self) + 1, np.int64)
            np.cumsum(lengths, out=starts[1:])
            made = self.__dict__["_sorted_codes"] = (codes, starts)
        return made

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_sorted_names", None)
        state.pop("_sorted_codes", None)
        return state

    def tokens(self, row: int) -> tuple[str, ...]:
        return tuple(self.packed[row].split("|", 1)[0].split())

    def word(self, word_id: int) -> str:
        """A word as written, by its id in ``word_ids``."""
        size = len(self.text)
        return self.text[word_id] if word_id < size else self.written[word_id - size]

    def form(self, row: int, original: str) -> NameForm:
        tokens, legal = self.packed[row].split("|", 1)
        folded = tuple(tokens.split())
        start, end = int(self.start[row]), int(self.start[row + 1])
        written = tuple(map(self.word, self.word_ids[start:end].tolist()))
        return NameForm(
            original=original,
            tokens=folded,
            legal_forms=tuple(legal.split()),
            vowelless=bool(self.vowelless[row]),
            script=self.scripts[self.script_of[row]],
            words=written if written != folded else (),
        )

    def tables(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Padded tables of ``rows`` (each of at most MAX_TOKENS tokens): their token ids
        and the word ids of the same tokens as written, -1 where a row has no more."""
        pos = np.arange(MAX_TOKENS)
        have = pos < self.count[rows, None]
        at = np.minimum(self.start[rows, None] + pos, max(len(self.ids) - 1, 0))
        tokens = np.where(have, self.ids[at], -1).astype(np.int64)
        words = np.where(have, self.word_ids[at], -1).astype(np.int64)
        return tokens, words


class _Queued(NamedTuple):
    """Words queued for lookup: ``length`` tokens (or written words) from ``first``,
    at position ``at`` of the lookup's sequence."""

    written: bool
    first: int
    length: int
    at: int


def legal_bits(codes: Iterable[str]) -> int:
    """Legal-form codes as bits: two names conflict when both have some and share none."""
    bits = 0
    for code in codes:
        bits |= 1 << LEGAL_FORM_CODES.index(code)
    return bits


@dataclass(slots=True)
class Prepared:
    """A query with its name forms and the candidate rows the index gave for it."""

    query: Query
    kind: EntryKind
    forms: list[NameForm]
    rows: np.ndarray
    # Forms that read a word as a listed word it is a typo of (typo_readings), by index.
    readings: dict[int, Reading] = field(default_factory=dict)

    def cost(self, k: int) -> float:
        """What form ``k``'s name scores lose for being a reading, not the name as given."""
        form, reading = self.forms[k], self.readings.get(k)
        return RESPACED_COST * form.respaced + (reading.cost if reading is not None else 0.0)


class Screener:
    """Entries of one or more lists with their name index."""

    def __init__(self, entries: list[ListEntry], rows: RowStore, row_entry: np.ndarray,
                 row_alias: np.ndarray) -> None:  # fmt: skip
        self.entries = entries
        self.rows = rows
        self.row_entry = row_entry
        self.row_alias = row_alias
        rows.finish()
        occ_row = np.repeat(np.arange(len(rows), dtype=np.int32), rows.count)
        self.index = TokenIndex(rows.text, rows.ids, occ_row, tokens=rows.properties)
        # Per row: the entry's kind decides the rules, unless the list does not say.
        kinds = [entry.kind for entry in entries]
        self.row_person = np.fromiter((k == EntryKind.PERSON for k in kinds), bool, len(kinds))[
            row_entry
        ]
        self.row_named = np.fromiter((k in NAMED_KINDS for k in kinds), bool, len(kinds))[row_entry]
        self.generic_words = generic_words(rows, row_entry, self.row_person)
        self.common_names = common_names(rows, row_entry, self.row_person)
        self.respacing_keys = respacing_keys(rows.vocab, rows.written)
        freeze_long_lived(len(rows))

    def is_common_name(self, token: str) -> bool:
        """Whether a folded word is in the names of many listed persons (Muhammad, Abd)."""
        tid = self.rows.vocab.get(token)
        return tid is not None and bool(self.common_names[tid])

    def is_listed_word(self, token: str) -> bool:
        """Whether a folded word is a word of some listed name."""
        return token in self.rows.vocab

    def is_generic(self, token: str) -> bool:
        """Whether a folded word is generic in the listed organisations' names."""
        tid = self.rows.vocab.get(token)
        return tid is not None and bool(self.generic_words[tid])

    @classmethod
    def from_entries(cls, entries: Iterable[ListEntry]) -> Screener:
        kept = list(entries)
        rows = RowStore(parallel_lookup=len(kept) >= PARALLEL_ENTRIES)
        row_entry = array("i")
        row_alias = array("i")
        try:
            for e_idx, entry in enumerate(kept):
                seen: set[tuple[str, ...]] = set()
                for n_idx, name in enumerate(entry.all_names()):
                    for form in name_forms(name, _rules_kind(entry.kind)):
                        if form.tokens and form.tokens not in seen:
                            seen.add(form.tokens)
                            rows.append(form)
                            row_entry.append(e_idx)
                            row_alias.append(n_idx)
                if e_idx % LOOKUP_CHUNK == LOOKUP_CHUNK - 1:
                    rows.look_up_new_words()
        except BaseException:
            rows.discard()
            raise
        return cls(
            kept,
            rows,
            np.array(row_entry, dtype=np.int32),
            np.array(row_alias, dtype=np.int32),
        )

    def __len__(self) -> int:
        return len(self.entries)

    def _shortlists(self, asked: list[tuple[list[NameForm], dict[str, float], np.ndarray,
                                            np.ndarray]]) -> list[np.ndarray]:  # fmt: skip
        """Rows for the full scorer, per query (forms, weighted tokens, pool, support):
        index support first, whole-name similarity breaks ties.

        Many rows can share only a common given name with the query; a cheap
        C++ fuzzy ratio over the pool keeps the right surname among the few scored.
        The ratio is rapidfuzz's token_sort_ratio, computed as the plain ratio of the
        names with their words sorted (the listed ones sorted once, at build), for the
        pools of all the queries in one call of the kernel.
        """
        out: list[np.ndarray | None] = [None] * len(asked)
        texts: list[str] = []
        q_ptr, ratioed, pools = [0], [], []
        for n, (forms, _, pool, _) in enumerate(asked):
            if len(pool) <= CANDIDATES:
                out[n] = pool
                continue
            # Packed rows end in "|legal forms": close enough for a tie-break.
            queries = [" ".join(sorted(f.tokens)) for f in forms]
            if max(map(len, queries)) <= kernels.RATIO_PATTERN:
                # The same ratio as rapidfuzz's, compiled: no string of the pool is converted.
                texts.extend(queries)
                q_ptr.append(len(texts))
                ratioed.append(n)
                pools.append(pool.astype(np.int64, copy=False))
            else:
                listed = self.rows.sorted_names()[pool].tolist()
                best = process.cdist(queries, listed, scorer=fuzz.ratio, workers=1).max(axis=0)
                out[n] = self._ranked(asked[n], best)
        if ratioed:
            q_codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), np.int32)
            q_starts = np.zeros(len(texts) + 1, np.int64)
            np.cumsum([len(t) for t in texts], out=q_starts[1:])
            row_ptr = np.zeros(len(pools) + 1, np.int64)
            np.cumsum([len(p) for p in pools], out=row_ptr[1:])
            best = kernels.best_ratios_many(q_codes, q_starts, np.array(q_ptr, np.int64),
                                            *self.rows.sorted_codes(), np.concatenate(pools),
                                            row_ptr)  # fmt: skip
            for k, n in enumerate(ratioed):
                out[n] = self._ranked(asked[n], best[row_ptr[k] : row_ptr[k + 1]])
        return [rows for rows in out if rows is not None]

    @staticmethod
    def _ranked(asked: tuple[list[NameForm], dict[str, float], np.ndarray, np.ndarray],
                best: np.ndarray) -> np.ndarray:  # fmt: skip
        """The ``CANDIDATES`` rows of a pool best by support, then ``best`` ratio."""
        _, weighted, pool, support = asked
        support = support / max(sum(weighted.values()), 1e-9)
        rank = support + best / 100.0
        keep = np.argpartition(-rank, CANDIDATES)[:CANDIDATES]
        return pool[keep[np.argsort(-rank[keep], kind="stable")]]

    def prepare(self, query: Query | str) -> Prepared:
        """Normalise ``query`` and take its candidate rows from the index."""
        return self.prepare_many([query])[0]

    def prepare_many(self, queries: Sequence[Query | str]) -> list[Prepared]:
        """``prepare`` for many queries: the index looks up all their tokens at once."""
        prepared = [self.prepared_with(q, np.empty(0, np.int64)) for q in queries]
        weighted: list[dict[str, float]] = []
        for p in prepared:
            weights: dict[str, float] = {}
            for form in p.forms:
                for tok in form.tokens:
                    weights[tok] = token_weight(tok)
            weighted.append(weights)
        asked = [n for n, w in enumerate(weighted) if w]
        found = self.index.supported_many(
            [(list(weighted[n].items()), any(f.vowelless for f in prepared[n].forms))
             for n in asked],
            POOL,
        )  # fmt: skip
        shortlists = self._shortlists(
            [(prepared[n].forms, weighted[n], pool, support)
             for n, (pool, support) in zip(asked, found, strict=True)]
        )  # fmt: skip
        for n, rows in zip(asked, shortlists, strict=True):
            prepared[n].rows = rows.astype(np.int64)
        return prepared

    def prepared_with(self, query: Query | str, rows: np.ndarray) -> Prepared:
        """``query`` normalised, with the given candidate rows."""
        if isinstance(query, str):
            query = Query(query)
        q_kind = EntryKind(query.kind) if query.kind else EntryKind.UNKNOWN
        rules = _rules_kind(q_kind)
        forms = [f for f in name_forms(query.name, rules) if f.tokens]
        forms += respaced_forms(query.name, forms, self.respacing_keys, rules)
        readings: dict[int, Reading] = {}
        if rules == EntryKind.ORGANISATION and forms:
            written = self.written_words()
            for reading_form, reading in typo_readings(forms[0], written, rules, forms):
                readings[len(forms)] = reading
                forms.append(reading_form)
        return Prepared(query, q_kind, forms, rows, readings)

    def written_words(self) -> WrittenWords:
        """The listed words as written, for typo readings (made on first use)."""
        words = self.__dict__.get("_written_words")
        if words is None:
            rows = self.rows
            words = WrittenWords([*rows.text, *rows.written], rows.text, rows.word_ids, rows.ids)
            self.__dict__["_written_words"] = words
        return words

    def name_scores(self, prepared: Sequence[Prepared]) -> list[np.ndarray]:
        """For each prepared query, the name score of each candidate row (best query form).

        All (query form, row) pairs of all the queries are scored together.
        """
        return [scores for scores, _ in _CandidateBatch(self, prepared).scores()]

    def screen_many(self, queries: Sequence[Query | str], threshold: float = DEFAULT_THRESHOLD,
                    limit: int = 10) -> list[list[Match]]:  # fmt: skip
        """``screen`` for many queries; the candidates of ``SCREEN_BATCH`` queries at a time
        are scored together."""
        out: list[list[Match]] = []
        for start in range(0, len(queries), SCREEN_BATCH):
            prepared = self.prepare_many(queries[start : start + SCREEN_BATCH])
            scored = _CandidateBatch(self, prepared, bound=True).scores(threshold)
            out.extend(self._matches(p, s, threshold, limit, b)
                       for p, (s, b) in zip(prepared, scored, strict=True))  # fmt: skip
        return out

    def screen(self, query: Query | str, threshold: float = DEFAULT_THRESHOLD,
               limit: int = 10) -> list[Match]:  # fmt: skip
        """Entries whose best name scores at or above ``threshold``, best first."""
        return self.screen_many([query], threshold, limit)[0]

    def word_firsts(self, words: Sequence[str]) -> np.ndarray:
        """Per word, its first letter lowered (as the explanation compares an initial with
        a word as written) as an id, the same id for the same letter in every call."""
        ids = self.__dict__.setdefault("_first_ids", {})
        return np.fromiter((ids.setdefault(w[:1].lower(), len(ids)) for w in words), np.int64,
                           len(words))  # fmt: skip

    def listed_word_firsts(self) -> np.ndarray:
        """``word_firsts`` of the listed words, by word id (``RowStore.word``); made once."""
        made = self.__dict__.get("_listed_firsts")
        if made is None:
            rows = self.rows
            made = self.word_firsts([*rows.text, *rows.written])
            self.__dict__["_listed_firsts"] = made
        return made

    def _rules_person(self, rows: np.ndarray, q_kind: EntryKind) -> np.ndarray:
        """Per row: whether its pair with a query of ``q_kind`` goes by person rules."""
        return np.where(
            self.row_named[rows], self.row_person[rows], _rules_kind(q_kind) == EntryKind.PERSON
        )

    def _matches(
        self, prepared: Prepared, scores: np.ndarray, threshold: float, limit: int,
        bounds: np.ndarray | None = None,
    ) -> list[Match]:  # fmt: skip
        """The matches of ``prepared`` from its rows' name ``scores``. ``bounds`` (query
        forms by rows): upper bounds of each form's explanation (``batch.bounded_scores``);
        a form whose bound plus the query's facts cannot reach the threshold is not
        explained, nor a row with no other form."""
        query, q_kind = prepared.query, prepared.kind
        best: dict[int, Explanation] = {}
        # Facts move a score by at most +0.11: lower name scores cannot reach the threshold.
        near = scores >= threshold - NEAR
        can_alert = None
        if bounds is not None:
            can_alert = bounds >= threshold - fact_headroom(query, q_kind) - HEADROOM_SLACK
            near &= can_alert.any(axis=0)
        for k in np.flatnonzero(near).tolist():
            row = int(prepared.rows[k])
            e_idx = int(self.row_entry[row])
            entry = self.entries[e_idx]
            kind = _pair_rules(entry.kind, q_kind)
            listed = entry.all_names()[int(self.row_alias[row])]
            form = self.rows.form(row, listed)
            words = self.is_common_name if kind == EntryKind.PERSON else self.is_generic
            common = self.is_common_name if kind == EntryKind.PERSON else None
            listed_word = self.is_listed_word if kind == EntryKind.PERSON else None
            forms = list(enumerate(prepared.forms))
            if can_alert is not None:
                forms = [(i, f) for i, f in forms if can_alert[i, k]]
            expl = max(
                (_compared(f, form, kind, words, common, prepared.readings.get(i), listed_word)
                 for i, f in forms),
                key=lambda x: x.score,
            )  # fmt: skip
            expl.entry = entry_details(entry)
            expl.query_name = query.name
            expl.matched_is_alias = bool(self.row_alias[row])
            expl.matched_name = listed
            _weigh_parts(expl, query, entry, listed)
            _weigh_facts(expl, query, q_kind, entry)
            if e_idx not in best or expl.score > best[e_idx].score:
                best[e_idx] = expl
        matches = [
            Match(self.entries[i].list_id, self.entries[i].entry_id, e.matched_name, e.score, e)
            for i, e in best.items()
            if e.score >= threshold
        ]
        matches.sort(key=lambda m: (-m.score, m.list_id, m.entry_id))
        return matches[:limit]


class _CandidateBatch:
    """Every (query form, candidate row) pair of some prepared queries, as one PairTable."""

    def __init__(self, screener: Screener, prepared: Sequence[Prepared], bound: bool = False
                 ) -> None:  # fmt: skip
        """``bound``: also bound the explanation of every pair (``batch.bounded_scores``)."""
        self.screener = screener
        self.bound = bound
        self._side: _QuerySide | None = None  # made by the first table
        self.form_counts = [len(p.forms) for p in prepared]
        forms: list[NameForm] = []
        pair_form: list[np.ndarray] = []
        pair_row: list[np.ndarray] = []
        pair_slot: list[np.ndarray] = []
        self.offsets = [0]
        costs: list[float] = []
        for p in prepared:
            n_rows = len(p.rows)
            for k, form in enumerate(p.forms):
                costs.append(p.cost(k))
                pair_form.append(np.full(n_rows, len(forms)))
                pair_row.append(p.rows)
                pair_slot.append(self.offsets[-1] + np.arange(n_rows))
                forms.append(form)
            self.offsets.append(self.offsets[-1] + n_rows)
        self.forms = forms
        self.form_cost = np.array(costs, dtype=np.float64)
        self.pair_form = np.concatenate(pair_form) if pair_form else np.empty(0, np.int64)
        self.pair_row = np.concatenate(pair_row) if pair_row else np.empty(0, np.int64)
        self.pair_slot = np.concatenate(pair_slot) if pair_slot else np.empty(0, np.int64)
        self.form_kind = [p.kind for p in prepared for _ in p.forms]  # the query's kind
        self.form_person = np.fromiter(
            (_rules_kind(k) == EntryKind.PERSON for k in self.form_kind), bool, len(forms)
        )

    def scores(self, threshold: float | None = None) -> list[tuple[np.ndarray, np.ndarray | None]]:
        """Per query: the best name score of each row over the query's forms, and (with
        ``bound``) the bound of each form's explanation, forms by rows: with a
        ``threshold``, only of the rows near it (``NEAR``), the others' left infinite."""
        best = np.zeros(self.offsets[-1])
        bounds = None
        if len(self.pair_row):
            scores, short = self._pair_scores()
            scores -= self.form_cost[self.pair_form]
            np.maximum.at(best, self.pair_slot, scores)
            if self.bound:
                # Long names have no bound: always explained.
                bounds = np.full(len(self.pair_row), np.inf)
                wanted = short
                if threshold is not None:
                    wanted = short & (best >= threshold - NEAR)[self.pair_slot]
                batch = np.flatnonzero(wanted)
                if len(batch):
                    bounds[batch] = bounded_scores(self._table(batch))[1]
                bounds -= self.form_cost[self.pair_form]
        out: list[tuple[np.ndarray, np.ndarray | None]] = []
        at = 0  # a query's pairs: its forms one after another, each over all its rows
        for (a, b), forms in zip(itertools.pairwise(self.offsets), self.form_counts, strict=True):
            mine = None
            if self.bound:
                n = (b - a) * forms
                mine = np.empty((forms, b - a)) if bounds is None else bounds[at : at + n]
                mine = mine.reshape(forms, b - a)
                at += n
            out.append((best[a:b], mine))
        return out

    def _pair_scores(self) -> tuple[np.ndarray, np.ndarray]:
        """The score of every pair, and which pairs the batch scorer took (short names)."""
        rows, forms = self.screener.rows, self.forms
        f_len = np.fromiter((len(f.tokens) for f in forms), np.int64, len(forms))
        short = (f_len[self.pair_form] <= MAX_TOKENS) & (rows.count[self.pair_row] <= MAX_TOKENS)
        out = np.zeros(len(self.pair_row))
        for k in np.flatnonzero(~short).tolist():  # long names: the one-pair scorer
            out[k] = self._one_pair(k).score
        batch = np.flatnonzero(short)
        if len(batch):
            out[batch] = score_table(self._table(batch))
        return out, short

    def _kind(self, k: int) -> EntryKind:
        screener = self.screener
        entry = screener.entries[int(screener.row_entry[int(self.pair_row[k])])]
        return _pair_rules(entry.kind, self.form_kind[int(self.pair_form[k])])

    def _one_pair(self, k: int) -> Explanation:
        form = self.forms[int(self.pair_form[k])]
        return compare_forms(form, self._listed_form(k), self._kind(k))

    def _query_side(self) -> _QuerySide:
        """What every table of this batch takes of its query forms (made once: the
        scores' table and the bounds' table share it)."""
        if self._side is not None:
            return self._side
        rows, forms = self.screener.rows, self.forms
        vocab, size = rows.vocab, len(rows.text)
        extra: dict[str, int] = {}  # query tokens no listed name has
        form_ids = []
        for form in forms:
            ids = []
            for tok in form.tokens[:MAX_TOKENS]:
                tid = vocab.get(tok)
                if tid is None:
                    tid = extra.setdefault(tok, size + len(extra))
                ids.append(tid)
            form_ids.append(ids)
        # The query's words as written, after the listed names' words.
        listed_words = size + len(rows.written)
        query_words = list({w: None for f in forms for w in (f.words or f.tokens)[:MAX_TOKENS]})
        word_id = {w: listed_words + k for k, w in enumerate(query_words)}
        q_word = pad_ids([[word_id[w] for w in (f.words or f.tokens)[:MAX_TOKENS]]
                          for f in forms])  # fmt: skip
        n = len(forms)
        self._side = _QuerySide(
            q_tab=pad_ids(form_ids),
            q_word=q_word,
            extra_text=list(extra),
            query_words=query_words,
            listed_words=listed_words,
            vowelless=np.fromiter((f.vowelless for f in forms), np.int32, n),
            script=np.fromiter((rows.script_ids.get(f.script, -1) for f in forms), np.int32, n),
            legal=np.fromiter((legal_bits(f.legal_forms) for f in forms), np.int32, n),
            syllabic=np.fromiter((written_in(f) in SYLLABIC_SCRIPTS for f in forms), bool, n),
        )
        return self._side

    def _table(self, batch: np.ndarray) -> PairTable:
        screener, rows = self.screener, self.screener.rows
        size = len(rows.text)
        side = self._query_side()
        extra_text, query_words, listed_words = side.extra_text, side.query_words, side.listed_words
        f_idx, r_idx = self.pair_form[batch], self.pair_row[batch]
        q_tab = side.q_tab[f_idx]
        c_tab, c_word = rows.tables(r_idx)
        q_word = side.q_word[f_idx]
        keep = None
        if q_tab.size + c_tab.size >= size:
            if side.tokens is None:
                side.tokens = rows.properties.extended(extra_text)
            tokens = side.tokens
        else:
            # A small batch against a large vocabulary: properties of its own tokens only.
            both = np.concatenate((q_tab.ravel(), c_tab.ravel()))
            keep = np.unique(both[(both >= 0) & (both < size)])
            tokens = rows.properties.extended(extra_text, keep)
            q_tab, c_tab = (
                np.where(tab < 0, -1, np.where(tab < size, np.searchsorted(keep, tab),
                                               len(keep) + tab - size))
                for tab in (q_tab, c_tab)
            )  # fmt: skip
        other_script = side.script[f_idx] != rows.script_of[r_idx]
        code = side.vowelless[f_idx] | 2 * rows.vowelless[r_idx] | CROSS_SCRIPT * other_script
        person = np.where(
            screener.row_named[r_idx], screener.row_person[r_idx], self.form_person[f_idx]
        )
        q_legal, c_legal = side.legal[f_idx], rows.legal[r_idx]
        legal = (q_legal != 0) & (c_legal != 0) & ((q_legal & c_legal) == 0)
        caps = np.ones(len(batch))
        for n in np.flatnonzero(side.syllabic[f_idx]).tolist():
            k = int(batch[n])
            cap = side.caps.get(k)
            if cap is None:
                form = self.forms[int(self.pair_form[k])]
                cap = side.caps[k] = written_similarity(form, self._listed_form(k))
            caps[n] = cap

        def word(word_id: int) -> str:
            return (
                rows.word(word_id)
                if word_id < listed_words
                else query_words[word_id - listed_words]
            )

        table = PairTable(tokens, q_tab, c_tab, person, code, legal, caps, f_idx, r_idx,
                          q_word, c_word, word, rows.word_given, rows.given_sets)  # fmt: skip
        if self.bound:
            generic = screener.generic_words if keep is None else screener.generic_words[keep]
            table.generic = np.concatenate((generic, np.zeros(len(extra_text), bool)))
            if side.word_first is None:
                side.word_first = np.concatenate(
                    (screener.listed_word_firsts(), screener.word_firsts(query_words))
                )
            table.word_first = side.word_first
        return table

    def _listed_form(self, k: int) -> NameForm:
        screener, row = self.screener, int(self.pair_row[k])
        entry = screener.entries[int(screener.row_entry[row])]
        return screener.rows.form(row, entry.all_names()[int(screener.row_alias[row])])


@dataclass(slots=True)
class _QuerySide:
    """The query forms of a candidate batch as its tables take them (``_query_side``)."""

    q_tab: np.ndarray  # (forms, MAX_TOKENS) token ids, query tokens no list has after
    q_word: np.ndarray  # (forms, MAX_TOKENS) word ids, the query's words after the lists'
    extra_text: list[str]  # the query tokens no list has, by id after the vocabulary
    query_words: list[str]  # the query's words as written, by id after ``listed_words``
    listed_words: int
    vowelless: np.ndarray  # per form
    script: np.ndarray  # per form: its script's id in the rows, -1 if none has it
    legal: np.ndarray  # per form: legal-form bits
    syllabic: np.ndarray  # per form: written in a syllabic script
    tokens: TokenProperties | None = None  # the vocabulary with ``extra_text``, made once
    word_first: np.ndarray | None = None
    caps: dict[int, float] = field(default_factory=dict)  # written similarity, by pair


def generic_words(rows: RowStore, row_entry: np.ndarray, row_person: np.ndarray) -> np.ndarray:
    """Per word of the vocabulary: whether it is generic for organisation names (in
    ``GENERIC_WORDS``, a word of a country's name, or in the names of many listed
    organisations: its document frequency over entries, counted once at build)."""
    size = len(rows.text)
    occ_row = np.repeat(np.arange(len(rows), dtype=np.int64), rows.count)
    org = ~row_person[occ_row]
    entries = row_entry[occ_row[org]].astype(np.int64)
    pairs = np.unique(rows.ids[org].astype(np.int64) << 32 | entries)
    frequency = np.bincount(pairs >> 32, minlength=size)
    organisations = len(np.unique(row_entry[~row_person]))
    generic = frequency >= max(GENERIC_MIN_ENTRIES, GENERIC_SHARE * organisations)
    for word in GENERIC_WORDS | place_words():
        tid = rows.vocab.get(fold_token(word))
        if tid is not None:
            generic[tid] = True
    return generic


def common_names(rows: RowStore, row_entry: np.ndarray, row_person: np.ndarray) -> np.ndarray:
    """Per word of the vocabulary: whether it is in the names of at least
    ``COMMON_NAME_SHARE`` of the listed persons."""
    occ_row = np.repeat(np.arange(len(rows), dtype=np.int64), rows.count)
    person = row_person[occ_row]
    entries = row_entry[occ_row[person]].astype(np.int64)
    pairs = np.unique(rows.ids[person].astype(np.int64) << 32 | entries)
    frequency = np.bincount(pairs >> 32, minlength=len(rows.text))
    persons = len(np.unique(row_entry[row_person]))
    return frequency >= max(GENERIC_MIN_ENTRIES, COMMON_NAME_SHARE * persons)


def entry_details(entry: ListEntry) -> dict[str, Any]:
    """What an officer needs of the listed entry to rule on a hit."""
    return {
        "list": entry.list_id,
        "entry_id": entry.entry_id,
        "kind": str(entry.kind),
        "primary_name": entry.primary_name,
        "birth_dates": list(entry.birth_dates),
        "nationalities": list(entry.nationalities),
        "countries": list(entry.countries),
        "programmes": list(entry.programmes),
        "listed_on": entry.listed_on or "",
        "remarks": entry.remarks[:1000],
    }


def _pair_rules(entry_kind: EntryKind, query_kind: EntryKind) -> EntryKind:
    """The rules for a listed name against a query: the list's kind where it says
    person or organisation, else the query's."""
    return _rules_kind(entry_kind if entry_kind in NAMED_KINDS else query_kind)


def _rules_kind(kind: EntryKind) -> EntryKind:
    # Vessels and aircraft are named like organisations.
    if kind in (EntryKind.VESSEL, EntryKind.AIRCRAFT):
        return EntryKind.ORGANISATION
    return kind


def _compared(q: NameForm, c: NameForm, kind: EntryKind, words: Callable[[str], bool],
              common: Callable[[str], bool] | None, reading: Reading | None = None,
              listed: Callable[[str], bool] | None = None) -> Explanation:  # fmt: skip
    """``compare_forms``, with the cost of a re-spaced or typo reading of the query and,
    for people (``common`` given), of distinctive names agreeing only loosely.
    ``listed``: whether a folded word is a word of a listed name (``compare_forms``)."""
    expl = compare_forms(q, c, kind, words, listed)
    if reading is not None:
        token = q.tokens[reading.position]
        expl.pairs = [
            replace(p, similarity=round(reading.similarity, 4), how="typo as written")
            if p.query == token and p.listed == token and p.how == "exact"
            else p
            for p in expl.pairs
        ]
        expl.features.append(Feature("written typo", -reading.cost, reading.detail))
    if q.respaced:
        expl.features.append(Feature("spacing", -RESPACED_COST, f"read as {q.original!r}"))
        left = [t for t in expl.unmatched_query if t not in PARTICLES]
        if kind == EntryKind.PERSON and left:
            # A cut is for a name the list spaces otherwise, not for dropping half a word
            # (Alireza as "Ali Reza" against Reza MIRZAEI): every part must pair.
            detail = f"re-spaced, {' '.join(left)!r} pairs with no listed word"
            expl.features.append(Feature("spacing", -expl.name_score, detail))
    if common is not None:
        loose = loose_feature(q, c, common)
        if loose is not None:
            expl.features.append(loose)
    if q.respaced or common is not None or reading is not None:
        total = expl.name_score + sum(f.contribution for f in expl.features)
        expl.score = min(1.0, max(0.0, total))
    return expl


def _weigh_parts(expl: Explanation, query: Query, entry: ListEntry, listed: str) -> None:
    """Given and family names trading roles (both sides giving them) lower the score.

    The parts of the matched name, else of the entry's other names: an alias the list
    gives no parts for (one in Arabic script, a weak a.k.a.) is the same person's name."""
    asked = query.parts()
    if asked is None or not entry.name_parts:
        return
    own = entry.parts_of(listed)
    for parts in (own,) if own is not None else entry.name_parts:
        feature = parts_feature(asked, parts)
        if feature is not None:
            expl.features.append(feature)
            return


# Rows whose name score is this far below the threshold are not explained: the query's
# facts add at most ``fact_headroom`` (0.11).
NEAR = 0.2
# Rounding between the batch scorer's sums and the explanation's: far below any feature.
HEADROOM_SLACK = 1e-6


def fact_headroom(query: Query, q_kind: EntryKind) -> float:
    """The most that ``_weigh_facts`` can add to a name score for ``query``: the largest
    agreeing contribution of each fact the query gives. Keep in step with it."""
    headroom = KIND_AGREES if q_kind in NAMED_KINDS else 0.0
    if query.birth_date:
        headroom += max(BIRTH_DATE_SAME_DAY, BIRTH_YEAR_SAME, 0.0)
    if query.country:
        headroom += max(COUNTRY_AGREES, 0.0)
    return headroom


def _weigh_facts(expl: Explanation, query: Query, q_kind: EntryKind, entry: ListEntry) -> None:
    features = expl.features
    if q_kind in NAMED_KINDS and entry.kind != EntryKind.UNKNOWN:
        if entry.kind == q_kind:
            features.append(Feature("kind", KIND_AGREES, f"both are {q_kind}"))
        else:
            features.append(
                Feature("kind", KIND_CONFLICT, f"query is {q_kind}, list entry is {entry.kind}")
            )
    if query.birth_date and entry.birth_dates:
        features.append(_birth_feature(query.birth_date, entry.birth_dates))
    if query.country:
        listed = {c.lower() for c in (*entry.nationalities, *entry.countries)}
        country = query.country.lower()
        if country in listed:
            features.append(Feature("country", COUNTRY_AGREES, f"{country} is on the entry"))
        elif listed:
            features.append(
                Feature(
                    "country", COUNTRY_CONFLICT, f"{country} not in {', '.join(sorted(listed))}"
                )
            )
    total = expl.name_score + sum(f.contribution for f in features)
    expl.score = min(1.0, max(0.0, total))


def _birth_feature(query_date: str, listed: tuple[str, ...]) -> Feature:
    if query_date in listed and len(query_date) == 10:
        return Feature("birth date", BIRTH_DATE_SAME_DAY, f"{query_date} is listed")
    year = query_date[:4]
    years = {d[:4] for d in listed if d[:4].isdigit()}
    if year in years:
        return Feature("birth date", BIRTH_YEAR_SAME, f"born {year}, as listed")
    if year.isdigit() and any(abs(int(year) - int(y)) <= 1 for y in years):
        return Feature("birth date", 0.0, f"born {year}, listed {', '.join(sorted(years))}")
    return Feature(
        "birth date", BIRTH_YEAR_CONFLICT, f"born {year}, listed {', '.join(sorted(listed))}"
    )
