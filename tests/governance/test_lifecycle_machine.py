"""A stateful property test of the admission lifecycle (docs/lifecycle.md).

Random sequences of submit / ask and answer a question / record findings / prepare /
sign off (by the preparer or someone else) / reopen / revise / make the Board pack /
open a motion / vote / close, by random roles. After every step: no active partnership
without a passed admission motion and a case signed off by someone other than its
preparer; every closed motion has exactly one outcome; the application's status is the
function of its case and motion that docs/lifecycle.md states; a refused step is
refused with the project's own error and changes nothing. Fixed seed and sizes, so CI
is deterministic.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from alliance.core.errors import ActionError
from alliance.core.models import AuditEvent
from alliance.diligence import actions as dd
from alliance.diligence.models import Case, CaseStatus, InformationRequest
from alliance.diligence.selectors import current_admission_case
from alliance.engines.tally import Outcome
from alliance.governance import actions as gov
from alliance.governance import flows
from alliance.governance.models import Motion, MotionKind, MotionStatus
from alliance.organisations.choices import ApplicationStatus as A
from alliance.organisations.models import Application, Partnership
from alliance.transparency.models import LogEntry
from tests.factories import complete_case, complete_draft
from tests.governance.conftest import TODAY

pytestmark = pytest.mark.django_db

ROLES = ("applicant", "secretariat", "reviewer", "chair", "member")
CLOSED_OUTCOMES = {o.value for o in Outcome} - {Outcome.OPEN.value}


class AdmissionMachine(RuleBasedStateMachine):
    people: ClassVar[dict[str, Any]] = {}
    voters: ClassVar[list[Any]] = []
    reached: ClassVar[set[str]] = set()  # application statuses and motion outcomes seen

    def __init__(self) -> None:
        super().__init__()
        # Each example runs in a savepoint rolled back at teardown.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.application = complete_draft(self.people["applicant"])

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------------

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            Application.objects.get(pk=self.application.pk).status,
            tuple(Case.objects.order_by("pk").values_list("pk", "status", "signed_off_by")),
            tuple(Motion.objects.order_by("pk").values_list("pk", "status", "outcome")),
            tuple(Partnership.objects.values_list("pk", "status")),
            InformationRequest.objects.filter(answered_at__isnull=False).count(),
            AuditEvent.objects.count(),
            LogEntry.objects.count(),
        )

    def _try(self, step: Any) -> None:
        """Run one step; if refused, it must be with ActionError and change nothing."""
        before = self._snapshot()
        try:
            with transaction.atomic():
                step()
        except ActionError:
            assert self._snapshot() == before

    def _case(self) -> Case | None:
        return current_admission_case(self.application)

    def _open_motion(self) -> Motion | None:
        return Motion.objects.filter(application=self.application, status=MotionStatus.OPEN).first()

    # --- rules -----------------------------------------------------------------------

    def _case_status(self) -> str:
        case = self._case()
        return case.status if case is not None else ""

    def _status(self) -> str:
        return Application.objects.get(pk=self.application.pk).status

    def _undecided(self) -> bool:
        return self._status() in {A.IN_DUE_DILIGENCE, A.READY_FOR_BOARD}

    @initialize(by_applicant=st.booleans())
    def start(self, by_applicant: bool) -> None:
        """Most sequences start from a submitted application; some from the draft."""
        if by_applicant:
            self.submit("applicant")

    @precondition(lambda self: self._status() in {A.DRAFT, A.IN_DUE_DILIGENCE})
    @rule(role=st.sampled_from(ROLES))
    def submit(self, role: str) -> None:
        self._try(
            lambda: flows.application_submit(actor=self.people[role], application=self.application)
        )

    @precondition(lambda self: self._case_status() == CaseStatus.OPEN)
    @rule(role=st.sampled_from(ROLES))
    def ask_question(self, role: str) -> None:
        case = self._case()
        if case is not None:
            self._try(
                lambda: dd.info_request_send(
                    actor=self.people[role], case=case, question="Send your accounts."
                )
            )

    @precondition(
        lambda self: InformationRequest.objects.filter(
            case__application=self.application, answered_at__isnull=True
        ).exists()
    )
    @rule(role=st.sampled_from(ROLES))
    def answer_question(self, role: str) -> None:
        request = InformationRequest.objects.filter(case__application=self.application).first()
        if request is not None:
            self._try(
                lambda: dd.info_request_answer(
                    actor=self.people[role], request=request, answer="Attached."
                )
            )

    @precondition(lambda self: self._case_status() == CaseStatus.OPEN)
    @rule(role=st.sampled_from(("secretariat", "reviewer", "applicant")))
    def record_findings(self, role: str) -> None:
        case = self._case()
        if case is not None:
            self._try(lambda: complete_case(case, self.people[role]))

    @precondition(lambda self: self._case_status() == CaseStatus.OPEN)
    @rule(role=st.sampled_from(("secretariat", "reviewer", "secretariat", "applicant")))
    def prepare(self, role: str) -> None:
        case = self._case()
        if case is not None:
            self._try(lambda: dd.case_prepare(actor=self.people[role], case=case))

    @precondition(lambda self: self._case_status() == CaseStatus.AWAITING_SIGN_OFF)
    @rule(role=st.sampled_from(("secretariat", "reviewer", "applicant", "member")))
    def sign_off(self, role: str) -> None:
        """By anyone, the preparer included (then refused: four eyes)."""
        case = self._case()
        if case is not None:
            self._try(lambda: dd.case_sign_off(actor=self.people[role], case=case))

    @precondition(lambda self: self._case_status() == CaseStatus.AWAITING_SIGN_OFF)
    @rule(role=st.sampled_from(("secretariat", "reviewer", "applicant")))
    def reopen(self, role: str) -> None:
        case = self._case()
        if case is not None:
            self._try(lambda: dd.case_reopen(actor=self.people[role], case=case, reason="More."))

    @precondition(lambda self: self._case_status() == CaseStatus.SIGNED_OFF)
    @rule(role=st.sampled_from(("secretariat", "reviewer")))
    def revise(self, role: str) -> None:
        case = self._case()
        if case is not None:
            self._try(lambda: dd.case_revise(actor=self.people[role], case=case, reason="New."))

    @precondition(lambda self: self._case_status() == CaseStatus.SIGNED_OFF)
    @rule(role=st.sampled_from(("secretariat", "reviewer", "applicant")))
    def make_board_pack(self, role: str) -> None:
        case = self._case()
        if case is not None:
            self._try(lambda: dd.board_pack_generate(actor=self.people[role], case=case))

    @precondition(lambda self: self._undecided() and self._open_motion() is None)
    @rule(
        role=st.sampled_from(("chair", "chair", "member", "applicant")),
        kind=st.sampled_from((MotionKind.ADMISSION, MotionKind.ADMISSION, MotionKind.DECLINE)),
    )
    def open_motion(self, role: str, kind: str) -> None:
        self._try(
            lambda: gov.motion_open(
                actor=self.people[role],
                kind=kind,
                title="",
                text="",
                today=TODAY,
                application=self.application,
                deadline=TODAY + timedelta(days=14),
            )
        )

    @precondition(lambda self: self._open_motion() is not None)
    @rule(
        voter=st.integers(min_value=0, max_value=4),
        choice=st.sampled_from(("for", "for", "for", "against", "abstain")),
    )
    def vote(self, voter: int, choice: str) -> None:
        motion = self._open_motion()
        if motion is not None:
            self._try(
                lambda: gov.vote_cast(
                    actor=self.voters[voter], motion=motion, choice=choice, today=TODAY
                )
            )

    @precondition(lambda self: self._open_motion() is not None)
    @rule(role=st.sampled_from(("chair", "chair", "member")), late=st.booleans())
    def close(self, role: str, late: bool) -> None:
        motion = self._open_motion()
        if motion is not None:
            day = TODAY + timedelta(days=15 if late else 0)
            self._try(lambda: gov.motion_close(actor=self.people[role], motion=motion, today=day))

    # --- invariants ------------------------------------------------------------------

    @invariant()
    def no_partner_without_a_passed_motion_and_a_four_eyes_case(self) -> None:
        for partnership in Partnership.objects.filter(status="active"):
            assert Motion.objects.filter(
                application=partnership.application_id,
                kind=MotionKind.ADMISSION,
                outcome=Outcome.PASSED,
            ).exists()
            signed = Case.objects.filter(
                application=partnership.application_id, status=CaseStatus.SIGNED_OFF
            )
            assert any(
                c.signed_off_by_id and c.signed_off_by_id != c.prepared_by_id for c in signed
            )

    @invariant()
    def every_closed_motion_has_exactly_one_outcome(self) -> None:
        for status, outcome in Motion.objects.values_list("status", "outcome"):
            if status == MotionStatus.CLOSED:
                assert outcome in CLOSED_OUTCOMES
            else:
                assert outcome == ""

    @invariant()
    def the_status_is_the_function_of_case_and_motion(self) -> None:
        application = Application.objects.get(pk=self.application.pk)
        passed = set(
            Motion.objects.filter(application=application, outcome=Outcome.PASSED).values_list(
                "kind", flat=True
            )
        )
        case = current_admission_case(application)
        if application.submitted_at is None:
            expected = A.DRAFT
        elif MotionKind.ADMISSION in passed:
            expected = A.APPROVED
        elif MotionKind.DECLINE in passed:
            expected = A.DECLINED
        elif case is not None and case.is_signed:
            expected = A.READY_FOR_BOARD
        else:
            expected = A.IN_DUE_DILIGENCE
        assert application.status == expected, (application.status, expected)
        assert len(passed) <= 1
        self.reached.add(application.status)
        self.reached.update(Motion.objects.exclude(outcome="").values_list("outcome", flat=True))


def test_the_admission_lifecycle_cannot_be_skipped(  # type: ignore[no-untyped-def]
    board, carla, ben, members, alice, sam, rita, settings_fixture
):
    AdmissionMachine.people = {
        "applicant": alice,
        "secretariat": sam,
        "reviewer": rita,
        "chair": carla,
        "member": ben,
    }
    AdmissionMachine.voters = [carla, ben, *members]
    AdmissionMachine.reached = set()
    run_state_machine_as_test(
        AdmissionMachine,
        settings=settings(
            derandomize=True,
            max_examples=6,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    # The exploration is not vacuous: it reaches a Board-ready application (through a
    # four-eyes sign-off) on its fixed seed.
    assert {A.IN_DUE_DILIGENCE, A.READY_FOR_BOARD} <= AdmissionMachine.reached


@pytest.fixture
def settings_fixture(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The issuer's key (credentials on admission) goes to a per-test folder."""
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings
