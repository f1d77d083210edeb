"""UK HM Treasury / OFSI consolidated list, legacy CSV (cp1252).

Row 1 is "Last Updated,<date>", row 2 the header. Each target (Group ID) has several
name rows: "Prime Alias" rows give its listed names, "AKA"/"FKA" rows its other names.
"""

from __future__ import annotations

import re
from pathlib import Path

from alliance.engines.screening.loaders._common import (
    clean,
    country_codes,
    csv_rows,
    given_and_family,
    iso_date,
    iso_dates,
    make_aliases,
    parts_of_names,
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

FORMAT = "uk-ofsi-csv"
LIST_ID = "uk-ofsi"

HEADER = [
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
]
_COLUMN = {name: index for index, name in enumerate(HEADER)}
_KINDS = {"individual": EntryKind.PERSON, "entity": EntryKind.ORGANISATION}
_KINDS |= {"ship": EntryKind.VESSEL}
_QUALITY = {"prime alias": AliasQuality.STRONG}
_NUMBERED = re.compile(r"\(\d+\)")  # "(1) Afghan (2) Pakistani"


def load(path: Path) -> tuple[str, list[ListEntry]]:
    rows = iter(csv_rows(path, read_text(path)))
    first = next(rows, None)
    header = next(rows, None)
    if first is None or not first[1][0].startswith("Last Updated"):
        raise ListFormatError(str(path), "line 1", 'expected "Last Updated,<date>"')
    if header is None or [clean(h) for h in header[1]] != HEADER:
        raise ListFormatError(str(path), f"line {header[0] if header else 2}", "unexpected header")
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    for line, fields in rows:
        if len(fields) != len(HEADER):
            raise ListFormatError(
                str(path), f"line {line}", f"expected {len(HEADER)} columns, found {len(fields)}"
            )
        group_id = clean(fields[_COLUMN["Group ID"]])
        if not group_id:
            raise ListFormatError(str(path), f"line {line}", "empty Group ID")
        groups.setdefault(group_id, []).append((line, fields))
    return LIST_ID, [_entry(path, group_id, rows) for group_id, rows in groups.items()]


def _get(fields: list[str], column: str) -> str:
    return clean(fields[_COLUMN[column]])


def _name(fields: list[str]) -> str:
    """Given names (Name 1-5) then the surname (Name 6)."""
    return clean(" ".join(fields[1:6]) + " " + fields[0])


def _parts(fields: list[str]) -> NameParts | None:
    """Name 1 is the first name, Names 2-5 middle names, Name 6 the surname."""
    return given_and_family(_name(fields), " ".join(fields[1:6]), fields[0])


def _split(text: str) -> list[str]:
    return [clean(part) for part in _NUMBERED.split(text) if clean(part)]


def _entry(path: Path, group_id: str, rows: list[tuple[int, list[str]]]) -> ListEntry:
    line, first = rows[0]
    kind = _KINDS.get(_get(first, "Group Type").lower())
    if kind is None:
        raise ListFormatError(
            str(path), f"line {line}", f"unknown Group Type {_get(first, 'Group Type')!r}"
        )
    prime = next((f for _, f in rows if _get(f, "Alias Type").lower() == "prime alias"), first)
    primary = _name(prime)
    if not primary:
        raise ListFormatError(str(path), f"line {line}", f"no name for Group ID {group_id}")
    names = [
        (_name(f), _QUALITY.get(_get(f, "Alias Type").lower(), AliasQuality.UNKNOWN))
        for _, f in rows
    ]

    def column(name: str) -> tuple[str, ...]:
        return unique(_get(f, name) for _, f in rows)

    extra = [("title", t) for t in column("Title")]
    extra += [("passport", p) for p in column("Passport Details")]
    extra += [("national_id", n) for n in column("NI Number")]
    return ListEntry(
        list_id=LIST_ID,
        entry_id=group_id,
        kind=kind,
        primary_name=primary,
        aliases=make_aliases(primary, names),
        birth_dates=unique(d for dob in column("DOB") for d in iso_dates(dob)),
        nationalities=country_codes(n for text in column("Nationality") for n in _split(text)),
        countries=country_codes(c for text in column("Country") for c in _split(text)),
        programmes=column("Regime"),
        listed_on=iso_date(_get(first, "Listed On")),
        remarks=next(iter(column("Other Information")), ""),
        extra=tuple(sorted(extra)),
        name_parts=parts_of_names(_parts(f) for _, f in rows) if kind is EntryKind.PERSON else (),
    )
