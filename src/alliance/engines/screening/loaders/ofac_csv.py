"""OFAC legacy CSV: sdn.csv (or cons_prim.csv) with alt.csv/add.csv beside it when present.

No header; ``-0-`` marks an empty field; a ``\\x1a`` byte ends each file. Strong a.k.a.s
are rows of alt.csv; weak ones are written in the remarks as ``a.k.a. 'NAME'``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from alliance.engines.screening.loaders._common import (
    clean,
    country_codes,
    csv_rows,
    given_and_family,
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

FORMAT = "ofac-csv"

_KINDS = {
    "individual": EntryKind.PERSON,
    "": EntryKind.ORGANISATION,  # OFAC leaves the type empty (-0-) for entities
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
}
_WEAK_AKA = re.compile(r"[afn]\.k\.a\. '(.+?)'(?=\s*(?:[;.,]|$))")
_PROGRAMME_SPLIT = re.compile(r"\]\s*\[")
# Companion file names: sdn.csv -> alt.csv/add.csv, cons_prim.csv -> cons_alt.csv/cons_add.csv.
_COMPANIONS = {"sdn": ("alt", "add"), "cons_prim": ("cons_alt", "cons_add")}


def value(field: str) -> str:
    field = clean(field)
    return "" if field == "-0-" else field


def list_id_for(path: Path) -> str:
    return "ofac-cons" if path.name.lower().startswith("cons") else "ofac-sdn"


def companions(path: Path) -> tuple[Path | None, Path | None]:
    """alt.csv and add.csv beside a primary file, matched case-insensitively."""
    stem = path.stem.lower()
    alt_stem, add_stem = _COMPANIONS.get(stem, (None, None))
    siblings = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
    alt = siblings.get(f"{alt_stem}.csv") if alt_stem else None
    add = siblings.get(f"{add_stem}.csv") if add_stem else None
    return alt, add


def person_name(name: str) -> str:
    """OFAC writes people "LAST, First"; give "First LAST" like the other lists."""
    last, comma, first = name.partition(", ")
    return clean(f"{first} {last}") if comma else name


def person_parts(name: str) -> NameParts | None:
    """The given and family names of an OFAC "LAST, First" name (none without a comma)."""
    last, comma, first = name.partition(", ")
    return given_and_family(person_name(name), first, last) if comma else None


def load(path: Path) -> tuple[str, list[ListEntry]]:
    alt_path, add_path = companions(path)
    rows = [(line, fields) for line, fields in csv_rows(path, read_text(path), width=12)]
    known = set()
    for line, fields in rows:
        if not value(fields[0]).isdigit():
            raise ListFormatError(str(path), f"line {line}", f"bad ent_num {fields[0]!r}")
        known.add(value(fields[0]))

    aliases: dict[str, list[str]] = defaultdict(list)
    if alt_path:
        for line, fields in csv_rows(alt_path, read_text(alt_path), width=5):
            aliases[_owner(alt_path, line, fields[0], known)].append(value(fields[3]))
    countries: dict[str, list[str]] = defaultdict(list)
    if add_path:
        for line, fields in csv_rows(add_path, read_text(add_path), width=6):
            countries[_owner(add_path, line, fields[0], known)].append(value(fields[4]))

    entries = [_entry(path, line, fields, aliases, countries) for line, fields in rows]
    return list_id_for(path), entries


def _owner(path: Path, line: int, field: str, known: set[str]) -> str:
    ent_num = value(field)
    if ent_num not in known:
        raise ListFormatError(str(path), f"line {line}", f"ent_num {field!r} not in the main file")
    return ent_num


def _entry(
    path: Path,
    line: int,
    fields: list[str],
    aliases: dict[str, list[str]],
    countries: dict[str, list[str]],
) -> ListEntry:
    ent_num, name, sdn_type, programme, title, call_sign = (value(f) for f in fields[:6])
    vessel_flag, remarks = value(fields[9]), value(fields[11])
    kind = _KINDS.get(sdn_type.lower())
    if kind is None or not name:
        problem = f"unknown SDN_Type {sdn_type!r}" if kind is None else "empty SDN_Name"
        raise ListFormatError(str(path), f"line {line}", problem)
    facts = _remark_facts(remarks)
    tidy = person_name if kind is EntryKind.PERSON else clean
    primary = tidy(name)
    alias_rows = [(tidy(a), AliasQuality.STRONG) for a in aliases.get(ent_num, [])]
    alias_rows += [(tidy(a), AliasQuality.WEAK) for a in _WEAK_AKA.findall(remarks)]
    extra = [("title", title), ("call_sign", call_sign)]
    raw_names = [name, *aliases.get(ent_num, []), *_WEAK_AKA.findall(remarks)]
    parts = parts_of_names(map(person_parts, raw_names)) if kind is EntryKind.PERSON else ()
    return ListEntry(
        list_id=list_id_for(path),
        entry_id=ent_num,
        kind=kind,
        primary_name=primary,
        aliases=make_aliases(primary, alias_rows),
        birth_dates=unique(facts["dob"]),
        nationalities=country_codes(facts["nationality"]),
        countries=country_codes([*countries.get(ent_num, []), vessel_flag]),
        programmes=unique(clean(p) for p in _PROGRAMME_SPLIT.split(programme.strip("[]"))),
        listed_on=None,  # the legacy CSV does not carry listing dates
        remarks=remarks,
        extra=tuple(sorted((k, v) for k, v in extra if v)),
        name_parts=parts,
    )


def _remark_facts(remarks: str) -> dict[str, list[str]]:
    """Dates of birth and nationalities from "DOB 10 Dec 1948; nationality Iran; ..."."""
    facts: dict[str, list[str]] = {"dob": [], "nationality": []}
    for part in remarks.split(";"):
        part = clean(part).removeprefix("alt. ").rstrip(".")
        key, _, rest = part.partition(" ")
        if key == "DOB":
            facts["dob"] += iso_dates(rest)
        elif key in ("nationality", "citizen"):
            facts["nationality"].append(rest)
    return facts
