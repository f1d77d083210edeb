"""The site's screener over the current lists is stored once per machine (memory-mapped,
keyed by the lists' content): a new process opens it instead of rebuilding it, and a
list update gets a new one."""

from __future__ import annotations

import pytest

from alliance.screening import actions, selectors
from alliance.screening.engine import clear_cache
from alliance.screening.engine import screener_for as real_screener_for
from tests.screening.conftest import organisation, person

pytestmark = pytest.mark.django_db

V1 = [
    person("p-ivanov", "Viktor Petrovich Ivanov", birth="1961-04-02", nationality="ru"),
    organisation("o-blacksea", "Black Sea Shipping Trading", country="ru"),
]
V2 = [*V1, person("p-haddad", "Omar Khalid Haddad", birth="1966-06-06")]
NAMES = ["Viktor Ivanov", "Black Sea Shipping", "Omar Haddad", "Nobody Known"]


def _screen(screener) -> list[list[str]]:  # type: ignore[no-untyped-def]
    queries = [actions.query_for(name=n, kind="person") for n in NAMES]
    return [[m.entry_id for m in ms] for ms in screener.screen_many(queries, limit=3)]


def test_a_new_process_opens_the_stored_screener_and_a_list_update_rebuilds(
    sam, write_list, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    settings.ALLIANCE_SCREENING_CACHE_DIR = tmp_path / "screening-cache"
    built: list[int] = []

    def counting(entries):  # type: ignore[no-untyped-def]
        built.append(1)
        return real_screener_for(entries)

    monkeypatch.setattr(selectors, "screener_for", counting)
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=write_list("w.jsonl", V1))
    first = _screen(selectors.current_screener())
    assert built == [1]
    assert first[0] == ["p-ivanov"] and first[2] == []

    clear_cache()  # as a new worker process, or RQ's forked work horse, starts
    reopened = selectors.current_screener()
    assert built == [1], "the stored screener was rebuilt"
    assert reopened is not None
    assert _screen(reopened) == first

    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=write_list("w.jsonl", V2))
    clear_cache()
    updated = _screen(selectors.current_screener())
    assert built == [1, 1]
    assert updated[2] == ["p-haddad"]
    assert len(list((tmp_path / "screening-cache").glob("screener-*"))) == 2
