"""Given names across scripts: looked up once per listed word when an index is built."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from alliance.engines.screening.given_names import (
    EMPTY,
    GivenNameLookup,
    GivenNameSets,
    given_name_ids,
)
from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import Alias, AliasQuality, EntryKind, ListEntry

WORDS = ["michael", "майкл", "مايكل", "smith", "j", "", "владимир", "zzqxv", "山田", "john"]


def test_words_of_one_letter_are_no_given_name() -> None:
    assert given_name_ids("j") == frozenset()
    assert given_name_ids("") == frozenset()


def test_one_given_name_in_three_scripts_shares_an_id() -> None:
    sets = GivenNameSets()
    ids = sets.lookup(WORDS)
    michael, cyrillic, arabic, smith = ids[:4]
    assert michael != EMPTY and cyrillic != EMPTY and arabic != EMPTY
    left, right = np.array([michael, michael, cyrillic]), np.array([cyrillic, arabic, smith])
    shared = sets.shared(left, right)
    assert shared.tolist() == [True, True, False]


def test_lookup_in_a_second_process_equals_lookup_here() -> None:
    here = GivenNameLookup(parallel=False)
    there = GivenNameLookup(parallel=True)
    for lookup in (here, there):
        assert lookup.add(WORDS[:4]) == 0
        assert lookup.add(WORDS[4:]) == 4
    mine, theirs = here.result(), there.result()
    assert [here.sets.sets[i] for i in mine] == [there.sets.sets[i] for i in theirs]
    assert [here.sets.sets[i] for i in mine] == [given_name_ids(w) for w in WORDS]


def test_a_failed_lookup_process_is_a_clear_error() -> None:
    lookup = GivenNameLookup(parallel=True)
    assert lookup._worker is not None
    lookup._worker.kill()
    lookup._worker.wait()
    with pytest.raises(RuntimeError, match="given-name lookup process stopped"):
        lookup.add(["майкл"] * 100_000)
        lookup.result()


def test_sets_survive_pickling_with_their_ids() -> None:
    sets = GivenNameSets()
    ids = sets.lookup(WORDS)
    again = pickle.loads(pickle.dumps(sets))
    assert again.sets == sets.sets
    assert again.lookup(WORDS).tolist() == ids.tolist()


def test_screener_holds_the_given_names_of_its_words() -> None:
    entry = ListEntry(
        "test",
        "1",
        EntryKind.PERSON,
        "Майкл Смит",
        (Alias("Michael Smith", AliasQuality.STRONG),),
    )
    screener = Screener.from_entries([entry])
    rows = screener.rows
    looked_up = {rows.word(w): rows.given_sets.sets[s] for w, s in enumerate(rows.word_given)}
    assert looked_up["майкл"] == given_name_ids("майкл") != frozenset()
    assert looked_up["michael"] == given_name_ids("michael") != frozenset()
    # Written in another script, the query still finds the entry through the given name.
    assert screener.screen(Query("Майкл Смит", kind="person"))
    assert pickle.loads(pickle.dumps(screener)).rows.given_sets.sets == rows.given_sets.sets


def test_closing_a_lookup_stops_its_second_process() -> None:
    lookup = GivenNameLookup(parallel=True)
    lookup.add(WORDS)
    worker = lookup._worker
    assert worker is not None and worker.poll() is None
    lookup.close()
    assert worker.poll() is not None


def test_a_stored_screener_answers_its_listed_words_without_rigour(tmp_path, monkeypatch) -> None:
    """Opened from the store, a screener's listed words get the given-name ids found at
    build (as rigour gives them), without asking rigour; other words still ask it."""
    from alliance.engines.screening import given_names
    from alliance.engines.screening.cache import open_screener, store_screener

    monkeypatch.setattr(given_names, "_KNOWN", [])  # this test's screener only
    entries = [
        ListEntry("test", "1", EntryKind.PERSON, "Майкл Смит",
                  (Alias("Michael Smith", AliasQuality.STRONG),)),
        ListEntry("test", "2", EntryKind.PERSON, "محمد علي", (Alias("Mohammed Ali"),)),
        ListEntry("test", "3", EntryKind.ORGANISATION, "Acme Trading LLC"),
    ]  # fmt: skip
    store_screener(tmp_path, "k", Screener.from_entries(entries))
    screener = open_screener(tmp_path, "k")
    assert screener is not None
    rows = screener.rows
    words = [rows.word(w) for w in range(len(rows.word_given))]
    expected = {w: given_names.rigour_given_name_ids(w) for w in words if len(w) >= 2}
    assert any(expected.values())

    def refused(word: str) -> frozenset[str]:
        raise AssertionError(f"rigour asked about {word!r}")

    monkeypatch.setattr(given_names, "rigour_given_name_ids", refused)
    for word, ids in expected.items():
        assert given_names.given_name_ids.__wrapped__(word) == ids
    with pytest.raises(AssertionError, match="about 'ivan'"):
        given_names.given_name_ids.__wrapped__("ivan")
