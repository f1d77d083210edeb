"""OpenSanctions / FollowTheMoney entities, one JSON object per line.

Entities are parsed and their values cleaned by the ``followthemoney`` library. People,
organisations, vessels and aircraft become entries; Sanction entities add their
programme and listing date to the entity they point at; other schemata are context and
are skipped. When entities carry OpenSanctions' ``target`` flag only targets are kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from alliance.engines.screening.loaders._common import (
    clean,
    country_codes,
    iso_date,
    make_aliases,
    read_text,
    unique,
)
from alliance.engines.screening.model import (
    AliasQuality,
    EntryKind,
    ListEntry,
    ListFormatError,
    NameParts,
)

FORMAT = "ftm-jsonl"
LIST_ID = "opensanctions"

# Most specific first: a Company is also an Organization and a LegalEntity.
_KINDS = (
    ("Person", EntryKind.PERSON),
    ("Vessel", EntryKind.VESSEL),
    ("Airplane", EntryKind.AIRCRAFT),
    ("Organization", EntryKind.ORGANISATION),
    ("LegalEntity", EntryKind.UNKNOWN),
)
_ALIAS_PROPS = (
    ("name", AliasQuality.STRONG),
    ("alias", AliasQuality.STRONG),
    ("previousName", AliasQuality.UNKNOWN),
    ("weakAlias", AliasQuality.WEAK),
)


def load(path: Path) -> tuple[str, list[ListEntry]]:
    targets: list[tuple[int, EntityProxy]] = []
    programmes: dict[str, list[str]] = {}
    listed: dict[str, list[str]] = {}
    for line, text in enumerate(read_text(path, ("utf-8",)).splitlines(), start=1):
        if not text.strip():
            continue
        proxy, is_target = _parse(path, line, text)
        if proxy.schema.is_a("Sanction"):
            for entity_id in proxy.get("entity"):
                programmes.setdefault(entity_id, []).extend(proxy.get("program"))
                dates = proxy.get("listingDate") or proxy.get("startDate")
                listed.setdefault(entity_id, []).extend(d for d in map(iso_date, dates) if d)
        elif is_target and _kind(proxy) is not None:
            targets.append((line, proxy))
    entries = [_entry(path, line, p, programmes, listed) for line, p in targets]
    return LIST_ID, entries


def _parse(path: Path, line: int, text: str) -> tuple[EntityProxy, bool]:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ListFormatError(str(path), f"line {line}", f"invalid JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not data.get("id"):
        raise ListFormatError(str(path), f"line {line}", "not an entity object with an id")
    try:
        proxy = model.get_proxy(data, cleaned=False)
    except FollowTheMoneyException as exc:
        raise ListFormatError(str(path), f"line {line}", f"invalid entity: {exc}") from exc
    return proxy, data.get("target", True) is not False


def _kind(proxy: EntityProxy) -> EntryKind | None:
    for schema, kind in _KINDS:
        if proxy.schema.is_a(schema):
            return kind
    return None


def _entry(
    path: Path,
    line: int,
    proxy: EntityProxy,
    programmes: dict[str, list[str]],
    listed: dict[str, list[str]],
) -> ListEntry:
    entity_id = str(proxy.id)
    names = [(n, q) for prop, q in _ALIAS_PROPS for n in proxy.get(prop, quiet=True)]
    primary = clean(proxy.caption) if names or proxy.get("lastName", quiet=True) else ""
    if not primary:
        raise ListFormatError(str(path), f"line {line}", f"entity {entity_id} has no name")
    countries = [
        *proxy.get("country", quiet=True),
        *proxy.get("jurisdiction", quiet=True),
        *proxy.get("mainCountry", quiet=True),
        *proxy.get("flag", quiet=True),
    ]
    dates = sorted(listed.get(entity_id, []))
    extra = [
        (prop, value)
        for prop in ("idNumber", "registrationNumber", "imoNumber", "passportNumber")
        for value in proxy.get(prop, quiet=True)
    ]
    return ListEntry(
        list_id=LIST_ID,
        entry_id=entity_id,
        kind=_kind(proxy) or EntryKind.UNKNOWN,
        primary_name=primary,
        aliases=make_aliases(primary, names),
        birth_dates=unique(d for d in map(iso_date, proxy.get("birthDate", quiet=True)) if d),
        nationalities=country_codes(
            [*proxy.get("nationality", quiet=True), *proxy.get("citizenship", quiet=True)]
        ),
        countries=country_codes(countries),
        programmes=unique([*proxy.get("program", quiet=True), *programmes.get(entity_id, [])]),
        listed_on=dates[0] if dates else None,
        remarks=clean(" ".join(proxy.get("notes", quiet=True))),
        extra=tuple(sorted(set(extra))),
        name_parts=_parts(proxy, primary) if _kind(proxy) is EntryKind.PERSON else (),
    )


def _parts(proxy: EntityProxy, primary: str) -> tuple[NameParts, ...]:
    """The primary name's parts from firstName, middleName, fatherName and lastName."""

    def first(prop: str) -> str:
        return clean(next(iter(proxy.get(prop, quiet=True)), ""))

    parts = NameParts(primary, first("firstName"), first("middleName"), first("fatherName"),
                      first("lastName"))  # fmt: skip
    return (parts,) if parts.has_roles() else ()
