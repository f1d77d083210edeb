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

    def all_names(self) -> tuple[str, ...]:
        return (self.primary_name, *(a.name for a in self.aliases))

    def digest(self) -> str:
        """Content digest of the entry, used to detect changed entries across versions."""
        payload = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ListFormatError(ValueError):
    """A list file could not be read; the message names the file and line or element."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        super().__init__(f"{path}: {where}: {problem}")
