"""Canada consolidated autonomous sanctions list (SEMA / JVCFOA), official XML.

data-set/record with Country (the sanctions regime, not a nationality), LastName and
GivenName for people, EntityOrShip for entities and ships, free-text Aliases,
DateOfBirthOrShipBuildDate, Schedule, Item and DateOfListing. Records have no id of their
own, so an entry is named by regime, schedule and item, which are unique in the list.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from alliance.engines.screening.loaders._common import (
    child_text,
    clean,
    given_and_family,
    iso_date,
    iso_dates,
    iter_xml,
    make_aliases,
    parts_of_names,
    unique,
)
from alliance.engines.screening.model import (
    AliasQuality,
    EntryKind,
    ListEntry,
    ListFormatError,
)

FORMAT = "ca-sema-xml"
LIST_ID = "ca-sema"

_LANGUAGE_LABEL = re.compile(r"^[A-Za-z ]{3,20}\s*:\s*")  # "Russian: Сергей ..."
_PERSON_SEPARATORS = re.compile(r"[;,]")  # entity names may hold commas, people's do not


def load(path: Path) -> tuple[str, list[ListEntry]]:
    entries = [
        _entry(path, element, number)
        for number, element in enumerate(iter_xml(path, {"record"}), start=1)
    ]
    return LIST_ID, entries


def _entry(path: Path, record: Element, number: int) -> ListEntry:
    regime = child_text(record, "Country")
    person_name = clean(f"{child_text(record, 'GivenName')} {child_text(record, 'LastName')}")
    entity_name = child_text(record, "EntityOrShip")
    imo = child_text(record, "ShipIMONumber")
    name = person_name or entity_name
    item = child_text(record, "Item")
    if not name or not regime or not item:
        missing = "name" if not name else "Country" if not regime else "Item"
        raise ListFormatError(str(path), f"<record> #{number}", f"no {missing}")
    kind = EntryKind.VESSEL if imo else EntryKind.ORGANISATION
    kind = EntryKind.PERSON if person_name else kind
    separators = _PERSON_SEPARATORS if kind is EntryKind.PERSON else re.compile(";")
    aliases = [
        (_LANGUAGE_LABEL.sub("", part), AliasQuality.UNKNOWN)
        for part in separators.split(child_text(record, "Aliases"))
    ]
    dates = child_text(record, "DateOfBirthOrShipBuildDate")
    birth_dates = unique(d for part in re.split(r"(?i) or ", dates) for d in iso_dates(part))
    schedule = child_text(record, "Schedule")
    extra = [("imo", imo), ("title_or_ship_type", child_text(record, "TitleOrShip"))]
    if kind is EntryKind.VESSEL:
        extra.append(("build_date", dates))
    return ListEntry(
        list_id=LIST_ID,
        entry_id=f"{regime.split(' / ')[0]}/{schedule}/{item}",
        kind=kind,
        primary_name=name,
        aliases=make_aliases(name, aliases),
        birth_dates=birth_dates if kind is EntryKind.PERSON else (),
        nationalities=(),  # the list gives the regime, not the person's nationality
        countries=(),
        programmes=unique([regime]),
        listed_on=iso_date(child_text(record, "DateOfListing")),
        remarks="",
        extra=tuple(sorted((k, v) for k, v in extra if v)),
        name_parts=parts_of_names(
            [
                given_and_family(
                    name, child_text(record, "GivenName"), child_text(record, "LastName")
                )
            ]
        )
        if kind is EntryKind.PERSON
        else (),
    )
