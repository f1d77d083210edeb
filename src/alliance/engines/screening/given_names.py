"""Given names across scripts, from rigour's offline name data.

The scorer treats two words in different scripts as one given name when rigour
gives them a shared Wikidata id (Michael, Майкл, مايكل). rigour's first look at a
word is slow (it transliterates every word it analyses: ~5 µs for a Latin word,
~50 µs for another script) and its data takes seconds and ~400 MB to load. So an
index looks up the words of its list once, while it is built; for a large list
in a second process, beside the name normalisation that produces the words.
A screening then only looks up the words of its queries.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache

import numpy as np

# Lists with at least this many entries look their words up in a second process:
# below it, starting one costs more than it saves.
PARALLEL_ENTRIES = 50_000
EMPTY = 0  # the set id of a word that is no given name


@lru_cache(maxsize=100_000)
def given_name_ids(word: str) -> frozenset[str]:
    """Wikidata ids of the given names ``word`` may be (empty for words of one letter).

    The same id on two words in different scripts says they are one name written twice.
    The data loads on first use (a few seconds).
    """
    if len(word) < 2:
        return frozenset()
    from rigour.names import NameTypeTag, SymbolCategory, analyze_names

    ids: set[str] = set()
    for name in analyze_names(NameTypeTag.PER, [word], phonetics=False, numerics=False):
        ids.update(str(s.id) for s in name.symbols if s.category == SymbolCategory.NAME)
    return frozenset(ids)


def given_names_of(words: Sequence[str]) -> list[tuple[int, frozenset[str]]]:
    """The positions in ``words`` of given names, with their ids (run in the worker)."""
    return [(k, ids) for k, word in enumerate(words) if (ids := given_name_ids(word))]


class GivenNameSets:
    """Distinct sets of given-name ids, numbered; ``EMPTY`` is the empty set."""

    def __init__(self, sets: Sequence[frozenset[str]] = ()) -> None:
        self.sets: list[frozenset[str]] = [frozenset()]
        self._ids: dict[frozenset[str], int] = {frozenset(): EMPTY}
        self._lock = threading.Lock()  # screenings in threads add their queries' sets
        for ids in sets:
            self.id_of(ids)

    def __len__(self) -> int:
        return len(self.sets)

    def id_of(self, ids: frozenset[str]) -> int:
        found = self._ids.get(ids)
        if found is None:
            with self._lock:
                found = self._ids.get(ids)
                if found is None:
                    found = self._ids[ids] = len(self.sets)
                    self.sets.append(ids)
        return found

    def lookup(self, words: Sequence[str]) -> np.ndarray:
        """The set id of each word, looked up here."""
        return np.fromiter((self.id_of(given_name_ids(w)) for w in words), np.int64, len(words))

    def shared(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether sets ``a[k]`` and ``b[k]`` share an id; each distinct pair checked once."""
        out = np.zeros(len(a), bool)
        both = np.flatnonzero((a != EMPTY) & (b != EMPTY))
        if not len(both):
            return out
        pairs, inverse = np.unique(a[both] << 32 | b[both], return_inverse=True)
        sets, left, right = self.sets, (pairs >> 32).tolist(), (pairs & 0xFFFFFFFF).tolist()
        answers = [not sets[x].isdisjoint(sets[y]) for x, y in zip(left, right, strict=True)]
        out[both] = np.asarray(answers, bool)[inverse]
        return out

    def __reduce__(self) -> tuple[type[GivenNameSets], tuple[list[frozenset[str]]]]:
        return GivenNameSets, (self.sets[1:],)  # the index and lock are rebuilt


class GivenNameLookup:
    """Looks up words as they are added, in order; in a second process when ``parallel``."""

    def __init__(self, *, parallel: bool) -> None:
        self.sets = GivenNameSets()
        self._count = 0
        self._chunks: list[tuple[int, Future[list[tuple[int, frozenset[str]]]]]] = []
        self._found: list[tuple[int, frozenset[str]]] = []
        self._pool: ProcessPoolExecutor | None = None
        if parallel:
            # "spawn": a fresh interpreter, safe beside threads (web server, task worker).
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)

    def add(self, words: Sequence[str]) -> int:
        """Queue ``words``; returns the position of the first in the whole sequence."""
        start = self._count
        self._count += len(words)
        if not words:
            return start
        if self._pool is not None:
            self._chunks.append((start, self._pool.submit(given_names_of, list(words))))
        else:
            self._found.extend((start + k, ids) for k, ids in given_names_of(words))
        return start

    def close(self) -> None:
        """Stop the second process, if any (queued lookups not yet run are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def result(self) -> np.ndarray:
        """The set id (into ``sets``) of every word added, in order."""
        found = self._found
        try:
            for start, chunk in self._chunks:
                found.extend((start + k, ids) for k, ids in chunk.result())
        finally:
            self.close()
        out = np.zeros(self._count, np.int32)
        for position, ids in found:
            out[position] = self.sets.id_of(ids)
        return out
