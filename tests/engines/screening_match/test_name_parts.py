"""Name parts: kept by the loaders where a list gives roles, accepted by Query and the
CLI, and weighed where both sides give a given and a family name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance.engines.screening.cli import main
from alliance.engines.screening.loaders.ofac_csv import person_parts
from alliance.engines.screening.matcher import Query, Screener
from alliance.engines.screening.model import Alias, EntryKind, ListEntry, NameParts
from alliance.engines.screening.name_parts import PARTS_SWAPPED
from alliance.engines.screening.query_input import (
    ERR_PART_NO_LETTERS,
    ERR_PARTS_NOT_PERSON,
    InputError,
    parse_name_part,
)

from .test_query_input import list_file  # noqa: F401 (fixture)

HANS = ListEntry(
    "ofac-sdn", "1", EntryKind.PERSON, "Hans FRIEDRICH",
    name_parts=(NameParts("Hans FRIEDRICH", "Hans", last_name="FRIEDRICH"),),
)  # fmt: skip


@pytest.fixture(scope="module")
def screener() -> Screener:
    other = ListEntry("un-sc", "2", EntryKind.ORGANISATION, "Acme Trading Company")
    return Screener.from_entries([HANS, other])


def test_a_query_made_of_parts_is_named_by_them():
    query = Query(first_name="Ivan", patronymic="Petrovich", last_name="Sidorov")
    assert query.name == "Ivan Petrovich Sidorov"
    assert query.parts() == NameParts("Ivan Petrovich Sidorov", "Ivan", "", "Petrovich", "Sidorov")
    assert Query("Ivan Sidorov").parts() is None


def test_parts_in_each_others_roles_are_another_person(screener: Screener):
    (swapped,) = screener.screen(Query(first_name="Friedrich", last_name="Hans"), threshold=0.0)
    assert swapped.explanation.name_score == 1.0
    assert any(f.name == "name parts" and f.contribution == PARTS_SWAPPED
               for f in swapped.explanation.features)  # fmt: skip
    assert swapped.score < 0.8
    assert not screener.screen(Query(first_name="Friedrich", last_name="Hans", kind="person"))


def test_parts_in_the_listed_roles_or_no_parts_still_match(screener: Screener):
    assert screener.screen(Query(first_name="Hans", last_name="Friedrich"))[0].score == 1.0
    # Without parts the order says nothing: "Friedrich Hans" is Hans FRIEDRICH.
    assert screener.screen(Query("Friedrich Hans"))[0].score == 1.0


def test_an_entry_without_parts_is_not_judged_on_roles():
    listed = ListEntry("un-sc", "QDi.1", EntryKind.PERSON, "HANS FRIEDRICH")
    screener = Screener.from_entries([listed])
    assert screener.screen(Query(first_name="Friedrich", last_name="Hans"))[0].score == 1.0


def test_an_alias_without_parts_is_judged_on_the_entrys_parts():
    # The alias (as in another script, or a weak a.k.a.) has no parts of its own.
    listed = ListEntry(
        "ofac-sdn", "3", EntryKind.PERSON, "Hans FRIEDRICH", aliases=(Alias("Hans Friedrich"),),
        name_parts=(NameParts("Hans FRIEDRICH", "Hans", last_name="FRIEDRICH"),),
    )  # fmt: skip
    screener = Screener.from_entries([listed])
    (match,) = screener.screen(Query(first_name="Friedrich", last_name="Hans"), threshold=0.0)
    assert match.score < 0.8


def test_ofac_last_comma_first_gives_parts():
    parts = person_parts("ABU BAKR, Ahmed Mohammed")
    assert parts == NameParts("Ahmed Mohammed ABU BAKR", "Ahmed", "Mohammed", "", "ABU BAKR")
    assert person_parts("AL-QAIDA") is None


def test_name_parts_do_not_change_the_entry_digest():
    plain = ListEntry("ofac-sdn", "1", EntryKind.PERSON, "Hans FRIEDRICH")
    assert plain.digest() == HANS.digest()


def test_a_part_without_letters_is_refused():
    assert parse_name_part("  Hans   Peter ") == "Hans Peter"
    with pytest.raises(InputError) as caught:
        parse_name_part("1234")
    assert str(caught.value) == ERR_PART_NO_LETTERS.format(value="1234")


def test_csv_parts_errors_name_line_and_column(list_file: Path, tmp_path: Path, capsys):  # noqa: F811
    names = tmp_path / "names.csv"
    out = tmp_path / "out.jsonl"
    names.write_text("id,first_name,last_name,kind\na,Ivan,Sidorov,person\nb,Ivan,42,\n",
                     encoding="utf-8")  # fmt: skip
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "line 3, column 'last_name'" in err
    assert ERR_PART_NO_LETTERS.format(value="42") in err
    assert not out.exists()
    names.write_text("id,first_name,last_name,kind\na,Ivan,Sidorov,organisation\n",
                     encoding="utf-8")  # fmt: skip
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "line 2, column 'first_name'" in err
    assert ERR_PARTS_NOT_PERSON.format(kind="organisation") in err
    assert not out.exists()


def test_csv_with_all_part_columns_and_no_name(list_file: Path, tmp_path: Path):  # noqa: F811
    names = tmp_path / "names.csv"
    names.write_text(
        "id,first_name,middle_name,patronymic,last_name\na,Ivan,,Petrovich,Sidorov\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["name"] == "Ivan Petrovich Sidorov"


def test_one_query_from_part_options(list_file: Path, capsys):  # noqa: F811
    argv = ["--list", str(list_file), "--first-name", "Ivan", "--last-name", "Sidorov", "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)[0]["entry_id"] == "TSi.001"
    assert main(["--list", str(list_file), "--last-name", "7"]) == 2
    assert ERR_PART_NO_LETTERS.format(value="7") in capsys.readouterr().err
