"""Screening indexes built once and shared between processes: stored on disk by the lists'
content and the engine version, memory-mapped read-only by whoever opens them."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from alliance.datadir import FALLBACK_DATA_DIR
from alliance.engines.screening import cache
from alliance.engines.screening.loaders import load_list
from alliance.engines.screening.matcher import Query, Screener

UN = FALLBACK_DATA_DIR / "lists" / "un" / "un_consolidated_fallback.xml"


@pytest.fixture(scope="module")
def entries():  # type: ignore[no-untyped-def]
    return load_list(UN).entries


def _queries(entries) -> list[Query]:  # type: ignore[no-untyped-def]
    listed = [Query(name=e.primary_name, kind=e.kind) for e in entries[:40]]
    # Spelling variants and a name on no list, so scores below 1 and misses are compared.
    variants = [Query(name=q.name.replace("a", "e", 1)) for q in listed[:10]]
    return [*listed, *variants, Query(name="Nobody Whatsoever Ltd")]


def _found(screener: Screener, queries: list[Query]) -> list[list[dict]]:
    return [[m.to_dict() for m in ms] for ms in screener.screen_many(queries, limit=5)]


def test_a_stored_screener_opens_without_rebuilding_and_screens_the_same(tmp_path, entries):
    built: list[int] = []

    def build() -> Screener:
        built.append(1)
        return Screener.from_entries(entries)

    key = cache.content_key(["digest-of-the-un-list"])
    first = cache.stored_screener(tmp_path, key, build)
    second = cache.stored_screener(tmp_path, key, build)
    assert built == [1]
    queries = _queries(entries)
    expected = _found(first, queries)
    assert sum(map(len, expected)) > len(queries) // 2
    assert _found(second, queries) == expected
    # The large arrays are read-only views of the mapped files, not copies.
    postings = second.index.postings
    assert isinstance(postings.base, np.memmap) and not postings.flags.writeable
    assert len(list((tmp_path / f"screener-{key}").glob("*.npy"))) >= 2


def test_another_process_opens_the_stored_screener_without_building(tmp_path, entries):
    key = cache.content_key(["digest-of-the-un-list"])
    here = cache.stored_screener(tmp_path, key, lambda: Screener.from_entries(entries))
    queries = _queries(entries)
    script = f"""
import json, sys
from pathlib import Path
from alliance.engines.screening import cache
from alliance.engines.screening.matcher import Query
def build():
    sys.exit("rebuilt")
screener = cache.stored_screener(Path({str(tmp_path)!r}), {key!r}, build)
queries = [Query(**q) for q in json.loads(sys.stdin.read())]
print(json.dumps([[m.to_dict() for m in ms] for ms in screener.screen_many(queries, limit=5)]))
"""
    sent = json.dumps([{"name": q.name, "kind": q.kind and str(q.kind)} for q in queries])
    out = subprocess.run([sys.executable, "-c", script], input=sent, capture_output=True,
                         text=True, check=False, timeout=600)  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout) == json.loads(json.dumps(_found(here, queries)))


def test_changed_lists_or_engine_get_another_key_and_are_rebuilt(tmp_path, entries):
    built: list[int] = []

    def build() -> Screener:
        built.append(1)
        return Screener.from_entries(entries[:20])

    old = cache.content_key(["list-a-v1", "list-b-v1"])
    assert cache.content_key(["list-a-v2", "list-b-v1"]) != old
    assert cache.content_key(["list-b-v1", "list-a-v1"]) != old  # rows in another order
    cache.stored_screener(tmp_path, old, build)
    cache.stored_screener(tmp_path, cache.content_key(["list-a-v2", "list-b-v1"]), build)
    assert built == [1, 1]
    # Another engine version: the same lists give another key.
    import unittest.mock

    with unittest.mock.patch.object(cache, "ENGINE_VERSION", "screening-next"):
        assert cache.content_key(["list-a-v1", "list-b-v1"]) != old


def test_a_broken_store_is_rebuilt_and_a_half_written_one_is_never_seen(tmp_path, entries):
    key = cache.content_key(["x"])
    folder = cache.store_screener(tmp_path, key, Screener.from_entries(entries[:20]))
    (folder / "screener.pickle").write_bytes(b"not a pickle")
    assert cache.open_screener(tmp_path, key) is None
    rebuilt = cache.stored_screener(tmp_path, key, lambda: Screener.from_entries(entries[:20]))
    assert len(rebuilt) == len(entries[:20])
    # The broken folder was replaced: the next process opens the good one.
    reopened = cache.open_screener(tmp_path, key)
    assert reopened is not None and len(reopened) == len(entries[:20])
    # Written under a temporary name, then renamed: no temporary folders are left.
    assert not list(tmp_path.glob(".screener-*"))


def test_only_the_newest_stores_are_kept(tmp_path, entries):
    small = Screener.from_entries(entries[:5])
    for n in range(cache.KEEP_STORED + 2):
        cache.store_screener(tmp_path, f"k{n}", small)
    kept = sorted(p.name for p in tmp_path.glob("screener-*"))
    assert len(kept) == cache.KEEP_STORED
    assert f"screener-k{cache.KEEP_STORED + 1}" in kept
