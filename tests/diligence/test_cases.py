"""Cases open on submission, move through the method's steps, are signed off under the
four-eyes rule and are frozen once signed."""

from __future__ import annotations

import pytest

from alliance.core.errors import ActionError, NotAllowed
from alliance.core.models import AuditEvent
from alliance.diligence import actions
from alliance.diligence.models import Case, CaseStatus
from alliance.diligence.selectors import case_progress, current_step
from alliance.governance import flows
from tests.diligence.helpers import case_for, complete_case, signed_case

pytestmark = pytest.mark.django_db


def test_submission_opens_one_case_with_the_default_policy(alice) -> None:
    case = case_for(alice)
    assert Case.objects.count() == 1
    assert case.policy_version.policy.code == "undp-2013"
    assert case.policy_version.number == 1
    assert case.relationship == "financial"  # the application offers a cash contribution
    assert case.status == CaseStatus.OPEN
    assert current_step(case).code == "background"
    assert case.assessment["reasoning"][0].startswith("Policy: UNDP Policy")
    assert AuditEvent.objects.filter(verb="diligence.case_opened").count() == 1


def test_steps_complete_in_order_and_every_record_has_an_author(alice, sam) -> None:
    case = complete_case(case_for(alice), sam)
    done = {s.code: s.done for s in case_progress(case)}
    assert all(done[s] for s in done if s != "sign_off")
    assert not done["sign_off"]
    assert {n.author for n in case.notes.all()} == {sam}
    assert {f.author for f in case.criterion_findings.all()} == {sam}
    assert all(f.evidence for f in case.criterion_findings.all())


def test_prepare_refuses_an_incomplete_case(alice, sam) -> None:
    case = case_for(alice)
    with pytest.raises(ActionError) as caught:
        actions.case_prepare(actor=sam, case=case)
    assert caught.value.message.startswith(actions.ERR_INCOMPLETE.split(":")[0])


def test_four_eyes_the_preparer_cannot_sign_off(alice, sam, rita) -> None:
    case = complete_case(case_for(alice), sam)
    actions.case_prepare(actor=sam, case=case)
    with pytest.raises(ActionError) as caught:
        actions.case_sign_off(actor=sam, case=case)
    assert caught.value.message == actions.ERR_FOUR_EYES
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SIGN_OFF
    signed = actions.case_sign_off(actor=rita, case=case)
    assert signed.status == CaseStatus.SIGNED_OFF
    assert signed.signed_off_by == rita and signed.prepared_by == sam


def test_sign_off_needs_a_prepared_case_and_a_signer(alice, bob, sam, rita) -> None:
    case = complete_case(case_for(alice), sam)
    with pytest.raises(ActionError) as caught:
        actions.case_sign_off(actor=rita, case=case)
    assert caught.value.message == actions.ERR_NOT_PREPARED
    with pytest.raises(NotAllowed):
        actions.case_sign_off(actor=bob, case=case)


def test_a_signed_case_cannot_be_edited(alice, sam, rita) -> None:
    case = signed_case(case_for(alice), sam, rita)
    frozen = dict(case.assessment)
    edits = [
        lambda: actions.case_note_add(actor=sam, case=case, step="background", text="more"),
        lambda: actions.criterion_finding_record(
            actor=sam, case=case, criterion_code="tobacco", finding="confirmed", evidence="x"
        ),
        lambda: actions.controversy_add(
            actor=sam,
            case=case,
            title="t",
            source_url="https://example.org/a",
            severity="severe",
            status="substantiated",
        ),
        lambda: actions.esg_evidence_record(actor=sam, case=case, principle="ungc-1", evidence=""),
        lambda: actions.case_override_level(actor=rita, case=case, level="high", reason="r"),
        lambda: actions.case_recommend(
            actor=sam, case=case, recommendation="do_not_engage", reasoning="r"
        ),
        lambda: actions.case_sectors_set(actor=sam, case=case, sectors=["alcohol"], evidence="e"),
        lambda: actions.info_request_send(actor=sam, case=case, question="q?"),
    ]
    for edit in edits:
        with pytest.raises(ActionError) as caught:
            edit()
        assert caught.value.message == actions.ERR_CASE_SIGNED
    case.refresh_from_db()
    assert case.assessment == frozen
    assert case.criterion_findings.filter(finding="confirmed").count() == 0


def test_a_later_change_opens_a_new_revision(alice, sam, rita) -> None:
    case = signed_case(case_for(alice), sam, rita)
    revision = actions.case_revise(actor=sam, case=case, reason="New annual report.")
    assert revision.pk != case.pk and revision.revision == 2 and revision.previous == case
    assert revision.status == CaseStatus.OPEN
    assert revision.criterion_findings.count() == case.criterion_findings.count()
    actions.criterion_finding_record(
        actor=sam,
        case=revision,
        criterion_code="gambling",
        finding="possible",
        evidence="Online casino affiliate.",
    )
    case.refresh_from_db()
    assert case.is_signed
    assert case.criterion_findings.get(criterion_code="gambling").finding == "none"
    with pytest.raises(ActionError) as caught:
        actions.case_revise(actor=sam, case=revision, reason="x")
    assert caught.value.message == actions.ERR_NOT_SIGNED


def test_override_needs_a_reason_and_is_audited(alice, sam, rita) -> None:
    case = complete_case(case_for(alice), sam)
    with pytest.raises(ActionError) as caught:
        actions.case_override_level(actor=rita, case=case, level="high", reason="  ")
    assert caught.value.message == actions.ERR_OVERRIDE_REASON
    actions.case_override_level(
        actor=rita, case=case, level="moderate", reason="Operates in a conflict zone."
    )
    case.refresh_from_db()
    assert case.level == "moderate"
    assert case.assessment["computed_level"] == "low"
    assert "Reviewer override" in case.assessment["reasoning"][-1]
    event = AuditEvent.objects.get(verb="diligence.level_overridden")
    assert event.reason == "Operates in a conflict zone."
    assert event.actor == rita


def test_override_of_an_ineligible_case_is_refused(alice, sam, rita) -> None:
    case = complete_case(case_for(alice), sam, confirmed=("tobacco",))
    with pytest.raises(ActionError) as caught:
        actions.case_override_level(actor=rita, case=case, level="low", reason="Small share.")
    assert caught.value.message == actions.ERR_OVERRIDE_INELIGIBLE


def test_applicant_cannot_work_on_a_case(alice) -> None:
    case = case_for(alice)
    with pytest.raises(NotAllowed):
        actions.case_note_add(actor=alice, case=case, step="background", text="All fine!")


def test_information_request_emails_the_applicant_and_the_answer_attaches(
    alice, bob, sam, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    case = case_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        request = actions.info_request_send(
            actor=sam, case=case, question="Please send your 2025 accounts."
        )
    assert len(mailoutbox) == 1
    assert alice.email in mailoutbox[0].to
    assert "2025 accounts" in mailoutbox[0].body
    with pytest.raises(NotAllowed):
        actions.info_request_answer(actor=bob, request=request, answer="Not mine")
    with django_capture_on_commit_callbacks(execute=True):
        actions.info_request_answer(actor=alice, request=request, answer="Attached, page 4.")
    request.refresh_from_db()
    assert request.answer == "Attached, page 4." and request.case == case
    assert mailoutbox[-1].to == [sam.email]
    with pytest.raises(ActionError) as caught:
        actions.info_request_answer(actor=alice, request=request, answer="again")
    assert caught.value.message == actions.ERR_ALREADY_ANSWERED


def test_a_new_application_after_a_withdrawal_gets_its_own_case(alice, sam) -> None:
    from alliance.diligence.selectors import cases_queue
    from alliance.organisations import actions as org_actions
    from alliance.organisations.models import Application

    first = case_for(alice)
    org_actions.application_withdraw(
        actor=alice, application=first.application, reason="Merging first."
    )
    assert first not in cases_queue()
    second = Application.objects.create(
        organisation=first.organisation,
        created_by=alice,
        **{
            f: getattr(first.application, f)
            for f in (
                "commercial_products",
                "humanitarian_motivation",
                "brings_expertise",
                "aml_cft_certified",
                "contribution_kind",
                "privacy_consent_at",
            )
        },
    )
    for attestation in first.application.attestations.all():
        attestation.pk, attestation.application = None, second
        attestation.save()
    flows.application_submit(actor=alice, application=second)
    case = Case.objects.get(application=second)
    assert case != first and list(cases_queue()) == [case]


def test_a_change_after_preparation_withdraws_it_so_the_signer_signs_what_was_prepared(
    alice, sam, rita
) -> None:
    case = complete_case(case_for(alice), sam)
    actions.case_prepare(actor=sam, case=case)
    actions.case_recommend(
        actor=sam, case=case, recommendation="do_not_engage", reasoning="Second thoughts."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.prepared_by is None
    assert AuditEvent.objects.filter(verb="diligence.preparation_withdrawn").count() == 1
    with pytest.raises(ActionError, match=str(actions.ERR_NOT_PREPARED)):
        actions.case_sign_off(actor=rita, case=case)
    # A note or a question is not a change to the assessment: the preparation stands.
    actions.case_prepare(actor=sam, case=case)
    actions.case_note_add(actor=sam, case=case, step="screening", text="Rechecked.")
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SIGN_OFF
    signed = actions.case_sign_off(actor=rita, case=case)
    assert signed.status == CaseStatus.SIGNED_OFF and signed.recommendation == "do_not_engage"
