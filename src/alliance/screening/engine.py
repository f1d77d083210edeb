"""Glue between the stored list entries and the plain-Python screening engine.

Entries are kept as ``dataclasses.asdict(ListEntry)`` rows, so a worker can rebuild the
engine's entries (and their digests) from the database without the original files. Built
screeners are cached per process, keyed by the digests of the versions they cover, so a
worker builds the index once per set of current lists, not once per task.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from alliance.engines.screening.model import Alias, AliasQuality, EntryKind, ListEntry, NameParts
from alliance.engines.screening.query_input import NAME_PART_COLUMNS, checked_fields

if TYPE_CHECKING:
    from alliance.engines.screening.matcher import Query, Screener

# The matcher (numpy, numba and its compiled kernels, rapidfuzz: most of a second) is
# imported where it is used, not when the URLconf is: every process start (a server, a
# worker, a command) would pay for it, most never screen.

# A handful of screeners (one per set of current lists) is plenty per worker process.
_CACHE_SIZE = 4
_cache: dict[frozenset[str], Screener] = {}
_cache_lock = threading.Lock()


def entry_to_data(entry: ListEntry) -> dict[str, Any]:
    return asdict(entry)


def entry_from_data(data: dict[str, Any]) -> ListEntry:
    """The engine's entry back from its stored row; ``digest()`` round-trips."""
    return ListEntry(
        list_id=data["list_id"],
        entry_id=data["entry_id"],
        kind=EntryKind(data["kind"]),
        primary_name=data["primary_name"],
        aliases=tuple(
            Alias(a["name"], AliasQuality(a["quality"]), a.get("script"))
            for a in data.get("aliases", ())
        ),
        birth_dates=tuple(data.get("birth_dates", ())),
        nationalities=tuple(data.get("nationalities", ())),
        countries=tuple(data.get("countries", ())),
        programmes=tuple(data.get("programmes", ())),
        listed_on=data.get("listed_on"),
        remarks=data.get("remarks", ""),
        extra=tuple(tuple(pair) for pair in data.get("extra", ())),  # type: ignore[misc]
        name_parts=tuple(NameParts(**parts) for parts in data.get("name_parts", ())),
    )


def cached_screener(key: frozenset[str], build: Any) -> Screener:
    """The screener for ``key`` (a set of version digests), built by ``build()`` once."""
    with _cache_lock:
        screener = _cache.get(key)
    if screener is not None:
        return screener
    screener = build()
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = screener
    return screener


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def cache_keys() -> list[frozenset[str]]:
    with _cache_lock:
        return list(_cache)


def screener_for(entries: Iterable[ListEntry]) -> Screener:
    from alliance.engines.screening.matcher import Screener

    return Screener.from_entries(entries)


def checked_query(*, name: str = "", kind: str = "", country: str = "", birth_date: str = "",
                  **parts: str) -> Query:  # fmt: skip
    """A query from what a person typed, every field checked (``InputError`` names the
    field as its ``column``, ``kind`` for name parts on an organisation): the name or its
    parts, kind, country, birth date."""
    fields = checked_fields(
        name=name,
        parts={column: parts.get(column, "") for column in NAME_PART_COLUMNS},
        kind=kind,
        country=country,
        birth_date=birth_date,
        parts_column="kind",
    )
    from alliance.engines.screening.matcher import Query

    return Query(fields.name, fields.kind, fields.country, fields.birth_date, **fields.parts)


def query_for(*, name: str, kind: str, country: str = "", birth_date: str = "") -> Query:
    from alliance.engines.screening.matcher import Query

    return Query(
        name=name, kind=kind, country=country.lower() or None, birth_date=birth_date or None
    )


def warm_engine() -> None:
    """Load what the engine loads on first use (the compiled kernels, the given-name
    data: tens of seconds on a busy machine) by screening a made-up entry, touching no
    database. RQ workers call it once before they fork a work horse per task
    (settings.ALLIANCE_WORKER_WARMUP), so every task starts with it loaded."""
    entry = ListEntry(
        list_id="warm-up",
        entry_id="1",
        kind=EntryKind.PERSON,
        primary_name="Mohammed Ali Hassan",
        aliases=(Alias("Muhammad Ali Hasan", AliasQuality.STRONG, None),),
    )
    screener = screener_for([entry])
    screener.screen_many(
        [query_for(name="Mohamed Aly Hassan", kind="person"),
         query_for(name="Warm Up Trading Ltd", kind="organisation")],
        limit=1,
    )  # fmt: skip
