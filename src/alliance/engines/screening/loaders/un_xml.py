"""UN Security Council consolidated list, official XML (CONSOLIDATED_LIST)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from alliance.engines.screening.loaders._common import (
    child_text,
    children,
    clean,
    country_codes,
    descendants_text,
    iso_date,
    iso_dates,
    iter_xml,
    make_aliases,
    unique,
)
from alliance.engines.screening.model import AliasQuality, EntryKind, ListEntry, ListFormatError

FORMAT = "un-xml"
LIST_ID = "un-sc"

# UN rates individual aliases Good/Low; entity aliases carry a.k.a./f.k.a. instead.
_QUALITY = {"good": AliasQuality.STRONG, "low": AliasQuality.WEAK}


def load(path: Path) -> tuple[str, list[ListEntry]]:
    entries = []
    numbers = {"INDIVIDUAL": 0, "ENTITY": 0}  # position among elements of the same tag
    for element in iter_xml(path, set(numbers)):
        numbers[element.tag] += 1
        entries.append(_entry(path, element, numbers[element.tag]))
    return LIST_ID, entries


def _entry(path: Path, element: Element, number: int) -> ListEntry:
    tag = element.tag
    person = tag == "INDIVIDUAL"
    reference = child_text(element, "REFERENCE_NUMBER")
    name = clean(
        " ".join(child_text(element, p) for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME"))
        + " "
        + child_text(element, "FOURTH_NAME")
    )
    if not reference or not name:
        missing = "REFERENCE_NUMBER" if not reference else "FIRST_NAME"
        where = f"<{tag}> #{number} ({reference or 'DATAID ' + child_text(element, 'DATAID')})"
        raise ListFormatError(str(path), where, f"no {missing}")

    alias_rows = [
        (
            child_text(a, "ALIAS_NAME"),
            _QUALITY.get(child_text(a, "QUALITY").lower(), AliasQuality.UNKNOWN),
        )
        for a in children(element, f"{tag}_ALIAS")
    ]
    original = child_text(element, "NAME_ORIGINAL_SCRIPT")
    if original:  # the listed name as written in its own script
        alias_rows.append((original, AliasQuality.STRONG))

    addresses = children(element, f"{tag}_ADDRESS")
    documents = children(element, "INDIVIDUAL_DOCUMENT")
    extra = [
        (child_text(d, "TYPE_OF_DOCUMENT") or "document", child_text(d, "NUMBER"))
        for d in documents
        if child_text(d, "NUMBER")
    ]
    extra += [("birth_place", place) for place in _birth_places(element)]
    extra += [("title", t) for t in _values(element, "TITLE")]
    extra += [("designation", d) for d in _values(element, "DESIGNATION")]
    return ListEntry(
        list_id=LIST_ID,
        entry_id=reference,
        kind=EntryKind.PERSON if person else EntryKind.ORGANISATION,
        primary_name=name,
        aliases=make_aliases(name, alias_rows),
        birth_dates=_birth_dates(element),
        nationalities=country_codes(_values(element, "NATIONALITY")),
        countries=country_codes(child_text(a, "COUNTRY") for a in addresses),
        programmes=unique([child_text(element, "UN_LIST_TYPE")]),
        listed_on=iso_date(child_text(element, "LISTED_ON")),
        remarks=clean(child_text(element, "COMMENTS1")),
        extra=tuple(sorted(set(extra))),
    )


def _values(element: Element, name: str) -> list[str]:
    """Texts of the VALUE children of each NAME child (NATIONALITY, TITLE, DESIGNATION)."""
    return [v for group in children(element, name) for v in descendants_text(group, "VALUE")]


def _birth_dates(element: Element) -> tuple[str, ...]:
    dates: list[str] = []
    for dob in children(element, "INDIVIDUAL_DATE_OF_BIRTH"):
        if date := child_text(dob, "DATE"):
            dates += iso_dates(date)
        elif year := child_text(dob, "YEAR"):
            dates += iso_dates(year)
        elif child_text(dob, "FROM_YEAR"):
            dates += iso_dates(f"{child_text(dob, 'FROM_YEAR')} to {child_text(dob, 'TO_YEAR')}")
    return unique(dates)


def _birth_places(element: Element) -> list[str]:
    places = []
    for place in children(element, "INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = (child_text(place, p) for p in ("CITY", "STATE_PROVINCE", "COUNTRY"))
        places.append(", ".join(p for p in parts if p))
    return [p for p in places if p]
