"""Format detection, the fallback fixture, the FtM loader and the list digest."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from alliance.engines.screening.loaders import content_digest, detect_format, list_files, load_list
from alliance.engines.screening.loaders._common import country_code, iso_dates
from alliance.engines.screening.model import AliasQuality, EntryKind


def test_fallback_fixture_loads(fallback_lists: Path) -> None:
    un = load_list(fallback_lists / "un/un_consolidated_fallback.xml")
    assert (un.format, un.persons, un.organisations) == ("un-xml", 3, 2)
    ofac = load_list(fallback_lists / "ofac/sdn_fallback")
    assert (ofac.format, ofac.persons, ofac.organisations) == ("ofac-csv", 2, 2)
    assert {e.kind for e in ofac.entries} >= {EntryKind.VESSEL, EntryKind.AIRCRAFT}
    assert ofac.by_id()["2676"].aliases[0].name == "Ayman AL-ZAWAHIRI"  # from alt.csv


def test_detection_reads_content_not_name(fallback_lists: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "download.bin"
    shutil.copy(fallback_lists / "un/un_consolidated_fallback.xml", renamed)
    assert detect_format(renamed) == "un-xml"
    assert load_list(renamed).list_id == "un-sc"


def test_ofac_folder_and_sdn_path_find_companions(fallback_lists: Path, tmp_path: Path) -> None:
    folder = fallback_lists / "ofac/sdn_fallback"
    by_folder = load_list(folder)
    by_file = load_list(folder / "sdn.csv")
    assert by_folder.digest == by_file.digest
    alone = tmp_path / "sdn.csv"
    shutil.copy(folder / "sdn.csv", alone)
    without = load_list(alone)
    assert without.aliases < by_file.aliases  # no alt.csv: weak a.k.a.s from remarks only
    assert detect_format(folder) == "ofac-csv"
    assert [p.name for p in list_files(folder)] == ["sdn.csv", "alt.csv", "add.csv"]
    assert list_files(alone) == [alone]


def test_ftm_jsonl(ftm_sample: Path) -> None:
    loaded = load_list(ftm_sample)
    assert (loaded.format, loaded.list_id) == ("ftm-jsonl", "opensanctions")
    entries = loaded.by_id()
    assert set(entries) == {"os-person-1", "os-company-1", "os-vessel-1"}  # non-target skipped
    person = entries["os-person-1"]
    assert person.kind is EntryKind.PERSON and person.primary_name == "Ivan Petrovich Sidorov"
    assert [(a.name, a.quality, a.script) for a in person.aliases] == [
        ("Иван Петрович Сидоров", AliasQuality.STRONG, "Cyrl"),
        ("Vanya", AliasQuality.WEAK, None),
    ]
    assert person.birth_dates == ("1961-03-14",) and person.nationalities == ("ru",)
    assert person.programmes == ("RUSSIA-EO14024",) and person.listed_on == "2022-04-06"
    company = entries["os-company-1"]
    assert company.kind is EntryKind.ORGANISATION and company.countries == ("cy",)
    assert company.aliases[0].name == "Severnaya Zvezda OOO"
    vessel = entries["os-vessel-1"]
    assert vessel.kind is EntryKind.VESSEL and vessel.countries == ("pa",)


def test_digest_is_order_independent_and_content_sensitive(fallback_lists: Path) -> None:
    loaded = load_list(fallback_lists / "un/un_consolidated_fallback.xml")
    assert content_digest(tuple(reversed(loaded.entries))) == loaded.digest
    first = loaded.entries[0]
    edited = dataclasses.replace(first, remarks=first.remarks + " Amended.")
    assert content_digest((edited, *loaded.entries[1:])) != loaded.digest


def test_loaded_list_is_frozen(fallback_lists: Path) -> None:
    loaded = load_list(fallback_lists / "un/un_consolidated_fallback.xml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.list_id = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1965-04-29", ("1965-04-29",)),
        ("17/08/1957", ("1957-08-17",)),
        ("00/00/1957", ("1957",)),
        ("10 Dec 1948", ("1948-12-10",)),
        ("Jan 1960", ("1960-01",)),
        ("circa 1970", ("1970",)),
        ("1960 to 1962", ("1960", "1961", "1962")),
        ("01 Jan 1960 to 31 Dec 1961", ("1960", "1961")),
        ("1970-01-05T00:00:00", ("1970-01-05",)),
        ("born in the early 1960s", ()),
        ("", ()),
    ],
)
def test_iso_dates(text: str, expected: tuple[str, ...]) -> None:
    assert iso_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Korea, North", "kp"),
        ("Iran (Islamic Republic of)", "ir"),
        ("Indonesian", "id"),
        ("Pakistan (as at Apr 2009)", "pk"),
        ("Russia / Russie", "ru"),
        ("Türkiye", "tr"),
        ("ZWE", "zw"),
        ("undetermined", None),
    ],
)
def test_country_code(text: str, expected: str | None) -> None:
    assert country_code(text) == expected
