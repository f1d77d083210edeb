"""Every lifecycle transition, and every refused one."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.models import AuditEvent
from alliance.governance import flows
from alliance.governance.actions import board_decision_record
from alliance.governance.models import DecisionKind
from alliance.organisations import actions
from alliance.organisations.choices import ApplicationStatus as A
from alliance.organisations.choices import PartnershipStatus as P
from alliance.organisations.models import Application, Partnership
from alliance.transparency.models import LogEntry
from tests.factories import (
    admitted_partnership,
    complete_case,
    complete_draft,
    draft_application,
    ready_application,
    sign_off_with_pack,
    submitted_application,
)

pytestmark = pytest.mark.django_db

ALL_APPLICATION_STATES = [s for s, _ in A.choices]
ALL_PARTNERSHIP_STATES = [s for s, _ in P.choices]


# The other transitions follow the case (application_follow_case), tested below.
PUBLIC_APPLICATION_ACTIONS = {"submit", "approve", "decline", "withdraw"}


def _decision(actor, kind, **subject):
    return board_decision_record(
        actor=actor, kind=kind, reason="Board minute 12", decided_on=date(2026, 3, 1), **subject
    )


def test_happy_path_from_draft_to_active_partnership(alice, sam):
    application = complete_draft(alice)
    assert application.status == A.DRAFT
    flows.application_submit(actor=alice, application=application)
    application.refresh_from_db()
    assert application.status == A.IN_DUE_DILIGENCE  # the case opened with the submission
    sign_off_with_pack(application, sam)
    assert application.status == A.READY_FOR_BOARD  # signed off by a second reviewer
    decision = _decision(sam, DecisionKind.ADMISSION, application=application)
    partnership = flows.admission(
        actor=sam, application=application, decision=decision, tier="Partner"
    )
    application.refresh_from_db()
    assert application.status == A.APPROVED
    assert partnership.status == P.ACTIVE
    assert partnership.since == date(2026, 3, 1)
    # Other apps add their own events (a diligence case, a credential, a tier); the
    # lifecycle's own trail appears in exactly this order among them.
    verbs = list(
        AuditEvent.objects.filter(organisation=application.organisation)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    expected = [
        "application.started",
        "application.draft_saved",
        "application.attested",
        "application.submitted",
        "application.start_due_diligence",
        "application.mark_ready_for_board",
        "board_decision.recorded",
        "application.approve",
        "partnership.created",
    ]
    remaining = iter(verbs)
    assert all(verb in remaining for verb in expected), verbs
    assert LogEntry.objects.filter(kind="partner.admitted").count() == 1


@pytest.mark.parametrize(
    ("action", "allowed_from"),
    [
        (name, sources)
        for name, (sources, _) in actions.APPLICATION_TRANSITIONS.items()
        if name in PUBLIC_APPLICATION_ACTIONS
    ],
)
def test_every_application_transition_refused_outside_its_states(action, allowed_from, alice, sam):
    """For each action and each state it may not start from, the action is refused
    with a clear message and nothing changes."""
    for state in ALL_APPLICATION_STATES:
        if state in allowed_from:
            continue
        application = complete_draft(alice, legal_name=f"Org {action} {state}")
        Application.objects.filter(pk=application.pk).update(status=state)
        application.refresh_from_db()
        # The Board decision the test records first is not part of the refused action.
        lifecycle_events = AuditEvent.objects.exclude(verb="board_decision.recorded")
        before_events = lifecycle_events.count()
        with pytest.raises(IllegalTransition) as refused:
            _run_application_action(action, application, alice, sam)
        assert state.replace("_", " ") in refused.value.message
        application.refresh_from_db()
        assert application.status == state
        assert lifecycle_events.count() == before_events


def _run_application_action(action, application, alice, sam):
    if action == "submit":
        return flows.application_submit(actor=alice, application=application)
    if action == "withdraw":
        return actions.application_withdraw(actor=alice, application=application, reason="r")
    if action in {"approve", "decline"}:
        kind = DecisionKind.ADMISSION if action == "approve" else DecisionKind.DECLINE
        decision = _decision(sam, kind, application=application)
        fn = actions.application_approve if action == "approve" else actions.application_decline
        return fn(actor=sam, application=application, decision=decision)
    raise AssertionError(action)


@pytest.mark.parametrize(
    ("action", "allowed_from"),
    [(name, sources) for name, (sources, _) in actions.PARTNERSHIP_TRANSITIONS.items()],
)
def test_every_partnership_transition_and_refusal(action, allowed_from, alice, sam):
    """Allowed from a state: it moves to the target (then is rolled back for the next
    state). Not allowed: refused, and nothing changes."""
    partnership = admitted_partnership(alice, sam)
    target = actions.PARTNERSHIP_TRANSITIONS[action][1]
    for state in ALL_PARTNERSHIP_STATES:
        Partnership.objects.filter(pk=partnership.pk).update(status=state)
        partnership.refresh_from_db()
        if state in allowed_from:
            with pytest.raises(_Undo), transaction.atomic():
                moved = _run_partnership_action(action, partnership, alice, sam)
                assert moved.status == target
                assert Partnership.objects.get(pk=partnership.pk).status == target
                raise _Undo
            continue
        with pytest.raises(IllegalTransition):
            _run_partnership_action(action, partnership, alice, sam)
        partnership.refresh_from_db()
        assert partnership.status == state


class _Undo(Exception):
    """Raised to roll back an allowed transition inside the test."""


def _run_partnership_action(action, partnership, alice, sam):
    if action == "withdraw":
        return actions.partnership_withdraw(actor=alice, partnership=partnership, reason="Leaving")
    kind = {
        "suspend": DecisionKind.SUSPENSION,
        "reinstate": DecisionKind.REINSTATEMENT,
        "terminate": DecisionKind.TERMINATION,
    }[action]
    decision = _decision(sam, kind, partnership=partnership)
    return getattr(actions, f"partnership_{action}")(
        actor=sam, partnership=partnership, decision=decision
    )


def test_suspend_reinstate_terminate_sequence_flows_to_log(alice, sam):
    partnership = admitted_partnership(alice, sam)
    for action, kind, expected in [
        ("suspend", DecisionKind.SUSPENSION, P.SUSPENDED),
        ("reinstate", DecisionKind.REINSTATEMENT, P.ACTIVE),
        ("terminate", DecisionKind.TERMINATION, P.TERMINATED),
    ]:
        decision = _decision(sam, kind, partnership=partnership)
        partnership = getattr(actions, f"partnership_{action}")(
            actor=sam, partnership=partnership, decision=decision
        )
        assert partnership.status == expected
    assert partnership.ended_on == date(2026, 3, 1)
    kinds = list(
        LogEntry.objects.filter(kind__startswith="partner.")
        .order_by("index")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "partner.admitted",
        "partner.suspended",
        "partner.active",
        "partner.terminated",
    ]


def test_board_decisions_are_required_and_used_once(alice, sam):
    application = ready_application(alice, sam)
    wrong_kind = _decision(sam, DecisionKind.DECLINE, application=application)
    with pytest.raises(ActionError) as refused:
        actions.application_approve(actor=sam, application=application, decision=wrong_kind)
    assert refused.value.message == actions.ERR_DECISION_REQUIRED
    other = ready_application(alice, sam, legal_name="Other Org")
    other_decision = _decision(sam, DecisionKind.ADMISSION, application=other)
    with pytest.raises(ActionError) as refused:
        actions.application_approve(actor=sam, application=application, decision=other_decision)
    assert refused.value.message == actions.ERR_DECISION_REQUIRED
    actions.application_decline(actor=sam, application=application, decision=wrong_kind)
    actions.application_approve(actor=sam, application=other, decision=other_decision)
    partnership = Partnership.objects.get(application=other)
    termination = _decision(sam, DecisionKind.TERMINATION, partnership=partnership)
    actions.partnership_terminate(actor=sam, partnership=partnership, decision=termination)
    partnership.status = P.ACTIVE
    partnership.save()
    with pytest.raises(ActionError) as refused:
        actions.partnership_terminate(actor=sam, partnership=partnership, decision=termination)
    assert refused.value.message == actions.ERR_DECISION_USED


def test_only_board_chair_or_secretariat_record_board_decisions(alice, ben, carla, sam):
    application = ready_application(alice, sam)
    with pytest.raises(NotAllowed):
        _decision(ben, DecisionKind.ADMISSION, application=application)
    with pytest.raises(NotAllowed):
        _decision(alice, DecisionKind.ADMISSION, application=application)
    decision = _decision(carla, DecisionKind.ADMISSION, application=application)
    actions.application_approve(actor=carla, application=application, decision=decision)


def test_double_submission_does_nothing_twice(alice):
    application = complete_draft(alice)
    flows.application_submit(actor=alice, application=application)
    submitted = AuditEvent.objects.filter(verb="application.submitted").count()
    with pytest.raises(IllegalTransition):
        flows.application_submit(actor=alice, application=application)
    assert AuditEvent.objects.filter(verb="application.submitted").count() == submitted == 1


def test_incomplete_draft_cannot_be_submitted(alice):
    application = draft_application(alice)
    with pytest.raises(ActionError) as refused:
        flows.application_submit(actor=alice, application=application)
    assert refused.value.message == actions.ERR_MISSING_STANCE
    application.refresh_from_db()
    assert application.status == A.DRAFT


def test_withdraw_needs_a_reason_and_only_own(alice, bob, sam):
    application = submitted_application(alice)
    with pytest.raises(ActionError) as refused:
        actions.application_withdraw(actor=alice, application=application, reason="  ")
    assert refused.value.message == actions.ERR_REASON_REQUIRED
    with pytest.raises(NotAllowed):
        actions.application_withdraw(actor=bob, application=application, reason="not mine")
    actions.application_withdraw(actor=alice, application=application, reason="Merging")
    application.refresh_from_db()
    assert application.status == A.WITHDRAWN


def test_status_follows_the_case_and_leaves_decided_applications_alone(alice, sam):
    """Submitted -> in due diligence when the case opens; ready for the Board on a
    four-eyes sign-off; back when the signed case is revised; a prepared case sent back
    keeps it in due diligence. Decided applications never move."""
    from alliance.diligence import actions as dd
    from alliance.diligence.selectors import current_admission_case

    application = submitted_application(alice)
    assert application.status == A.IN_DUE_DILIGENCE
    case = current_admission_case(application)
    complete_case(case, sam)
    dd.case_prepare(actor=sam, case=case)
    dd.case_reopen(actor=sam, case=case, reason="One more check.")
    application.refresh_from_db()
    assert application.status == A.IN_DUE_DILIGENCE
    sign_off_with_pack(application, sam)
    assert application.status == A.READY_FOR_BOARD
    case = current_admission_case(application)
    dd.case_revise(actor=sam, case=case, reason="New controversy.")
    application.refresh_from_db()
    assert application.status == A.IN_DUE_DILIGENCE
    moves = {
        "application.start_due_diligence",
        "application.mark_ready_for_board",
        "application.return_to_due_diligence",
    }
    verbs = [
        verb
        for verb in AuditEvent.objects.filter(organisation=application.organisation)
        .order_by("id")
        .values_list("verb", flat=True)
        if verb in moves
    ]
    assert verbs == [
        "application.start_due_diligence",
        "application.mark_ready_for_board",
        "application.return_to_due_diligence",
    ]
    for state in (A.APPROVED, A.DECLINED, A.WITHDRAWN, A.DRAFT):
        Application.objects.filter(pk=application.pk).update(status=state)
        actions.application_follow_case(actor=sam, application=application, case_signed=True)
        application.refresh_from_db()
        assert application.status == state


def test_no_staff_move_remains_to_guess():
    for name in (
        "application_start_due_diligence",
        "application_mark_ready_for_board",
        "application_return_to_due_diligence",
    ):
        assert not hasattr(actions, name)


def test_draft_edits_refused_after_submission(alice):
    application = submitted_application(alice)
    with pytest.raises(ActionError) as refused:
        actions.application_update(
            actor=alice, application=application, application_fields={"brings_networks": "x"}
        )
    assert refused.value.message == actions.ERR_NOT_DRAFT
