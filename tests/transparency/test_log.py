"""The log in the database: same-transaction appends, append-only rows, checkpoints, keys."""

from __future__ import annotations

import stat

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory

from alliance.core.errors import ActionError, NotAllowed
from alliance.engines.merkle import root_of, verify_checkpoint
from alliance.organisations.models import Partnership
from alliance.transparency import keys, services
from alliance.transparency.models import AppendOnlyError, Checkpoint, LogEntry, LogHash, LogHead
from tests.factories import admitted_partnership


def _stored_hash_count(size: int) -> int:
    return 2 * size - bin(size).count("1")


def test_lifecycle_fact_is_appended_with_hashes_root_and_a_signed_checkpoint(alice, sam):
    partnership = admitted_partnership(alice, sam)
    entry = LogEntry.objects.get(kind="partner.admitted")
    head = LogHead.objects.get()
    leaves = [bytes(e.leaf) for e in LogEntry.objects.order_by("index")]
    assert head.size == len(leaves) >= 1
    assert bytes(head.root_hash) == root_of(leaves)
    assert LogHash.objects.count() == _stored_hash_count(head.size)
    document = entry.fact
    assert document["index"] == entry.index
    assert document["subject"] == f"organisation:{partnership.organisation.public_id}"
    assert document["time"].endswith("Z")
    assert entry.body["organisation"] == "Amani Aid"
    # No personal data: the applicant's name and email appear nowhere in the log.
    for row in LogEntry.objects.all():
        assert b"alice" not in bytes(row.leaf).lower() and b"Achieng" not in bytes(row.leaf)
    latest = Checkpoint.objects.order_by("-id").first()
    signed = verify_checkpoint(latest.note, str(keys.current_signer().verifier))
    assert (signed.size, signed.root_hash) == (head.size, bytes(head.root_hash))
    assert signed.origin == "alliance.example/alliance/log"


def test_a_rolled_back_change_leaves_no_entry_no_hashes_and_no_checkpoint(alice, sam):
    before = (LogEntry.objects.count(), LogHash.objects.count(), Checkpoint.objects.count())
    with pytest.raises(RuntimeError, match="board changed its mind"), transaction.atomic():
        admitted_partnership(alice, sam)
        assert LogEntry.objects.filter(kind="partner.admitted").exists()
        raise RuntimeError("board changed its mind")
    assert not Partnership.objects.exists()
    after = (LogEntry.objects.count(), LogHash.objects.count(), Checkpoint.objects.count())
    assert after == before
    assert LogHead.objects.get().size == before[0]
    # The next append continues the same tree, with no gap.
    admitted_partnership(alice, sam, legal_name="Amani Aid Again")
    head = LogHead.objects.get()
    assert bytes(head.root_hash) == root_of(
        [bytes(e.leaf) for e in LogEntry.objects.order_by("index")]
    )


def test_publish_fact_needs_the_callers_transaction(transactional_db):
    with pytest.raises(RuntimeError, match=str(services.ERR_OUTSIDE_TRANSACTION)):
        services.publish_fact(kind="x.y", subject="s", fact={})


def test_personal_data_is_refused(db):
    with pytest.raises(ActionError) as caught, transaction.atomic():
        services.publish_fact(
            kind="group.recommendation",
            subject="group:1",
            fact={"members": [{"role": "chair", "email": "a@b.example"}]},
        )
    assert caught.value.message == services.ERR_PERSONAL_DATA.format(field="email")
    assert not LogEntry.objects.exists()


def test_entries_hashes_and_checkpoints_are_append_only(publish):
    entry = publish("board.decision", "decision:1", title="Admit Amani Aid")
    entry.kind = "board.other"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.filter(index=entry.index).update(kind="rewritten")
    with pytest.raises(AppendOnlyError):
        LogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LogHash.objects.all().update(hash=b"\0" * 32)
    with pytest.raises(AppendOnlyError):
        Checkpoint.objects.all().delete()
    assert LogEntry.objects.get(index=entry.index).kind == "board.decision"


def test_admin_is_read_only(publish, ada):
    publish("board.decision", "decision:1", title="Admit")
    request = RequestFactory().get("/admin/")
    request.user = ada
    for model in (LogEntry, Checkpoint):
        model_admin = admin_site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, model.objects.first())
        assert not model_admin.has_delete_permission(request, model.objects.first())


def test_a_correction_is_a_new_entry_that_names_the_old_one(publish):
    old = publish("funding.totals", "funding:2026", year=2026, received="100000")
    with transaction.atomic():
        fixed = services.publish_correction(
            corrects=old.index,
            fact={"year": 2026, "received": "110000"},
            reason="A bank transfer was missed.",
        )
    assert fixed.index == old.index + 1
    assert (fixed.kind, fixed.subject, fixed.corrects) == (
        "funding.totals",
        "funding:2026",
        old.index,
    )
    assert fixed.fact["corrects"] == old.index
    assert fixed.body["correction_reason"] == "A bank transfer was missed."
    assert LogEntry.objects.get(index=old.index).body["received"] == "100000"
    with pytest.raises(ActionError), transaction.atomic():
        services.publish_correction(corrects=999, fact={}, reason="x")


def test_signing_key_is_generated_once_outside_the_repo_with_mode_0600(publish, log_key_dir):
    publish("board.decision", "decision:1", title="t")
    path = log_key_dir / "log_signer.key"
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("PRIVATE+KEY+alliance.example/alliance/log+")
    first = path.read_text()
    publish("board.decision", "decision:2", title="t")
    assert path.read_text() == first


def test_signing_key_from_the_environment(publish, monkeypatch, log_key_dir):
    from alliance.engines.merkle import generate_key

    signer_key, verifier_key = generate_key("ops.example/alliance/log")
    monkeypatch.setenv(keys.ENV_SIGNER_KEY, signer_key)
    publish("board.decision", "decision:1", title="t")
    assert not (log_key_dir / "log_signer.key").exists()
    note = Checkpoint.objects.order_by("-id").first().note
    assert verify_checkpoint(note, verifier_key).size == 1


def test_key_rotation_is_admin_only_and_recorded_in_the_log(
    publish, ada, sam, django_capture_on_commit_callbacks
):
    publish("board.decision", "decision:1", title="t")
    old_key = str(keys.current_signer().verifier)
    with pytest.raises(NotAllowed):
        services.log_key_rotate(actor=sam, reason="routine")
    with pytest.raises(ActionError):
        services.log_key_rotate(actor=ada, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.log_key_rotate(actor=ada, reason="Yearly rotation")
    new_key = str(keys.current_signer().verifier)
    assert new_key != old_key
    rotation = LogEntry.objects.get(kind=services.KEY_ROTATED)
    assert rotation.body["new_key"] == new_key and rotation.body["previous_key"] == old_key
    by_old, by_new = Checkpoint.objects.order_by("-id")[1], Checkpoint.objects.order_by("-id")[0]
    # The entry announcing the new key is covered by a checkpoint under the old key...
    assert verify_checkpoint(by_old.note, old_key).size == rotation.index + 1
    # ...and from then on the log is signed with the new one.
    assert verify_checkpoint(by_new.note, new_key).size == rotation.index + 1
    entry = publish("board.decision", "decision:2", title="t")
    latest = Checkpoint.objects.order_by("-id").first()
    assert verify_checkpoint(latest.note, new_key).size == entry.index + 1
    assert (keys.key_dir() / "retired").is_dir()


def test_log_checkpoint_command_signs_the_current_head(publish, capsys):
    publish("board.decision", "decision:1", title="t")
    count = Checkpoint.objects.count()
    call_command("log_checkpoint")
    assert Checkpoint.objects.count() == count + 1
    out = capsys.readouterr().out
    assert verify_checkpoint(out, str(keys.current_signer().verifier)).size == 1


def test_hourly_task_can_be_scheduled_for_the_worker(publish, django_capture_on_commit_callbacks):
    publish("board.decision", "decision:1", title="t")
    count = Checkpoint.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("log_checkpoint", "--schedule")
    # The test settings run tasks at once: the task signed a checkpoint.
    assert Checkpoint.objects.count() == count + 1
