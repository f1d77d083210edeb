"""Malformed input: a clear ListFormatError naming the file and the line or element,
and never a half-loaded list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alliance.engines.screening.loaders import detect_format, load_list
from alliance.engines.screening.model import ListFormatError


def _error(path: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as caught:
        load_list(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_truncated_xml_names_the_line(fallback_lists: Path, tmp_path: Path) -> None:
    text = (fallback_lists / "un/un_consolidated_fallback.xml").read_text(encoding="utf-8")
    broken = tmp_path / "un.xml"
    broken.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    error = _error(broken)
    assert error.where.startswith("line ") and "malformed XML" in error.problem


def test_xml_missing_reference_names_the_element(fallback_lists: Path, tmp_path: Path) -> None:
    text = (fallback_lists / "un/un_consolidated_fallback.xml").read_text(encoding="utf-8")
    broken = tmp_path / "un.xml"
    broken.write_text(text.replace("<REFERENCE_NUMBER>IRe.001</REFERENCE_NUMBER>", ""), "utf-8")
    error = _error(broken)
    assert error.where == "<ENTITY> #2 (DATAID 110403)" and "REFERENCE_NUMBER" in error.problem


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "un.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&b;</FIRST_NAME>"
        "<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    assert "forbidden" in _error(bomb).problem


def test_csv_row_with_wrong_column_count(fallback_lists: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ofac"
    shutil.copytree(fallback_lists / "ofac/sdn_fallback", folder)
    sdn = folder / "sdn.csv"
    lines = sdn.read_bytes().split(b"\r\n")
    lines[4] = lines[4].rsplit(b",", 1)[0]  # drop the Remarks column (-0-) of row 5
    sdn.write_bytes(b"\r\n".join(lines))
    error = _error(sdn)
    assert error.where == "line 5" and "expected 12 columns, found 11" in error.problem


def test_companion_row_for_unknown_entry(fallback_lists: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ofac"
    shutil.copytree(fallback_lists / "ofac/sdn_fallback", folder)
    alt = folder / "alt.csv"
    alt.write_bytes(b'99999,1,"aka","NOBODY",-0- \r\n' + alt.read_bytes())
    error = _error(folder)
    assert error.path == str(alt) and error.where == "line 1" and "99999" in error.problem


def test_bad_encoding_names_the_line(fallback_lists: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ofac"
    shutil.copytree(fallback_lists / "ofac/sdn_fallback", folder)
    sdn = folder / "sdn.csv"
    lines = sdn.read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace(b"ABBAS", b"ABB\x81S")  # 0x81: not UTF-8, not cp1252
    sdn.write_bytes(b"\r\n".join(lines))
    error = _error(sdn)
    assert error.where == "line 3" and "not valid" in error.problem


def test_data_after_end_marker(fallback_lists: Path, tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes((fallback_lists / "ofac/sdn_fallback/sdn.csv").read_bytes() + b"\r\n1,2")
    assert "end marker" in _error(sdn).problem


def test_broken_last_record_loads_nothing(fallback_lists: Path, tmp_path: Path) -> None:
    """All-or-nothing: a defect in the very last entry fails the whole file."""
    text = (fallback_lists / "un/un_consolidated_fallback.xml").read_text(encoding="utf-8")
    last = text.rindex("<FIRST_NAME>7TH OF TIR</FIRST_NAME>")
    broken = tmp_path / "un.xml"
    broken.write_text(text[:last] + "<FIRST_NAME/>" + text[last + 35 :], encoding="utf-8")
    error = _error(broken)
    assert "IRe.001" in error.where


def test_ftm_bad_line(ftm_sample: Path, tmp_path: Path) -> None:
    broken = tmp_path / "entities.ftm.json"
    lines = ftm_sample.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"id": "x", "schema": "NoSuchSchema", "properties": {}}')
    broken.write_text("\n".join(lines), encoding="utf-8")
    error = _error(broken)
    assert error.where == "line 3" and "invalid entity" in error.problem
    lines[2] = '{"id": "x", "schema": "Person", "properties": '
    broken.write_text("\n".join(lines), encoding="utf-8")
    assert "invalid JSON" in _error(broken).problem


def test_unknown_format(tmp_path: Path) -> None:
    for name, content in [
        ("notes.txt", "Dear colleagues,\nplease screen these names.\n"),
        ("other.xml", '<?xml version="1.0"?><catalog><book/></catalog>'),
        ("rows.csv", "name,country\nJohn Smith,GB\n"),
        ("empty.csv", ""),
    ]:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ListFormatError) as caught:
            detect_format(path)
        assert str(path) in str(caught.value)
        assert "unknown" in caught.value.problem


def test_missing_file_and_folder_without_list(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError):
        load_list(tmp_path / "absent.xml")
    with pytest.raises(ListFormatError) as caught:
        load_list(tmp_path)
    assert "no sdn.csv" in caught.value.problem
