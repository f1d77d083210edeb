"""Checked input for screening queries: birth dates, countries, name files.

Every problem raises :class:`InputError` with one of the messages below (tests assert on
them), so the command line can stop before anything is written and name the file, line
and column.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from rigour.territories import lookup_territory

from .model import NAME_PART_ROLES

ERR_DATE_FORMAT = (
    "birth date {value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
    " (DD.MM.YYYY and DD/MM/YYYY are read too)"
)
ERR_DATE_INVALID = "birth date {value!r} is not a real date"
ERR_DATE_RANGE = "birth date {value!r} is out of range (years 1850 to this year)"
ERR_DATE_AMBIGUOUS = (
    "birth date {value!r} is ambiguous (day/month or month/day): write it as YYYY-MM-DD"
)
ERR_COUNTRY = (
    "country {value!r} is not known: write an ISO 3166 code (RU, RUS) or an English, French"
    " or Spanish country name"
)
ERR_EMPTY_NAME = "the name is empty"
ERR_FILE_MISSING = "names file not found"
ERR_ENCODING = "not UTF-8 text at byte {offset} (line {line}): save the file as UTF-8"
ERR_QUOTING = "broken CSV quoting ({problem}): check the quotes from line {line} on"
ERR_NO_NAME_COLUMN = (
    "line 1: the CSV header has no 'name' column (nor first_name, middle_name, last_name,"
    " patronymic)"
)
ERR_PART_NO_LETTERS = "name part {value!r} has no letters"
ERR_PARTS_NOT_PERSON = "name parts (first_name, last_name, ...) are for people, not kind {kind!r}"
ERR_FIELD_COUNT = "line {line}: {found} fields where the header has {expected}"
ERR_EMPTY_FILE = "the file has no header row"
ERR_KIND = "kind {value!r} must be person or organisation"

FIRST_YEAR = 1850
NAME_PART_COLUMNS = NAME_PART_ROLES  # first_name, middle_name, patronymic, last_name

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.](\d{4})$")


class InputError(ValueError):
    """A value or a file that cannot be screened; ``column`` names the CSV column."""

    def __init__(self, message: str, column: str | None = None) -> None:
        self.column = column
        super().__init__(message)


def parse_birth_date(value: str) -> str:
    """``value`` as ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD".

    Read: ISO forms, YYYY/MM/DD, DD.MM.YYYY (day first, as written with dots), DD/MM/YYYY
    or MM/DD/YYYY where only one reading is a date, MM/YYYY. Anything else raises
    ``InputError``; so does a day/month that reads both ways (03/04/1961)."""
    text = value.strip()
    if m := _ISO.match(text):
        year, month, day = m.group(1), m.group(2), m.group(3)
        return _checked(value, int(year), int(month) if month else None, int(day) if day else None)
    if m := _YEAR_FIRST.match(text):
        return _checked(value, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _MONTH_YEAR.match(text):
        return _checked(value, int(m.group(2)), int(m.group(1)), None)
    if m := _DAY_MONTH_YEAR.match(text):
        first, sep, second, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if sep == ".":  # written with dots, the day comes first
            return _checked(value, year, second, first)
        day_first = first <= 31 and 1 <= second <= 12
        month_first = 1 <= first <= 12 and second <= 31
        if day_first and month_first and first != second:
            raise InputError(ERR_DATE_AMBIGUOUS.format(value=value))
        if day_first:
            return _checked(value, year, second, first)
        if month_first:
            return _checked(value, year, first, second)
        raise InputError(ERR_DATE_INVALID.format(value=value))
    raise InputError(ERR_DATE_FORMAT.format(value=value))


def _checked(value: str, year: int, month: int | None, day: int | None) -> str:
    if not FIRST_YEAR <= year <= datetime.date.today().year:
        raise InputError(ERR_DATE_RANGE.format(value=value))
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise InputError(ERR_DATE_INVALID.format(value=value))
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise InputError(ERR_DATE_INVALID.format(value=value)) from None


def parse_country(value: str) -> str:
    """``value`` (ISO 3166 alpha-2 or alpha-3 code, or a country name in English, French
    or Spanish, through rigour's territories) as the lower-case code the lists use."""
    text = value.strip()
    territory = lookup_territory(text) if text else None
    if territory is None:
        raise InputError(ERR_COUNTRY.format(value=value))
    return str(territory.code).lower()


def parse_name_part(value: str) -> str:
    """A name part as given, trimmed; one with no letters at all is refused."""
    text = " ".join(value.split())
    if text and not any(ch.isalpha() for ch in text):
        raise InputError(ERR_PART_NO_LETTERS.format(value=value))
    return text


def check_parts_kind(kind: str | None, parts: dict[str, str]) -> None:
    """Name parts belong to a person (or a query of no stated kind)."""
    if kind not in (None, "person") and any(parts.values()):
        raise InputError(ERR_PARTS_NOT_PERSON.format(kind=kind))


def parse_kind(value: str) -> str | None:
    kind = value.strip().lower()
    if kind not in ("", "person", "organisation", "organization"):
        raise InputError(ERR_KIND.format(value=value))
    return {"": None, "organization": "organisation"}.get(kind, kind)


@dataclass(frozen=True, slots=True)
class CheckedFields:
    """A query's fields, checked: the name (spaces collapsed), its parts, the kind
    (None, person or organisation), the country code and the ISO birth date."""

    name: str
    parts: dict[str, str]
    kind: str | None
    country: str | None
    birth_date: str | None


def checked_fields(
    *,
    name: str,
    parts: dict[str, str],
    kind: str = "",
    country: str = "",
    birth_date: str = "",
    parts_column: str | None = None,
) -> CheckedFields:
    """The raw fields of one query (as typed or read from a CSV row), checked in one order:
    the name parts, an empty name, the kind, parts on a kind that is not a person, the
    country, the birth date. The first problem raises ``InputError`` with the field's name
    as its ``column``; for parts on an organisation that is ``parts_column``, or the first
    part given where that is None (a CSV names the cell; an API form may name ``kind``)."""
    column = "name"
    try:
        checked: dict[str, str] = {}
        for column in NAME_PART_COLUMNS:
            checked[column] = parse_name_part(parts.get(column) or "")
        column = "name"
        text = " ".join(name.split())
        if not text and not any(checked.values()):
            raise InputError(ERR_EMPTY_NAME)
        column = "kind"
        q_kind = parse_kind(kind)
        if parts_column is not None:
            column = parts_column
        else:
            column = next((c for c in NAME_PART_COLUMNS if checked[c]), "kind")
        check_parts_kind(q_kind, checked)
        column = "country"
        code = parse_country(country.strip()) if country.strip() else None
        column = "birth_date"
        born = parse_birth_date(birth_date.strip()) if birth_date.strip() else None
    except InputError as exc:
        raise InputError(str(exc), column) from None
    return CheckedFields(text, checked, q_kind, code, born)


def read_names_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and every row (with its line number) of a UTF-8 CSV of names, read in
    full first: bad bytes, broken quoting or a row of the wrong width raise
    ``InputError`` naming the line, and nothing of the file is used."""
    if not path.is_file():
        raise InputError(ERR_FILE_MISSING)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(ERR_ENCODING.format(offset=exc.start, line=line)) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(ERR_EMPTY_FILE)
        header = [h.strip() for h in header]
        if "name" not in header and not set(NAME_PART_COLUMNS) & set(header):
            raise InputError(ERR_NO_NAME_COLUMN)
        start = reader.line_num + 1
        for fields in reader:
            if fields and len(fields) != len(header):
                raise InputError(
                    ERR_FIELD_COUNT.format(line=start, found=len(fields), expected=len(header))
                )
            if fields:
                rows.append((start, dict(zip(header, fields, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(ERR_QUOTING.format(problem=exc, line=start)) from None
    return header, rows
