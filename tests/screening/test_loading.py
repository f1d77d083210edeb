"""Loading lists: uploads checked, a broken file changes nothing, the scheduled command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from alliance.core.errors import ActionError, NotAllowed
from alliance.screening import actions
from alliance.screening.models import ListEntryRecord, ListVersion, SanctionsList
from tests.screening.conftest import person

pytestmark = pytest.mark.django_db

GOOD = [person("p-1", "Viktor Petrovich Ivanov"), person("p-2", "Chen Wei Long")]


def jsonl(entities: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(e) + "\n" for e in entities).encode()


def state() -> tuple[int, int, int, list[int]]:
    current = list(ListVersion.objects.filter(is_current=True).values_list("pk", flat=True))
    return (SanctionsList.objects.count(), ListVersion.objects.count(),
            ListEntryRecord.objects.count(), current)  # fmt: skip


def test_upload_loads_a_version(sam, django_capture_on_commit_callbacks) -> None:
    upload = SimpleUploadedFile("watch.jsonl", jsonl(GOOD))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = actions.list_version_load(actor=sam, path_or_upload=upload)
    version = outcome.version
    version.refresh_from_db()
    assert (version.list.list_id, version.entry_count, version.source_filename) == (
        "opensanctions", 2, "watch.jsonl")  # fmt: skip
    assert version.loaded_by == sam and version.is_current and version.rescreened_at


def test_partly_broken_upload_changes_nothing_and_names_the_line(
    sam, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.list_version_load(actor=sam, path_or_upload=SimpleUploadedFile(
            "watch.jsonl", jsonl(GOOD)))  # fmt: skip
    before = state()
    broken = jsonl([*GOOD, person("p-3", "Omar Haddad")]) + b'{"id": "p-4", "schema": \n'
    with pytest.raises(ActionError) as refused:
        actions.list_version_load(actor=sam, path_or_upload=SimpleUploadedFile(
            "update.jsonl", broken))  # fmt: skip
    assert refused.value.message.startswith("update.jsonl: line 4:")
    assert "alliance-list-" not in refused.value.message  # the temporary path is not shown
    assert state() == before


def test_broken_xml_names_the_file(sam) -> None:
    upload = SimpleUploadedFile("consolidated.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIV")
    with pytest.raises(ActionError) as refused:
        actions.list_version_load(actor=sam, path_or_upload=upload)
    assert refused.value.message.startswith("consolidated.xml: ")
    assert state() == (0, 0, 0, [])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.exe", b"MZ\x90\x00", actions.ERR_UPLOAD_TYPE),
        ("list.csv", b"", actions.ERR_UPLOAD_EMPTY),
        ("list.xml", b"x" * 65, actions.ERR_UPLOAD_TOO_LARGE),
    ],
)
def test_upload_size_and_type_checked(sam, settings, name, content, message) -> None:
    settings.ALLIANCE_MAX_UPLOAD_BYTES = 64
    with pytest.raises(ActionError) as refused:
        actions.list_version_load(actor=sam, path_or_upload=SimpleUploadedFile(name, content))
    assert refused.value.message == message
    assert state() == (0, 0, 0, [])


def test_only_the_secretariat_loads_lists(rita, alice, write_list) -> None:
    for actor in (rita, alice):
        with pytest.raises(NotAllowed) as refused:
            actions.list_version_load(actor=actor, path_or_upload=write_list("w.jsonl", GOOD))
        assert refused.value.message == actions.ERR_STAFF_ONLY


def test_scheduled_command_loads_paths(write_list, fallback_un: Path, capsys,
                                       django_capture_on_commit_callbacks) -> None:  # fmt: skip
    path = write_list("watch.jsonl", GOOD)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("screening_load", str(path), str(fallback_un), "--now")
    out = capsys.readouterr().out
    assert "opensanctions: 2 entries" in out and "un-sc: 5 entries" in out
    assert set(ListVersion.objects.values_list("list__list_id", flat=True)) == {
        "opensanctions", "un-sc"}  # fmt: skip
    assert ListVersion.objects.filter(loaded_by__isnull=True).count() == 2
    call_command("screening_load", str(path))
    assert "opensanctions: unchanged" in capsys.readouterr().out


def test_scheduled_command_reports_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "schema": "Person", "properties": {}}\nnot json\n')
    with pytest.raises(CommandError):
        call_command("screening_load", str(bad))
    assert state() == (0, 0, 0, [])
