"""Each loader on its real list: counts of people, organisations and aliases, and spot checks.

Entry counts match shared/data/README.md and the folders' SOURCE.txt. Alias counts are
distinct names other than the primary name; how each relates to the raw count is noted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance.engines.screening.loaders import load_list
from alliance.engines.screening.model import AliasQuality, EntryKind

# path, format, list_id, persons, organisations, vessels, aircraft, aliases
REAL_LISTS = [
    # 2,170 + 603 ALIAS_NAMEs and 380 NAME_ORIGINAL_SCRIPTs, less 17 repeats of a name.
    ("un/un_consolidated_2026-05-08.xml", "un-xml", "un-sc", 737, 272, 0, 0, 3136),
    ("un/un_consolidated_2026-02-27.xml", "un-xml", "un-sc", 730, 273, 0, 0, 3113),
    # 11,910 alt.csv rows (10 repeat a name) plus 2,435 weak a.k.a.s from the remarks.
    ("ofac/sdn_2021-07", "ofac-csv", "ofac-sdn", 4620, 3673, 406, 277, 14335),
    # No alt.csv in this folder: only the weak a.k.a.s written in the remarks.
    ("ofac/sdn_2022-11/sdn.csv", "ofac-csv", "ofac-sdn", 5798, 4500, 526, 294, 2748),
    ("ofac/sdn_2022-11/cons_prim.csv", "ofac-csv", "ofac-cons", 80, 369, 0, 0, 58),
    # 1,136 akas, one repeating another name.
    ("ofac/cons_non_sdn_2025-03-28.xml", "ofac-xml", "ofac-cons", 80, 363, 0, 0, 1135),
    # 8,950 name rows; many repeat a name with another DOB or address.
    ("uk/hmt_ofsi_conlist_2014-04-02.csv", "uk-ofsi-csv", "uk-ofsi", 1337, 960, 0, 0, 3116),
    # 799 name-alias rows, 730 distinct names for 93 entities.
    ("eu/eu_fsf_csv_excerpt_2018-07-04.csv", "eu-fsf-csv", "eu-fsf", 61, 32, 0, 0, 637),
    # 2,877 records with Aliases, split into names.
    ("canada/sema_consolidated_autonomous_2025.xml", "ca-sema-xml", "ca-sema",
     3334, 1316, 109, 0, 3311),
]  # fmt: skip


def _country(code: str) -> bool:
    return code.islower() and code.isascii() and (len(code) == 2 or len(code) > 3)


@pytest.mark.parametrize(
    ("relative", "list_format", "list_id",
     "persons", "organisations", "vessels", "aircraft", "aliases"),
    REAL_LISTS,
    ids=[row[0] for row in REAL_LISTS],
)  # fmt: skip
def test_real_list_counts(
    lists_dir: Path,
    relative: str,
    list_format: str,
    list_id: str,
    persons: int,
    organisations: int,
    vessels: int,
    aircraft: int,
    aliases: int,
) -> None:
    loaded = load_list(lists_dir / relative)
    assert (loaded.format, loaded.list_id) == (list_format, list_id)
    assert loaded.persons == persons
    assert loaded.organisations == organisations
    assert loaded.count(EntryKind.VESSEL) == vessels
    assert loaded.count(EntryKind.AIRCRAFT) == aircraft
    assert len(loaded.entries) == persons + organisations + vessels + aircraft
    assert loaded.aliases == aliases
    assert len(loaded.by_id()) == len(loaded.entries)
    for entry in loaded.entries:
        assert entry.list_id == list_id and entry.primary_name == entry.primary_name.strip()
        # ISO alpha-2, or FtM's codes for places without one ("ua-cri" Crimea, "suhh" USSR)
        assert all(_country(code) for code in (*entry.nationalities, *entry.countries))
        assert all(len(d) in (4, 7, 10) and d[:4].isdigit() for d in entry.birth_dates)


def test_un_entry_fields(lists_dir: Path) -> None:
    entries = load_list(lists_dir / "un/un_consolidated_2026-05-08.xml").by_id()
    person = entries["QDi.335"]
    assert person.kind is EntryKind.PERSON
    assert person.primary_name == "‘ABD AL-RAHMAN KHALAF ‘UBAYD JUDAY’ AL-‘ANIZI"
    assert person.birth_dates == ("1973-03-06",)
    assert person.nationalities == ("kw",)
    assert person.programmes == ("Al-Qaida",)
    assert person.listed_on == "2014-09-23"
    qualities = {a.name: a.quality for a in person.aliases}
    assert qualities["‘Abd al-Rahman Khalaf al-Anizi"] is AliasQuality.STRONG  # "Good"
    assert qualities["Abu Usama"] is AliasQuality.WEAK  # "Low"
    scripted = entries["QDi.312"].aliases
    assert any(a.name == "عامر علی چوہدری" and a.script == "Arab" for a in scripted)
    entity = entries["QDe.001"]
    assert entity.kind is EntryKind.ORGANISATION and entity.primary_name == "ABU SAYYAF GROUP"
    assert entity.countries == ("ph",)


def test_un_date_of_birth_ranges(lists_dir: Path) -> None:
    loaded = load_list(lists_dir / "un/un_consolidated_2026-05-08.xml")
    with_dob = [e for e in loaded.entries if e.birth_dates]
    assert all(e.kind is EntryKind.PERSON for e in with_dob)
    # BETWEEN dates give every year of the range; there are 31 such ranges in the file.
    assert any(
        len(e.birth_dates) >= 3 and all(len(d) == 4 for d in e.birth_dates) for e in with_dob
    )


def test_ofac_trio_fields(lists_dir: Path) -> None:
    entries = load_list(lists_dir / "ofac/sdn_2021-07/sdn.csv").by_id()
    bank = entries["306"]
    assert bank.kind is EntryKind.ORGANISATION
    assert ("NATIONAL BANK OF CUBA", AliasQuality.STRONG) in [
        (a.name, a.quality) for a in bank.aliases
    ]
    assert ("BNC", AliasQuality.WEAK) in [(a.name, a.quality) for a in bank.aliases]
    assert set(bank.countries) >= {"ch", "es", "jp", "pa"}  # from add.csv
    abbas = entries["2674"]
    assert abbas.primary_name == "Abu ABBAS"  # "ABBAS, Abu" reordered
    assert abbas.birth_dates == ("1948-12-10",)
    assert entries["4234"].kind is EntryKind.VESSEL and entries["4234"].countries == ("cu",)
    multi = [e for e in entries.values() if len(e.programmes) > 1]
    assert multi and all("]" not in p and "[" not in p for e in multi for p in e.programmes)


def test_ofac_xml_fields(lists_dir: Path) -> None:
    entries = load_list(lists_dir / "ofac/cons_non_sdn_2025-03-28.xml").by_id()
    haniya = entries["9639"]
    assert haniya.primary_name == "Ismail Abdul Salah HANIYA"
    assert [a.name for a in haniya.aliases] == ["Ismail HANIYA", "Ismaeel HANIYYA"]
    assert haniya.birth_dates == ("1962",) and haniya.programmes == ("NS-PLC",)
    qualities = {a.quality for e in entries.values() for a in e.aliases}
    assert qualities == {AliasQuality.STRONG, AliasQuality.WEAK}


def test_uk_groups_rows_into_one_entry(lists_dir: Path) -> None:
    entries = load_list(lists_dir / "uk/hmt_ofsi_conlist_2014-04-02.csv").by_id()
    rahman = entries["6894"]  # several name rows, two dates of birth
    assert rahman.kind is EntryKind.PERSON
    assert set(rahman.birth_dates) >= {"1957-08-17", "1958-08-17"}
    assert rahman.nationalities == ("id",)  # "Indonesian"
    assert rahman.programmes == ("Al-Qaida",) and rahman.listed_on == "2003-01-24"


def test_eu_entity_from_several_rows(lists_dir: Path) -> None:
    mugabe = load_list(lists_dir / "eu/eu_fsf_csv_excerpt_2018-07-04.csv").by_id()["1"]
    assert mugabe.primary_name == "Robert Gabriel Mugabe"
    assert mugabe.kind is EntryKind.PERSON and mugabe.birth_dates == ("1924-02-21",)
    assert mugabe.programmes == ("ZWE",) and mugabe.listed_on == "2002-09-13"
    assert ("eu_ref", "EU.36.64") in mugabe.extra


def test_canada_people_ships_and_scripts(lists_dir: Path) -> None:
    loaded = load_list(lists_dir / "canada/sema_consolidated_autonomous_2025.xml")
    entries = loaded.by_id()
    lukashenko = next(
        e for e in loaded.entries if e.primary_name == "Aleksandr Grigoryevich Lukashenko"
    )
    assert lukashenko.birth_dates == ("1954-08-30",) and lukashenko.listed_on == "2020-09-28"
    ship = next(e for e in entries.values() if e.primary_name == "Balitiyskiy III")
    assert ship.kind is EntryKind.VESSEL and ("imo", "7612448") in ship.extra
    assert ship.birth_dates == ()  # a build year is not a date of birth
    scripts = {a.script for e in loaded.entries for a in e.aliases}
    assert {"Cyrl", "Arab"} <= scripts
