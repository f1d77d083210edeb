"""The one entry model every list loader produces."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class EntryKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class AliasQuality(StrEnum):
    """How much a list trusts an alias (UN 'Good'/'Low', OFAC 'strong'/'weak')."""

    STRONG = "strong"
    WEAK = "weak"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    quality: AliasQuality = AliasQuality.UNKNOWN
    script: str | None = None  # e.g. "Arab", "Cyrl" where the list says so


NAME_PART_ROLES = ("first_name", "middle_name", "patronymic", "last_name")  # in written order


@dataclass(frozen=True, slots=True)
class NameParts:
    """One name of an entry (``name``, its primary name or an alias) as the parts the list
    gives it, where the list says which part is which (OFAC's firstName/lastName and its
    "LAST, First" form, the UK's Name 1-5 and Name 6, Canada's GivenName/LastName)."""

    name: str
    first_name: str = ""
    middle_name: str = ""
    patronymic: str = ""
    last_name: str = ""

    def given(self) -> str:
        """The given names (first and middle), as written."""
        return " ".join(p for p in (self.first_name, self.middle_name) if p)

    def has_roles(self) -> bool:
        """Whether the parts tell a given name from a family name."""
        return bool(self.given() and self.last_name)


@dataclass(frozen=True, slots=True)
class ListEntry:
    list_id: str  # e.g. "un-sc", "ofac-sdn", "uk-ofsi", "eu-fsf", "ca-sema", "opensanctions"
    entry_id: str  # the list's own stable reference (UN "QDi.001", OFAC ent_num, ...)
    kind: EntryKind
    primary_name: str
    aliases: tuple[Alias, ...] = ()
    birth_dates: tuple[str, ...] = ()  # ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    nationalities: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 lower-case where known
    countries: tuple[str, ...] = ()  # addresses / country of registration, alpha-2
    programmes: tuple[str, ...] = ()
    listed_on: str | None = None  # ISO date
    remarks: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())  # other identifiers, sorted pairs
    # Names with their parts, where the list gives them (see NameParts).
    name_parts: tuple[NameParts, ...] = field(default=())

    def all_names(self) -> tuple[str, ...]:
        return (self.primary_name, *(a.name for a in self.aliases))

    def parts_of(self, name: str) -> NameParts | None:
        """The parts of one of the entry's names, if the list gave them."""
        return next((p for p in self.name_parts if p.name == name), None)

    def digest(self) -> str:
        """Content digest of the entry, used to detect changed entries across versions.

        Name parts are left out: they are a reading of the names, which the digest covers,
        so digests stored before parts were kept still match."""
        data = asdict(self)
        del data["name_parts"]
        payload = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ListFormatError(ValueError):
    """A list file could not be read; the message names the file and line or element."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        super().__init__(f"{path}: {where}: {problem}")
