"""Checked input of ``alliance screen``: dates, countries, encodings, quoting, empty names.

Every bad input stops the run with the documented message (file, line, column) and
writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance.engines.screening.cli import main
from alliance.engines.screening.query_input import (
    ERR_COUNTRY,
    ERR_DATE_AMBIGUOUS,
    ERR_DATE_FORMAT,
    ERR_DATE_INVALID,
    ERR_DATE_RANGE,
    ERR_EMPTY_NAME,
    ERR_ENCODING,
    ERR_FIELD_COUNT,
    ERR_QUOTING,
    InputError,
    parse_birth_date,
    parse_country,
    read_names_csv,
)

from .test_cli_cache import UN_XML


@pytest.fixture
def list_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "un.xml"
    path.write_text(UN_XML, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("1961", "1961"),
        ("1961-03", "1961-03"),
        ("1961-3-4", "1961-03-04"),
        ("1961/03/04", "1961-03-04"),
        ("04.03.1961", "1961-03-04"),  # dots: day first
        ("13/10/1952", "1952-10-13"),  # only day-first is a date
        ("10/13/1952", "1952-10-13"),  # only month-first is a date
        ("05/05/1960", "1960-05-05"),  # both readings agree
        ("03/1961", "1961-03"),
    ],
)
def test_birth_dates_in_common_forms_become_iso(written: str, iso: str):
    assert parse_birth_date(written) == iso


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("07/10/1952", ERR_DATE_AMBIGUOUS),
        ("31/02/1961", ERR_DATE_INVALID),
        ("1961-13", ERR_DATE_INVALID),
        ("1700", ERR_DATE_RANGE),
        ("born 1961", ERR_DATE_FORMAT),
        ("07/1", ERR_DATE_FORMAT),
    ],
)
def test_bad_birth_dates_are_errors(written: str, message: str):
    with pytest.raises(InputError) as caught:
        parse_birth_date(written)
    assert str(caught.value) == message.format(value=written)


@pytest.mark.parametrize(
    ("written", "code"),
    [("RU", "ru"), ("rus", "ru"), ("Russia", "ru"), ("Allemagne", "de"), ("Alemania", "de")],
)
def test_countries_as_codes_or_names(written: str, code: str):
    assert parse_country(written) == code


def test_unknown_country_is_an_error():
    with pytest.raises(InputError) as caught:
        parse_country("Narnia")
    assert str(caught.value) == ERR_COUNTRY.format(value="Narnia")


def test_unterminated_quote_stops_instead_of_swallowing_rows(tmp_path: Path):
    path = tmp_path / "n.csv"
    path.write_text('name,country\n"Ivan, RU\nPetr,RU\nAnna,RU\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_names_csv(path)
    assert str(caught.value) == ERR_QUOTING.format(problem="unexpected end of data", line=2)


def test_non_utf8_bytes_name_the_line(tmp_path: Path):
    path = tmp_path / "n.csv"
    path.write_bytes("name\nIvan\nM\u00fcller\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        read_names_csv(path)
    assert str(caught.value) == ERR_ENCODING.format(offset=11, line=3)


def test_row_of_the_wrong_width_is_an_error(tmp_path: Path):
    path = tmp_path / "n.csv"
    path.write_text("name,country\nIvan,RU\nPetr,RU,extra\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_names_csv(path)
    assert str(caught.value) == ERR_FIELD_COUNT.format(line=3, found=3, expected=2)


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        ("id,name,birth_date\n1,Ivan Sidorov,1961\n2,Petr,07/10/1952\n",
         "line 3, column 'birth_date': " + ERR_DATE_AMBIGUOUS.format(value="07/10/1952")),
        ("id,name,country\n1,Ivan Sidorov,Narnia\n",
         "line 2, column 'country': " + ERR_COUNTRY.format(value="Narnia")),
        ("id,name\n1,Ivan Sidorov\n2,  \n",
         "line 3, column 'name': " + ERR_EMPTY_NAME),
        ('id,name\n1,"Ivan Sidorov\n2,Petr\n',
         ERR_QUOTING.format(problem="unexpected end of data", line=2)),
    ],
)  # fmt: skip
def test_bad_csv_input_stops_the_run_and_writes_nothing(
    list_file: Path, tmp_path: Path, capsys, csv_text: str, expected: str
):
    names = tmp_path / "names.csv"
    names.write_text(csv_text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error: {names}: {expected}" in err
    assert not out.exists()
    assert not list(tmp_path.glob("*.partial"))


def test_bad_query_options_are_errors(list_file: Path, capsys):
    assert main(["--list", str(list_file), "--query", "   "]) == 2
    assert str(ERR_EMPTY_NAME) in capsys.readouterr().err
    argv = ["--list", str(list_file), "--query", "Ivan Sidorov", "--birth-date", "07/10/1952"]
    assert main(argv) == 2
    assert ERR_DATE_AMBIGUOUS.format(value="07/10/1952") in capsys.readouterr().err


def test_name_parts_and_checked_facts_are_screened(list_file: Path, tmp_path: Path, capsys):
    names = tmp_path / "names.csv"
    names.write_text(
        "id,first_name,last_name,kind,country,birth_date\na,Ivan,Sidorov,person,Russia,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["name"] == "Ivan Sidorov"
    assert record["matches"][0]["entry_id"] == "TSi.001"
    assert "1 rows screened" in capsys.readouterr().err
