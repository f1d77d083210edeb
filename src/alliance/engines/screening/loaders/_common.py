"""Helpers shared by the list loaders: text, dates, countries, safe XML and strict CSV."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
from followthemoney.types import registry
from rigour._core import territories_jsonl
from rigour.data import iter_jsonl_text
from rigour.territories import get_territories
from rigour.text.scripts import text_scripts

from alliance.engines.screening.model import Alias, AliasQuality, ListFormatError, NameParts

_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Collapse whitespace; None and blanks become ""."""
    if not text:
        return ""
    return _SPACES.sub(" ", text).strip()


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Drop blanks and repeats, keeping the first-seen order."""
    return tuple(dict.fromkeys(v for v in values if v))


_QUALIFIERS = re.compile(r"\([^)]*\)|^(?:region|possibly|probably)\b:?|\bcitizenship\b", re.I)
_NAME_PUNCTUATION = re.compile(r"[.()\[\],;:_\-/ʻ'’]+")


def _country_key(name: str) -> str:
    return clean(_NAME_PUNCTUATION.sub(" ", name.casefold()))


@lru_cache(maxsize=1)
def _plain_country_names() -> dict[str, str]:
    """ASCII names, demonyms and codes of FtM countries from rigour's territory data.

    A cheap first try: rigour's own lookup transliterates all ~29,000 names and takes
    about a second to build, so it is only consulted for names this table lacks.
    """
    territories = {t.code: t for t in get_territories()}
    names: dict[str, str] = {}
    for data in iter_jsonl_text(territories_jsonl()):
        territory = territories.get(data["code"])
        if territory is None or not territory.ftm_country:
            continue
        labels = [territory.code, territory.alpha3, territory.name, territory.full_name]
        labels += data.get("names_strong", []) + data.get("names_weak", [])
        for label in labels:
            if label and label.isascii():
                names.setdefault(_country_key(label), territory.ftm_country)
    return names


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """ISO alpha-2 lower-case for a country name, demonym or code (rigour / FtM)."""
    text = clean(text)
    if not text:
        return None
    # Lists qualify countries: "Pakistan (as at Apr 2009)", "Region: Gaza", "possibly X".
    bare = clean(_QUALIFIERS.sub(" ", text))
    plain = _plain_country_names()
    code = plain.get(_country_key(text)) or plain.get(_country_key(bare))
    code = code or (registry.country.clean(bare) if bare else None)
    if code is None and "/" in text:  # bilingual labels such as "Russia / Russie"
        code = country_code(text.split("/")[0])
    return code.lower() if code else None


def country_codes(values: Iterable[str]) -> tuple[str, ...]:
    return unique(code for v in values if (code := country_code(v)))


# Unicode script names (rigour) to ISO 15924 codes, as Alias.script records them.
_ISO_15924 = {
    "Arabic": "Arab", "Armenian": "Armn", "Bengali": "Beng", "Cyrillic": "Cyrl",
    "Devanagari": "Deva", "Ethiopic": "Ethi", "Georgian": "Geor", "Greek": "Grek",
    "Gujarati": "Gujr", "Gurmukhi": "Guru", "Han": "Hani", "Hangul": "Hang",
    "Hebrew": "Hebr", "Hiragana": "Hira", "Katakana": "Kana", "Khmer": "Khmr", "Lao": "Laoo",
    "Malayalam": "Mlym", "Mongolian": "Mong", "Myanmar": "Mymr", "Sinhala": "Sinh",
    "Syriac": "Syrc", "Tamil": "Taml", "Telugu": "Telu", "Thaana": "Thaa", "Thai": "Thai",
    "Tibetan": "Tibt",
}  # fmt: skip


def non_latin_script(name: str) -> str | None:
    """ISO 15924 code ("Arab", "Cyrl") of a name written in non-Latin script(s).

    Japanese mixes Han and kana, so a name in several non-Latin scripts gets the first
    in sorted order; a Latin-only name gets None.
    """
    scripts = sorted(text_scripts(name) - {"Latin", "Common", "Inherited"})
    if not scripts:
        return None
    return _ISO_15924.get(scripts[0], scripts[0])


def make_aliases(
    primary: str, names: Iterable[tuple[str, AliasQuality]], *, detect_script: bool = True
) -> tuple[Alias, ...]:
    """Aliases without blanks, repeats or copies of the primary name."""
    seen = {primary.casefold()}
    aliases: list[Alias] = []
    for raw, quality in names:
        name = clean(raw)
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        script = non_latin_script(name) if detect_script else None
        aliases.append(Alias(name=name, quality=quality, script=script))
    return tuple(aliases)


def given_and_family(name: str, given: str, family: str) -> NameParts | None:
    """The parts of ``name`` from its given names and family name as the list writes
    them: the first given name is the first name, the others middle names."""
    words = clean(given).split()
    family = clean(family)
    if not words or not family:
        return None
    return NameParts(name, words[0], " ".join(words[1:]), last_name=family)


def parts_of_names(parts: Iterable[NameParts | None]) -> tuple[NameParts, ...]:
    """One NameParts per name (the first given), without blanks."""
    seen: dict[str, NameParts] = {}
    for part in parts:
        if part is not None and part.name:
            seen.setdefault(part.name, part)
    return tuple(seen.values())


# --- dates -----------------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_TEXTUAL = re.compile(r"^(?:(\d{1,2}) )?([A-Za-z]{3})[a-z]*\.?,? (\d{4})$")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})t.*$")
_YEAR_RANGE = re.compile(r"^(\d{4}) ?(?:to|-) ?(\d{4})$")


def _format(year: int, month: int = 0, day: int = 0) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if not 1 <= month <= 12:
        return f"{year:04d}"
    if not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def iso_dates(text: str | None) -> tuple[str, ...]:
    """Partial ISO dates from the shapes lists use.

    "1965-04-29", "17/08/1957", "00/00/1957", "10 Dec 1948", "Jan 1960", "circa 1970",
    "1960 to 1962" (every year of a short range). Unreadable text gives ().
    """
    text = clean(text).lower().removeprefix("circa ").removeprefix("approximately ")
    text = _TIMESTAMP.sub(r"\1", text.rstrip("."))
    if not text:
        return ()
    if m := _ISO.match(text):
        found = _format(int(m[1]), int(m[2] or 0), int(m[3] or 0))
    elif m := _DMY.match(text):
        found = _format(int(m[3]), int(m[2]), int(m[1]))
    elif (m := _TEXTUAL.match(text)) and m[2] in _MONTHS:
        found = _format(int(m[3]), _MONTHS[m[2]], int(m[1] or 0))
    elif (m := _YEAR_RANGE.match(text)) or " to " in text:
        ends = (m[1], m[2]) if m else tuple(iso_date(part) or "" for part in text.split(" to ", 1))
        if not all(ends):
            return ()
        start, end = int(ends[0][:4]), int(ends[1][:4])
        if 0 <= end - start <= 10:
            return unique(_format(y) or "" for y in range(start, end + 1))
        return unique(_format(y) or "" for y in (start, end))
    else:
        return ()
    return (found,) if found else ()


def iso_date(text: str | None) -> str | None:
    dates = iso_dates(text)
    return dates[0] if dates else None


# --- input -----------------------------------------------------------------------------


def read_text(path: Path, encodings: tuple[str, ...] = ("utf-8", "cp1252")) -> str:
    """Decode a whole file strictly, trying each encoding; name the line of a bad byte."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    line = raw.count(b"\n", 0, error.start) + 1
    raise ListFormatError(
        str(path), f"line {line}", f"not valid {' or '.join(encodings)} text ({error.reason})"
    )


def csv_rows(
    path: Path, text: str, *, width: int | None = None, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) per non-blank CSV record; a legacy \\x1a end marker stops it.

    With ``width`` every record must have exactly that many fields.
    """
    end = text.find("\x1a")
    if end >= 0:
        if text[end + 1 :].strip():
            line = text.count("\n", 0, end) + 1
            raise ListFormatError(str(path), f"line {line}", "data after the \\x1a end marker")
        text = text[:end]
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    try:
        for fields in reader:
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if width is not None and len(fields) != width:
                raise ListFormatError(
                    str(path),
                    f"line {reader.line_num}",
                    f"expected {width} columns, found {len(fields)}",
                )
            yield reader.line_num, fields
    except csv.Error as exc:
        raise ListFormatError(str(path), f"line {reader.line_num}", f"bad CSV: {exc}") from exc


def iter_xml(path: Path, tags: set[str]) -> Iterator[Element]:
    """Yield each complete element whose local tag is in ``tags``, then free it.

    Uses defusedxml: no DTDs with entities, no external references. Errors name the line.
    """
    try:
        for _event, element in SafeET.iterparse(str(path), events=("end",)):
            if local(element.tag) in tags:
                yield element
                element.clear()
    except ParseError as exc:
        line, column = exc.position
        raise ListFormatError(
            str(path), f"line {line}, column {column}", f"malformed XML: {exc.msg}"
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise ListFormatError(str(path), "document", f"forbidden XML construct: {exc}") from exc


def local(tag: str) -> str:
    """Element tag without its {namespace}."""
    return tag.rsplit("}", 1)[-1]


def child_text(element: Element, name: str) -> str:
    """Cleaned text of the first direct child with this local name, ignoring namespaces."""
    for child in element:
        if local(child.tag) == name:
            return clean(child.text)
    return ""


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local(child.tag) == name]


def descendants_text(element: Element, name: str) -> list[str]:
    return [clean(e.text) for e in element.iter() if local(e.tag) == name and clean(e.text)]
