"""Audit events share the action's transaction; attestations pin the principle text."""

from __future__ import annotations

import hashlib
import json

import pytest

from alliance.core.audit import audit_record
from alliance.core.models import AuditEvent
from alliance.governance import flows
from alliance.organisations import actions
from alliance.organisations.models import Application, Attestation, PrincipleSet
from alliance.organisations.principles import PRINCIPLES, principle_text_hash
from alliance.organisations.selectors import current_principle_set
from alliance.transparency.models import LogEntry
from tests.factories import complete_draft, draft_application, ready_application

pytestmark = pytest.mark.django_db(transaction=True)


def test_failing_write_leaves_neither_change_nor_event(alice, monkeypatch):
    """If anything fails after the change inside the action, the change, the audit
    event and any log entry all roll back together."""
    application = complete_draft(alice)
    events_before = AuditEvent.objects.count()

    def exploding_open(**kwargs):
        raise RuntimeError("downstream failure")

    # The flow's next step (the case opening) fails after the submission was written.
    monkeypatch.setattr(flows.diligence, "case_open_on_submission", exploding_open)
    with pytest.raises(RuntimeError):
        flows.application_submit(actor=alice, application=application)
    application.refresh_from_db()
    assert application.status == "draft"
    assert application.submitted_at is None
    assert AuditEvent.objects.count() == events_before


def test_failed_admission_leaves_no_log_entry(alice, sam, monkeypatch):
    from datetime import date

    from alliance.governance import flows
    from alliance.governance.actions import board_decision_record
    from alliance.organisations import actions as org_actions

    application = ready_application(alice, sam)
    decision = board_decision_record(
        actor=sam,
        kind="admission",
        reason="ok",
        decided_on=date(2026, 2, 2),
        application=application,
    )

    def failing_publish(**kwargs):
        LogEntry.objects.create(
            index=999, kind="x", subject="x", leaf=b"x", fact={}, created_at="2026-01-01T00:00Z"
        )
        raise RuntimeError("log write failed")

    monkeypatch.setattr(org_actions, "publish_fact", failing_publish)
    with pytest.raises(RuntimeError):
        flows.admission(actor=sam, application=application, decision=decision)
    application.refresh_from_db()
    assert application.status == "ready_for_board"
    assert not LogEntry.objects.exists()
    assert not AuditEvent.objects.filter(verb="application.approve").exists()
    decision.refresh_from_db()
    assert decision.applied_at is None


def test_audit_record_refuses_to_run_outside_a_transaction(alice):
    application = draft_application(alice)
    with pytest.raises(RuntimeError):
        audit_record(actor=alice, verb="x", target=application)


def test_audit_event_records_who_what_before_after(alice):
    application = draft_application(alice)
    actions.application_update(
        actor=alice,
        application=application,
        application_fields={"humanitarian_motivation": "Refugee registration"},
    )
    event = AuditEvent.objects.filter(verb="application.draft_saved").latest("id")
    assert event.actor == alice
    assert event.actor_label == str(alice)
    assert event.object_type == "organisations.application"
    assert event.object_id == str(application.pk)
    assert event.before == {"humanitarian_motivation": ""}
    assert event.after == {"humanitarian_motivation": "Refugee registration"}


def test_officers_personal_data_stays_out_of_the_audit_trail(alice):
    application = draft_application(alice)
    actions.application_update(
        actor=alice,
        application=application,
        people=[{"name": "Grace Achieng", "role": "officer", "nationality": "KE"}],
    )
    event = AuditEvent.objects.filter(verb="application.draft_saved").latest("id")
    assert "Grace" not in json.dumps(event.after) + json.dumps(event.before)
    assert event.after["people_count"] == 1


def test_attestation_hash_is_sha256_of_the_canonical_principle_text(alice):
    application = complete_draft(alice)
    principle_set = current_principle_set()
    attestations = {
        a.principle_code: a for a in Attestation.objects.filter(application=application)
    }
    assert set(attestations) == {p["code"] for p in PRINCIPLES}
    for principle in PRINCIPLES:
        canonical = json.dumps(
            {"code": principle["code"], "title": principle["title"], "text": principle["text"]},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        expected = hashlib.sha256(canonical).hexdigest()
        assert principle_text_hash(principle) == expected
        assert attestations[principle["code"]].text_sha256 == expected
        assert attestations[principle["code"]].principle_set == principle_set


def test_changed_principle_text_makes_old_attestations_stale(alice, monkeypatch):
    application = complete_draft(alice)
    changed = [dict(p) for p in PRINCIPLES]
    changed[0]["text"] += " Amended by the Board."
    from alliance.organisations import selectors

    monkeypatch.setattr(selectors, "PRINCIPLES", changed)
    new_set = current_principle_set()
    assert new_set.version == 2
    # Reading the new text stores nothing; attesting to it stores version 2.
    assert PrincipleSet.objects.count() == 1
    with pytest.raises(actions.ActionError) as refused:
        flows.application_submit(actor=alice, application=application)
    assert refused.value.message == actions.ERR_STALE_ATTESTATION
    assert Application.objects.get(pk=application.pk).status == "draft"


def test_attesting_needs_every_principle_and_consent(alice):
    application = draft_application(alice)
    codes = [p["code"] for p in PRINCIPLES]
    with pytest.raises(actions.ActionError) as refused:
        actions.application_attest(
            actor=alice, application=application, principle_codes=codes[:-1], privacy_consent=True
        )
    assert refused.value.message == actions.ERR_MISSING_ATTESTATION
    with pytest.raises(actions.ActionError) as refused:
        actions.application_attest(
            actor=alice, application=application, principle_codes=codes, privacy_consent=False
        )
    assert refused.value.message == actions.ERR_MISSING_CONSENT
    assert not Attestation.objects.filter(application=application).exists()
