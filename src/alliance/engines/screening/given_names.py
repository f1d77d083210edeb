"""Given names across scripts, from rigour's offline name data.

The scorer treats two words in different scripts as one given name when rigour
gives them a shared Wikidata id (Michael, Майкл, مايكل). rigour's first look at a
word is slow (it transliterates every word it analyses: ~5 µs for a Latin word,
~50 µs for another script) and its data takes seconds and ~400 MB to load. So an
index looks up the words of its list once, while it is built; for a large list
in a second process, beside the name normalisation that produces the words. A
screening then only looks up the words of its queries.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

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
    for words, word_given, sets in _KNOWN:
        wid = words.get(word)
        if wid is not None:
            return sets[word_given[wid]]
    return rigour_given_name_ids(word)


def rigour_given_name_ids(word: str) -> frozenset[str]:
    """``given_name_ids`` of a word of two letters or more, from rigour's data."""
    from rigour.names import NameTypeTag, SymbolCategory, analyze_names

    ids: set[str] = set()
    for name in analyze_names(NameTypeTag.PER, [word], phonetics=False, numerics=False):
        ids.update(str(s.id) for s in name.symbols if s.category == SymbolCategory.NAME)
    return frozenset(ids)


# Words whose ids are known without rigour: the listed words of the screener opened last
# from the store (looked up when it was built), as (word ids by word, set id by word id,
# the sets). A fresh process then asks rigour (~50 µs a word) only about query words.
_KNOWN: list[tuple[Mapping[str, int], np.ndarray, list[frozenset[str]]]] = []


def remember_given_names(
    words: Sequence[Mapping[str, int]], word_given: np.ndarray, sets: GivenNameSets
) -> None:
    """``given_name_ids`` answers a word of ``words`` (each mapping words to word ids) by
    ``sets[word_given[id]]``, the ids an earlier lookup found for it; replaces what was
    remembered before."""
    _KNOWN[:] = [(mapping, word_given, sets.sets) for mapping in words]


class GivenNameSets:
    """Distinct sets of given-name ids, numbered; ``EMPTY`` is the empty set."""

    def __init__(self, sets: Sequence[frozenset[str]] = ()) -> None:
        self.sets: list[frozenset[str]] = [frozenset()]
        self._ids: dict[frozenset[str], int] = {frozenset(): EMPTY}
        self._lock = threading.Lock()  # screenings in threads add their queries' sets
        for ids in sets:
            self.id_of(ids)

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
    """Looks up the words added, in order; in a second process when ``parallel``."""

    def __init__(self, *, parallel: bool) -> None:
        self.sets = GivenNameSets()
        self._count = 0
        self._found: list[tuple[int, frozenset[str]]] = []
        self._worker: subprocess.Popen[bytes] | None = None
        if parallel:
            # A fresh interpreter running this module: nothing of the caller's state is
            # copied or re-run (as multiprocessing's fork or spawn would).
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, (_SOURCE, env.get("PYTHONPATH"))))
            self._worker = subprocess.Popen(  # noqa: S603 - this interpreter, this module
                [sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, env=env,
            )  # fmt: skip
            # Chunks go through a queue to a writing thread: the build never waits on
            # the pipe while the other process loads rigour's data.
            self._outbox: queue.SimpleQueue[tuple[int, list[str]] | None] = queue.SimpleQueue()
            self._writer = threading.Thread(target=self._write, daemon=True)
            self._writer.start()

    def add(self, words: Sequence[str]) -> int:
        """Queue ``words``; returns the position of the first in the whole sequence."""
        start = self._count
        self._count += len(words)
        if not words:
            return start
        chunk = (start, list(words))
        if self._worker is None:
            self._found.extend(_look_up(chunk))
        else:
            self._outbox.put(chunk)
        return start

    def close(self) -> None:
        """Stop the second process, if any (lookups not yet answered are dropped)."""
        if self._worker is not None:
            self._worker.kill()
            self._worker.wait()
            self._outbox.put(None)
            self._writer.join()
            for pipe in (self._worker.stdin, self._worker.stdout):
                if pipe is not None:
                    pipe.close()
            self._worker = None

    def result(self) -> np.ndarray:
        """The set id (into ``sets``) of every word added, in order."""
        try:
            if self._worker is not None:
                self._found.extend(self._answers())
        finally:
            self.close()
        out = np.full(self._count, EMPTY, np.int32)
        for position, ids in self._found:
            out[position] = self.sets.id_of(ids)
        return out

    def _answers(self) -> list[tuple[int, frozenset[str]]]:
        worker = self._worker
        assert worker is not None and worker.stdin is not None and worker.stdout is not None
        self._outbox.put(None)  # then the writer closes the process's input
        self._writer.join()
        try:
            answers: list[tuple[int, frozenset[str]]] = pickle.load(worker.stdout)  # noqa: S301
        except (EOFError, pickle.UnpicklingError):
            raise RuntimeError(self._stopped()) from None
        worker.wait()
        return answers

    def _write(self) -> None:
        assert self._worker is not None and self._worker.stdin is not None
        stdin = self._worker.stdin
        try:
            while (chunk := self._outbox.get()) is not None:
                pickle.dump(chunk, stdin, protocol=pickle.HIGHEST_PROTOCOL)
            stdin.close()
        except OSError:
            pass  # the process stopped: reading its answer says so

    def _stopped(self) -> str:
        assert self._worker is not None
        code = self._worker.wait()
        return f"the given-name lookup process stopped (exit code {code}); see its error above"


_SOURCE = str(Path(__file__).resolve().parents[3])  # the folder holding the alliance package


def _look_up(chunk: tuple[int, list[str]]) -> list[tuple[int, frozenset[str]]]:
    """Positions and given-name ids of the given names among the words of ``chunk``
    (the position of its first word, its words)."""
    start, words = chunk
    return [(start + k, ids) for k, word in enumerate(words) if (ids := given_name_ids(word))]


def _serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The second process: look up every chunk of words until the input ends, then
    answer once (writing only at the end: the caller is still writing until then)."""
    found: list[tuple[int, frozenset[str]]] = []
    while True:
        try:
            chunk = pickle.load(requests)  # noqa: S301 - from the process that started this one
        except EOFError:
            break
        found.extend(_look_up(chunk))
    pickle.dump(found, answers, protocol=pickle.HIGHEST_PROTOCOL)
    answers.flush()


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
