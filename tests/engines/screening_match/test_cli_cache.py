"""The command line on a small list file, and the on-disk index cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alliance.engines.screening import cache
from alliance.engines.screening.cli import main
from alliance.engines.screening.query_input import ERR_KIND

UN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00">
<INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>IVAN</FIRST_NAME>
<SECOND_NAME>PETROVICH</SECOND_NAME><THIRD_NAME>SIDOROV</THIRD_NAME>
<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER>
<LISTED_ON>2020-01-01</LISTED_ON>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Vanya Sidorov</ALIAS_NAME></INDIVIDUAL_ALIAS>
</INDIVIDUAL>
</INDIVIDUALS>
<ENTITIES>
<ENTITY><DATAID>2</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>ROMASHKA TRADING OOO</FIRST_NAME>
<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSe.001</REFERENCE_NUMBER>
<LISTED_ON>2020-01-01</LISTED_ON></ENTITY>
</ENTITIES>
</CONSOLIDATED_LIST>
"""


@pytest.fixture
def list_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "un.xml"
    path.write_text(UN_XML, encoding="utf-8")
    return path


def test_query_prints_ranked_matches_with_explanations(list_file: Path, capsys):
    assert main(["--list", str(list_file), "--query", "Ivan Sidorov", "--kind", "person"]) == 0
    out = capsys.readouterr().out
    assert "TSi.001" in out
    assert "ivan ~ ivan" in out
    assert "TSe.001" not in out


def test_csv_screening_writes_one_line_per_row_in_order(list_file: Path, tmp_path: Path):
    names = tmp_path / "names.csv"
    names.write_text(
        "id,name,kind,country\n"
        "a,Romashka Trading LLC,organisation,\n"
        "b,Nobody Atall,person,\n"
        "c,Sidorov Ivan,person,ru\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["a", "b", "c"]
    assert lines[0]["matches"][0]["entry_id"] == "TSe.001"
    assert lines[1]["matches"] == []
    first = lines[2]["matches"][0]
    assert set(first) == {"list", "entry_id", "matched_name", "score", "explanation"}
    assert first["explanation"]["pairs"]


def test_csv_longer_than_a_batch_keeps_row_order(list_file: Path, tmp_path: Path):
    names = tmp_path / "names.csv"
    rows = [
        f"{i},{'Sidorov Ivan' if i % 97 == 0 else f'Person Number{i}'},person" for i in range(600)
    ]
    names.write_text("id,name,kind\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [str(i) for i in range(600)]
    hits = [int(r["id"]) for r in lines if r["matches"]]
    assert hits == list(range(0, 600, 97))


def test_bad_row_late_in_the_csv_writes_nothing(list_file: Path, tmp_path: Path, capsys):
    names = tmp_path / "names.csv"
    names.write_text(
        "id,name,kind\n" + "".join(f"{i},Name {i},person\n" for i in range(300)) + "x,Y,ship\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "line 302, column 'kind': " + ERR_KIND.format(value="ship") in err
    assert not out.exists()
    assert not list(tmp_path.glob("*.partial"))


def test_clear_errors(list_file: Path, tmp_path: Path, capsys):
    assert main(["--list", str(tmp_path / "missing.xml"), "--query", "x"]) == 2
    assert "missing.xml" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("id,fullname\n1,Ivan\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["--list", str(list_file), "--names", str(bad), "--out", str(out)]) == 2
    assert "'name' column" in capsys.readouterr().err
    assert (
        main(["--list", str(list_file), "--names", str(tmp_path / "no.csv"), "--out", str(out)])
        == 2
    )
    assert "no.csv" in capsys.readouterr().err


def test_cache_is_reused_and_invalidated_on_change(list_file: Path, monkeypatch):
    built = []
    original = cache.Screener.from_entries

    def counting(entries):
        built.append(1)
        return original(entries)

    monkeypatch.setattr(cache.Screener, "from_entries", staticmethod(counting))
    first = cache.load_screener([list_file])
    second = cache.load_screener([list_file])
    assert len(built) == 1
    assert len(first) == len(second) == 2
    assert list(cache.cache_dir().glob("screener-*/screener.pickle"))
    list_file.write_text(UN_XML.replace("ROMASHKA", "VASILEK"), encoding="utf-8")
    third = cache.load_screener([list_file])
    assert len(built) == 2
    assert third.screen("Vasilek Trading LLC")[0].entry_id == "TSe.001"


def test_csv_with_two_workers_writes_what_one_writes(list_file: Path, tmp_path: Path, capsys):
    names = tmp_path / "names.csv"
    rows = [
        f"{i},{'Sidorov Ivan' if i % 97 == 0 else f'Person Number{i}'},person" for i in range(600)
    ]
    names.write_text("id,name,kind\n" + "\n".join(rows) + "\n", encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["--list", str(list_file), "--names", str(names), "--out", str(one)]) == 0
    argv = ["--list", str(list_file), "--names", str(names), "--out", str(two), "--workers", "2"]
    assert main(argv) == 0
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")
    assert "600 rows screened" in capsys.readouterr().err
    assert not (tmp_path / "two.jsonl.partial").exists()
