"""OFAC XML (SDN.XML / CONS_NON_SDN.XML schema: sdnList/sdnEntry)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from alliance.engines.screening.loaders._common import (
    child_text,
    children,
    clean,
    country_codes,
    given_and_family,
    iso_dates,
    iter_xml,
    local,
    make_aliases,
    parts_of_names,
    unique,
)
from alliance.engines.screening.model import (
    AliasQuality,
    EntryKind,
    ListEntry,
    ListFormatError,
    NameParts,
)

FORMAT = "ofac-xml"

_KINDS = {
    "individual": EntryKind.PERSON,
    "entity": EntryKind.ORGANISATION,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
}
_QUALITY = {"strong": AliasQuality.STRONG, "weak": AliasQuality.WEAK}


def load(path: Path) -> tuple[str, list[ListEntry]]:
    list_id = "ofac-cons" if "cons" in path.name.lower() else "ofac-sdn"
    entries = [
        _entry(path, list_id, element, number)
        for number, element in enumerate(iter_xml(path, {"sdnEntry"}), start=1)
    ]
    return list_id, entries


def _grandchildren(element: Element, group: str, item: str) -> list[Element]:
    return [c for g in children(element, group) for c in children(g, item)]


def _name(element: Element) -> str:
    return clean(f"{child_text(element, 'firstName')} {child_text(element, 'lastName')}")


def _parts(element: Element) -> NameParts | None:
    return given_and_family(
        _name(element), child_text(element, "firstName"), child_text(element, "lastName")
    )


def _entry(path: Path, list_id: str, element: Element, number: int) -> ListEntry:
    uid = child_text(element, "uid")
    sdn_type = child_text(element, "sdnType")
    kind = _KINDS.get(sdn_type.lower())
    name = _name(element)
    if not uid or not name or kind is None:
        problem = "no uid" if not uid else "no name" if not name else f"sdnType {sdn_type!r}"
        raise ListFormatError(str(path), f"<sdnEntry> #{number} (uid {uid!r})", problem)
    aliases = [
        (_name(aka), _QUALITY.get(child_text(aka, "category").lower(), AliasQuality.UNKNOWN))
        for aka in _grandchildren(element, "akaList", "aka")
    ]
    births = _grandchildren(element, "dateOfBirthList", "dateOfBirthItem")
    nationals = _grandchildren(element, "nationalityList", "nationality")
    nationals += _grandchildren(element, "citizenshipList", "citizenship")
    addresses = _grandchildren(element, "addressList", "address")
    ids = _grandchildren(element, "idList", "id")
    vessel = next(iter(children(element, "vesselInfo")), None)
    flags = [child_text(vessel, "vesselFlag")] if vessel is not None else []
    extra = [(child_text(i, "idType"), child_text(i, "idNumber")) for i in ids]
    extra.append(("title", child_text(element, "title")))
    return ListEntry(
        list_id=list_id,
        entry_id=uid,
        kind=kind,
        primary_name=name,
        aliases=make_aliases(name, aliases),
        birth_dates=unique(d for b in births for d in iso_dates(child_text(b, "dateOfBirth"))),
        nationalities=country_codes(child_text(n, "country") for n in nationals),
        countries=country_codes([*(child_text(a, "country") for a in addresses), *flags]),
        programmes=unique(
            clean(p.text) for p in element.iter() if local(p.tag) == "program" and p.text
        ),
        listed_on=None,  # this schema carries no listing date
        remarks=child_text(element, "remarks"),
        extra=tuple(sorted((k, v) for k, v in extra if k and v)),
        name_parts=parts_of_names(
            map(_parts, [element, *_grandchildren(element, "akaList", "aka")])
        )
        if kind is EntryKind.PERSON
        else (),
    )
