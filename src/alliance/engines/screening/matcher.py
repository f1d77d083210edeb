"""Screen a name against loaded lists: index candidates, score names, weigh extra facts."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from .index import CANDIDATES, TokenIndex
from .model import EntryKind, ListEntry
from .names import NameForm, name_forms
from .scorer import DEFAULT_THRESHOLD, Explanation, Feature, compare_forms, token_weight

KIND_AGREES = 0.02
KIND_CONFLICT = -0.15
BIRTH_DATE_SAME_DAY = 0.06
BIRTH_YEAR_SAME = 0.03
BIRTH_YEAR_CONFLICT = -0.15
COUNTRY_AGREES = 0.03
COUNTRY_CONFLICT = -0.05
NAMED_KINDS = (EntryKind.PERSON, EntryKind.ORGANISATION)
POOL = 2_000  # rows taken from the index before the fuzzy tie-break


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    kind: EntryKind | str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    birth_date: str | None = None  # ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD"


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
    """Name forms of all rows, packed as one string each ("tok tok|legal") to stay lean."""

    def __init__(self) -> None:
        self.packed: list[str] = []
        self.words: list[str] = []  # tokens as written, where folding changed them
        self.scripts: list[str] = []
        self._script_ids: dict[str, int] = {}
        self._script_of = array("B")
        self._vowelless = array("B")

    def append(self, form: NameForm) -> None:
        self.packed.append(" ".join(form.tokens) + "|" + " ".join(form.legal_forms))
        self.words.append(" ".join(form.words))
        sid = self._script_ids.get(form.script)
        if sid is None:
            sid = self._script_ids[form.script] = len(self.scripts)
            self.scripts.append(form.script)
        self._script_of.append(sid)
        self._vowelless.append(form.vowelless)

    def __len__(self) -> int:
        return len(self.packed)

    def tokens(self, row: int) -> tuple[str, ...]:
        return tuple(self.packed[row].split("|", 1)[0].split())

    def form(self, row: int, original: str) -> NameForm:
        tokens, legal = self.packed[row].split("|", 1)
        return NameForm(
            original=original,
            tokens=tuple(tokens.split()),
            legal_forms=tuple(legal.split()),
            vowelless=bool(self._vowelless[row]),
            script=self.scripts[self._script_of[row]],
            words=tuple(self.words[row].split()),
        )


class Screener:
    """Entries of one or more lists with their name index."""

    def __init__(self, entries: list[ListEntry], rows: RowStore, row_entry: np.ndarray,
                 row_alias: np.ndarray) -> None:  # fmt: skip
        self.entries = entries
        self.rows = rows
        self.row_entry = row_entry
        self.row_alias = row_alias
        self.index = TokenIndex(rows.tokens(i) for i in range(len(rows)))

    @classmethod
    def from_entries(cls, entries: Iterable[ListEntry]) -> Screener:
        kept = list(entries)
        rows = RowStore()
        row_entry = array("i")
        row_alias = array("i")
        for e_idx, entry in enumerate(kept):
            seen: set[tuple[str, ...]] = set()
            for n_idx, name in enumerate(entry.all_names()):
                for form in name_forms(name, _rules_kind(entry.kind)):
                    if form.tokens and form.tokens not in seen:
                        seen.add(form.tokens)
                        rows.append(form)
                        row_entry.append(e_idx)
                        row_alias.append(n_idx)
        return cls(
            kept,
            rows,
            np.frombuffer(row_entry, dtype=np.int32),
            np.frombuffer(row_alias, dtype=np.int32),
        )

    def __len__(self) -> int:
        return len(self.entries)

    def _shortlist(
        self, forms: list[NameForm], weighted: dict[str, float], vowelless: bool
    ) -> list[int]:
        """Rows for the full scorer: index support first, whole-name similarity breaks ties.

        Many rows can share only a common given name with the query; a cheap
        C++ fuzzy ratio over the pool keeps the right surname among the few scored.
        """
        pool, support = self.index.supported(weighted.items(), POOL, vowelless=vowelless)
        if len(pool) <= CANDIDATES:
            return pool.tolist()
        support = support / max(sum(weighted.values()), 1e-9)
        # Packed rows end in "|legal forms": close enough for a tie-break.
        listed = itemgetter(*pool.tolist())(self.rows.packed)
        queries = [" ".join(f.tokens) for f in forms]
        ratio = process.cdist(queries, listed, scorer=fuzz.token_sort_ratio, workers=1)
        rank = support + ratio.max(axis=0) / 100.0
        keep = np.argpartition(-rank, CANDIDATES)[:CANDIDATES]
        return pool[keep[np.argsort(-rank[keep], kind="stable")]].tolist()

    def screen(self, query: Query | str, threshold: float = DEFAULT_THRESHOLD,
               limit: int = 10) -> list[Match]:  # fmt: skip
        """Entries whose best name scores at or above ``threshold``, best first."""
        if isinstance(query, str):
            query = Query(query)
        q_kind = EntryKind(query.kind) if query.kind else EntryKind.UNKNOWN
        forms = name_forms(query.name, _rules_kind(q_kind))
        weighted: dict[str, float] = {}
        for form in forms:
            for tok in form.tokens:
                weighted[tok] = token_weight(tok)
        best: dict[int, Explanation] = {}
        vowelless = any(f.vowelless for f in forms)
        rows = self._shortlist(forms, weighted, vowelless)
        for row in rows:
            e_idx = int(self.row_entry[row])
            entry = self.entries[e_idx]
            kind = entry.kind if entry.kind in NAMED_KINDS else q_kind
            listed = entry.all_names()[int(self.row_alias[row])]
            form = self.rows.form(row, listed)
            expl = max(
                (compare_forms(f, form, _rules_kind(kind)) for f in forms),
                key=lambda x: x.score,
            )
            if expl.name_score < threshold - 0.2:  # facts move a score by at most +0.11
                continue
            expl.query_name = query.name
            expl.matched_is_alias = bool(self.row_alias[row])
            expl.matched_name = listed
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


def _rules_kind(kind: EntryKind) -> EntryKind:
    # Vessels and aircraft are named like organisations.
    if kind in (EntryKind.VESSEL, EntryKind.AIRCRAFT):
        return EntryKind.ORGANISATION
    return kind


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
