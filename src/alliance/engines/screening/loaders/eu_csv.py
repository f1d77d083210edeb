"""EU Financial Sanctions Files (FSF) consolidated list, 2018 CSV format.

Each line is one quoted field holding a ";"-separated record, padded with tabs. A line
carries one sub-record of an entity (a name alias, an address, a birth, an identity
document or a citizenship); lines sharing Entity_logical_id make up one entry.
"""

from __future__ import annotations

import csv
from pathlib import Path

from alliance.engines.screening.loaders._common import (
    clean,
    country_codes,
    csv_rows,
    iso_dates,
    make_aliases,
    read_text,
    unique,
)
from alliance.engines.screening.model import AliasQuality, EntryKind, ListEntry, ListFormatError

FORMAT = "eu-fsf-csv"
LIST_ID = "eu-fsf"
WIDTH = 59
# Positions in the header (column names repeat, e.g. Entity_logical_id, so go by index).
ENTITY_ID, SUBJECT_TYPE, PUBLISHED, PROGRAMME, REMARK = 1, 2, 4, 6, 7
NAAL_ID, WHOLENAME, TITLE, FUNCTION = 8, 17, 19, 20
ADDR_COUNTRY, BIRTH_DATE, IDEN_NUMBER, CITI_COUNTRY, EU_REF = 32, 40, 49, 57, 58
_KINDS = {"P": EntryKind.PERSON, "E": EntryKind.ORGANISATION}


def load(path: Path) -> tuple[str, list[ListEntry]]:
    groups: dict[str, list[list[str]]] = {}
    lines: dict[str, int] = {}
    for line, fields in _records(path):
        entity = clean(fields[ENTITY_ID])
        if not entity or fields[SUBJECT_TYPE] not in _KINDS:
            problem = "empty Entity_logical_id" if not entity else "unknown Subject_type"
            raise ListFormatError(str(path), f"line {line}", problem)
        groups.setdefault(entity, []).append(fields)
        lines.setdefault(entity, line)
    return LIST_ID, [_entry(path, lines[e], e, rows) for e, rows in groups.items()]


def _records(path: Path) -> list[tuple[int, list[str]]]:
    """(line, 59 fields) per record, header checked and skipped."""
    records = []
    for line, outer in csv_rows(path, read_text(path)):
        if len(outer) != 1:
            raise ListFormatError(str(path), f"line {line}", "expected one quoted record per line")
        try:
            fields = next(csv.reader([outer[0].rstrip("\t")], delimiter=";", strict=True))
        except csv.Error as exc:
            raise ListFormatError(str(path), f"line {line}", f"bad record: {exc}") from exc
        if len(fields) != WIDTH:
            raise ListFormatError(
                str(path), f"line {line}", f"expected {WIDTH} columns, found {len(fields)}"
            )
        records.append((line, [clean(f) for f in fields]))
    if not records or not records[0][1][0].startswith("Date_file"):
        raise ListFormatError(str(path), "line 1", "expected the FSF header (Date_file;...)")
    return records[1:]


def _entry(path: Path, line: int, entity: str, rows: list[list[str]]) -> ListEntry:
    names = [r[WHOLENAME] for r in rows if r[NAAL_ID] and r[WHOLENAME]]
    if not names:
        raise ListFormatError(str(path), f"line {line}", f"entity {entity} has no name")
    primary = names[0]

    def column(index: int) -> tuple[str, ...]:
        return unique(r[index] for r in rows)

    extra = [("eu_ref", r) for r in column(EU_REF)]
    extra += [("title", t) for t in column(TITLE)]
    extra += [("function", f) for f in column(FUNCTION)]
    extra += [("id_number", n) for n in column(IDEN_NUMBER)]
    published = sorted(d for d in column(PUBLISHED) if iso_dates(d))
    return ListEntry(
        list_id=LIST_ID,
        entry_id=entity,
        kind=_KINDS[rows[0][SUBJECT_TYPE]],
        primary_name=primary,
        aliases=make_aliases(primary, ((n, AliasQuality.UNKNOWN) for n in names[1:])),
        birth_dates=unique(d for text in column(BIRTH_DATE) for d in iso_dates(text)),
        nationalities=country_codes(column(CITI_COUNTRY)),
        countries=country_codes(column(ADDR_COUNTRY)),
        programmes=column(PROGRAMME),
        listed_on=published[0] if published else None,
        remarks=" ".join(column(REMARK)).replace("\\n", " "),
        extra=tuple(sorted(extra)),
    )
