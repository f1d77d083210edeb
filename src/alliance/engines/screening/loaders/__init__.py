"""Sanctions list loaders: detect an official list format from its content and load it.

``load_list(path)`` returns a :class:`LoadedList`, all entries parsed before it returns
(a file broken anywhere raises :class:`ListFormatError` and yields nothing).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alliance.engines.screening.loaders import (
    ca_xml,
    eu_csv,
    ftm_jsonl,
    ofac_csv,
    ofac_xml,
    uk_csv,
    un_xml,
)
from alliance.engines.screening.model import EntryKind, ListEntry, ListFormatError

Loader = Callable[[Path], tuple[str, list[ListEntry]]]
LOADERS: dict[str, Loader] = {
    un_xml.FORMAT: un_xml.load,
    ofac_csv.FORMAT: ofac_csv.load,
    ofac_xml.FORMAT: ofac_xml.load,
    uk_csv.FORMAT: uk_csv.load,
    eu_csv.FORMAT: eu_csv.load,
    ca_xml.FORMAT: ca_xml.load,
    ftm_jsonl.FORMAT: ftm_jsonl.load,
}
# Root element (namespace dropped) -> format.
_XML_ROOTS = {
    "CONSOLIDATED_LIST": un_xml.FORMAT,
    "sdnList": ofac_xml.FORMAT,
    "data-set": ca_xml.FORMAT,
}
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")
_OFAC_ROW = re.compile(r'^\d+,"[^"]*",(?:"[^"]*"|-0- ?),')


@dataclass(frozen=True, slots=True)
class LoadedList:
    """One version of one list, fully parsed."""

    list_id: str
    format: str
    source_path: str
    entries: tuple[ListEntry, ...]
    digest: str  # sha256 over the sorted entry digests: same content, same digest

    @property
    def persons(self) -> int:
        return self.count(EntryKind.PERSON)

    @property
    def organisations(self) -> int:
        return self.count(EntryKind.ORGANISATION)

    @property
    def aliases(self) -> int:
        return sum(len(entry.aliases) for entry in self.entries)

    def count(self, kind: EntryKind) -> int:
        return sum(1 for entry in self.entries if entry.kind is kind)

    def by_id(self) -> dict[str, ListEntry]:
        return {entry.entry_id: entry for entry in self.entries}


def content_digest(entries: tuple[ListEntry, ...]) -> str:
    """Order-independent digest of a list's entries."""
    combined = hashlib.sha256()
    for entry_digest in sorted(entry.digest() for entry in entries):
        combined.update(entry_digest.encode("ascii"))
    return combined.hexdigest()


def _primary_file(path: Path) -> Path:
    """A folder holding an OFAC trio stands for its sdn.csv (or cons_prim.csv)."""
    if not path.is_dir():
        return path
    files = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
    for name in ("sdn.csv", "cons_prim.csv"):
        if name in files:
            return files[name]
    raise ListFormatError(str(path), "folder", "no sdn.csv or cons_prim.csv in this folder")


def list_files(path: str | Path) -> list[Path]:
    """Every file that loading ``path`` reads: the list file, and for an OFAC CSV its
    alt.csv/add.csv companions (so a cache can key on all of them)."""
    source = _primary_file(Path(path))
    if detect_format(source) != ofac_csv.FORMAT:
        return [source]
    return [source, *(p for p in ofac_csv.companions(source) if p is not None)]


def detect_format(path: str | Path) -> str:
    """The format id of a list file (or OFAC folder), judged by its first bytes."""
    source = _primary_file(Path(path))
    if not source.is_file():
        raise ListFormatError(str(source), "file", "no such file")
    with source.open("rb") as handle:
        head_bytes = handle.read(8192)
    head = head_bytes.removeprefix(b"\xef\xbb\xbf").decode("cp1252", errors="replace")
    text = head.lstrip()
    if text.startswith("<"):
        body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.S)
        match = _XML_ROOT.search(body)
        if match and match.group(2) in _XML_ROOTS:
            return _XML_ROOTS[match.group(2)]
        root = match.group(2) if match else "?"
        raise ListFormatError(str(source), "root element", f"unknown XML list <{root}>")
    first_line = text.split("\n", 1)[0]
    if first_line.startswith("{"):
        try:
            data = json.loads(first_line)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and "schema" in data and "properties" in data:
            return ftm_jsonl.FORMAT
    elif first_line.startswith("Last Updated,") or first_line.startswith("Name 6,Name 1"):
        return uk_csv.FORMAT
    elif first_line.startswith('"Date_file'):
        return eu_csv.FORMAT
    elif _OFAC_ROW.match(first_line):
        return ofac_csv.FORMAT
    raise ListFormatError(str(source), "line 1", "unknown list format")


def load_list(path: str | Path) -> LoadedList:
    """Detect the format and load every entry; raise ListFormatError on any defect."""
    source = _primary_file(Path(path))
    list_format = detect_format(source)
    list_id, entries = LOADERS[list_format](source)
    if not entries:
        raise ListFormatError(str(source), "file", "the list has no entries")
    seen: set[str] = set()
    for entry in entries:
        if entry.entry_id in seen:
            raise ListFormatError(str(source), f"entry {entry.entry_id}", "duplicate entry id")
        seen.add(entry.entry_id)
    frozen = tuple(entries)
    return LoadedList(
        list_id=list_id,
        format=list_format,
        source_path=str(source),
        entries=frozen,
        digest=content_digest(frozen),
    )


__all__ = [
    "LOADERS",
    "ListFormatError",
    "LoadedList",
    "content_digest",
    "detect_format",
    "list_files",
    "load_list",
]
