"""Reads for due diligence: a case's indicators and assessment, its progress through the
method's steps, screening results, the monitoring schedule and the Board pack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alliance.diligence.models import (
    BoardPack,
    Case,
    CaseKind,
    CaseStatus,
    ControversyRecord,
    CriterionFinding,
    EsgEvidence,
    Finding,
    InformationRequest,
    RiskLogEntry,
    Step,
    StepNote,
)
from alliance.diligence.policies import engine_policy
from alliance.engines.risk import (
    Controversy,
    ControversyStatus,
    Relationship,
    RiskAssessment,
    RiskIndicators,
    RiskLevel,
    RiskPolicy,
    Severity,
    add_months,
    apply_override,
    assess_risk,
)

# The application's contribution kind decides the relationship asked for.
RELATIONSHIP_FOR_CONTRIBUTION = {
    "financial": Relationship.FINANCIAL,
    "both": Relationship.FINANCIAL,
    "in_kind": Relationship.IN_KIND,
    "waiver": Relationship.MEMBERSHIP,
    "": Relationship.MEMBERSHIP,
}
# Lists the screening engine loads; a confirmed match on one of them confirms the
# exclusionary criterion the policy feeds from that list (UNDP criterion 5).
SCREENING_SOURCES = frozenset(
    {"un-sc", "ofac-sdn", "eu-fsf", "uk-ofsi", "ca-sema", "opensanctions"}
)
UPCOMING_DAYS = 60
OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.AWAITING_SIGN_OFF)
CLOSED_APPLICATION = ("withdrawn", "declined")


def screening_results(organisation: Any) -> list[Any] | None:
    """The screening app's results for this organisation, or None before screening exists
    (the screening app is built alongside; its selector may not be there yet)."""
    try:
        from alliance.screening.selectors import results_for_organisation
    except ImportError:
        return None
    return list(results_for_organisation(organisation))


def screening_counts(results: list[Any] | None) -> tuple[int, int]:
    """(undecided hits, confirmed true matches)."""
    if not results:
        return 0, 0
    undecided = sum(1 for r in results if getattr(r, "decision", None) in (None, ""))
    true_matches = sum(1 for r in results if getattr(r, "decision", None) == "true_match")
    return undecided, true_matches


def screening_criterion(policy: RiskPolicy) -> str | None:
    for criterion in policy.criteria:
        if SCREENING_SOURCES & set(criterion.list_sources):
            return criterion.code
    return None


def case_indicators(case: Case, results: list[Any] | None = None) -> RiskIndicators:
    policy = engine_policy(case.policy_version)
    confirmed = {
        f.criterion_code for f in case.criterion_findings.all() if f.finding == Finding.CONFIRMED
    }
    undecided, true_matches = screening_counts(results)
    if true_matches and (code := screening_criterion(policy)):
        confirmed.add(code)
    return RiskIndicators(
        organisation_type=case.organisation.type,
        relationship=Relationship(case.relationship),
        confirmed_exclusionary_hits=frozenset(confirmed),
        high_risk_sectors=frozenset(case.high_risk_sectors),
        controversies=tuple(
            Controversy(Severity(c.severity), ControversyStatus(c.status), c.title)
            for c in case.controversies.all()
        ),
        esg_evidence=frozenset(e.principle for e in case.esg_evidence.all()),
        unresolved_screening_hits=undecided,
    )


def compute_assessment(case: Case, results: list[Any] | None = None) -> RiskAssessment:
    """The engine's assessment of the case as it stands, with the reviewer's override."""
    policy = engine_policy(case.policy_version)
    assessment = assess_risk(case_indicators(case, results), policy)
    if case.override_level and assessment.eligible:
        assessment = apply_override(
            assessment, RiskLevel(case.override_level), case.override_reason
        )
    return assessment


def assessment_data(assessment: RiskAssessment, results: list[Any] | None) -> dict[str, Any]:
    """The assessment as stored on the case (JSON)."""
    undecided, true_matches = screening_counts(results)
    return {
        "policy_code": assessment.policy_code,
        "policy_version": assessment.policy_version,
        "eligible": assessment.eligible,
        "failed_criteria": list(assessment.failed_criteria),
        "points": assessment.points,
        "computed_level": assessment.computed_level.value if assessment.computed_level else None,
        "level": assessment.level.value if assessment.level else None,
        "esg_commitment": assessment.esg_commitment.value if assessment.esg_commitment else None,
        "depth_of_review": assessment.depth_of_review.value,
        "reassessment_months": assessment.reassessment_months,
        "reasoning": list(assessment.reasoning),
        "override_level": assessment.override_level.value if assessment.override_level else None,
        "override_reason": assessment.override_reason,
        "screening_run": results is not None,
        "undecided_screening_hits": undecided,
        "true_matches": true_matches,
    }


@dataclass(frozen=True)
class StepState:
    code: str
    label: str
    done: bool


def case_progress(case: Case) -> list[StepState]:
    """Each step of the method and whether its record is complete."""
    return _progress(
        case,
        noted=set(case.notes.values_list("step", flat=True)),
        findings=set(case.criterion_findings.values_list("criterion_code", flat=True)),
        controversies=case.controversies.exists(),
        esg=case.esg_evidence.exists(),
        risk_log=case.risk_log.exists(),
    )


def _progress(
    case: Case,
    *,
    noted: set[str],
    findings: set[str],
    controversies: bool,
    esg: bool,
    risk_log: bool,
) -> list[StepState]:
    policy = engine_policy(case.policy_version)
    done = {
        Step.BACKGROUND: Step.BACKGROUND in noted,
        Step.CRITERIA: {c.code for c in policy.criteria} <= findings,
        Step.SCREENING: Step.SCREENING in noted,
        Step.CONTROVERSIES: Step.CONTROVERSIES in noted or controversies,
        Step.ESG: Step.ESG in noted or esg,
        Step.RECOMMENDATION: bool(case.recommendation),
        Step.MONITORING: bool(case.monitoring_plan.strip()) or risk_log,
        Step.SIGN_OFF: case.is_signed,
    }
    before_risk = [Step.BACKGROUND, Step.CRITERIA, Step.SCREENING, Step.CONTROVERSIES, Step.ESG]
    done[Step.RISK] = all(done[s] for s in before_risk) and bool(case.assessment)
    return [StepState(s.value, str(s.label), done[s]) for s in Step]


def current_step(case: Case) -> StepState:
    progress = case_progress(case)
    return next((s for s in progress if not s.done), progress[-1])


def latest_case(application: Any) -> Case | None:
    return (
        Case.objects.filter(application=application)
        .select_related("policy_version__policy")
        .order_by("-opened_at", "-id")
        .first()
    )


def current_admission_case(application: Any) -> Case | None:
    """The application's current admission case revision (the latest one opened)."""
    return (
        Case.objects.filter(application=application, kind=CaseKind.ADMISSION)
        .select_related("prepared_by", "signed_off_by", "policy_version__policy")
        .order_by("-revision", "-opened_at", "-id")
        .first()
    )


def current_board_pack(case: Case) -> BoardPack | None:
    """The Board pack made from this very revision after its sign-off, if any."""
    if not case.is_signed or case.signed_off_at is None:
        return None
    return BoardPack.objects.filter(case=case, generated_at__gte=case.signed_off_at).first()


def case_next_step(case: Case) -> str:
    """Who must do what next on the case, from its state alone."""
    if case.status == CaseStatus.OPEN:
        missing = [s.label for s in case_progress(case) if not s.done and s.code != Step.SIGN_OFF]
        if missing:
            return _(
                "A reviewer records the remaining steps (%(steps)s), then prepares the case."
            ) % {"steps": ", ".join(str(m) for m in missing)}
        return _("A reviewer prepares the case for sign-off.")
    if case.status == CaseStatus.AWAITING_SIGN_OFF:
        preparer = case.prepared_by.display_name if case.prepared_by else _("the preparer")
        return _("A reviewer other than %(preparer)s signs the case off (four eyes).") % {
            "preparer": preparer
        }
    if hasattr(case, "next_revision"):
        return _("This revision is replaced: work on the newer revision.")
    if current_board_pack(case) is None:
        return _("A reviewer makes the Board pack from the signed-off case.")
    if case.kind == CaseKind.ADMISSION and case.application.status == "ready_for_board":
        return _("The Board chair opens an admission or decline motion with this Board pack.")
    return _("Nothing: the case is signed off and its Board pack made.")


def open_case_for(organisation: Any) -> Case | None:
    """The organisation's case in progress. An admission case left open on an application
    that was withdrawn or declined does not count: a new application gets its own case."""
    return (
        Case.objects.filter(organisation=organisation, status__in=OPEN_STATUSES)
        .exclude(kind=CaseKind.ADMISSION, application__status__in=CLOSED_APPLICATION)
        .first()
    )


def cases_queue(status: str | None = None) -> QuerySet[Case]:
    """Cases for the queue; unsigned admission cases of withdrawn or declined
    applications drop out of it."""
    queue = Case.objects.select_related("organisation", "application", "prepared_by").exclude(
        kind=CaseKind.ADMISSION,
        application__status__in=CLOSED_APPLICATION,
        status__in=OPEN_STATUSES,
    )
    if status:
        queue = queue.filter(status=status)
    return queue.order_by("status", "-opened_at")


def board_pack_for_application(application: Any) -> BoardPack | None:
    """The Board pack of the application's latest signed case, for the admission motion."""
    return (
        BoardPack.objects.filter(case__application=application, case__status=CaseStatus.SIGNED_OFF)
        .select_related("case")
        .order_by("-case__signed_off_at")
        .first()
    )


def open_requests_for(organisation: Any) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(case__organisation=organisation).select_related("case")


@dataclass(frozen=True)
class MonitoringRow:
    organisation: Any
    level: str
    due_on: date
    open_case: Case | None

    def state(self, today: date) -> str:
        if self.open_case is not None:
            return "in progress"
        if self.due_on <= today:
            return "overdue" if self.due_on < today else "due today"
        if self.due_on <= today + timedelta(days=UPCOMING_DAYS):
            return "upcoming"
        return "scheduled"


def monitoring_rows() -> list[MonitoringRow]:
    """Every active partner with its risk level and next re-assessment date: the date its
    last signed case set; a partner never assessed is due from the day it was admitted."""
    from alliance.organisations.choices import PartnershipStatus
    from alliance.organisations.models import Partnership

    partnerships = Partnership.objects.filter(status=PartnershipStatus.ACTIVE).select_related(
        "organisation"
    )
    org_ids = [p.organisation_id for p in partnerships]
    signed: dict[int, Case] = {}
    for case in Case.objects.filter(
        organisation_id__in=org_ids, status=CaseStatus.SIGNED_OFF
    ).order_by("signed_off_at"):
        signed[case.organisation_id] = case  # the latest wins
    open_cases = {
        c.organisation_id: c
        for c in Case.objects.filter(organisation_id__in=org_ids, status__in=OPEN_STATUSES)
    }
    rows = []
    for partnership in partnerships:
        last = signed.get(partnership.organisation_id)
        due = last.next_reassessment_on if last and last.next_reassessment_on else None
        rows.append(
            MonitoringRow(
                organisation=partnership.organisation,
                level=last.level if last else "",
                due_on=due or partnership.since,
                open_case=open_cases.get(partnership.organisation_id),
            )
        )
    return sorted(rows, key=lambda r: (r.due_on, r.organisation.legal_name))


def next_reassessment_date(signed_on: date, months: int | None) -> date | None:
    return add_months(signed_on, months) if months else None


# --- What needs someone now (the homes: web.home) ---------------------------------------


def open_cases_by_step() -> list[tuple[StepState, list[Case]]]:
    """Open cases (not yet prepared) under the step each has reached, steps in the
    method's order, oldest case first: one query per record kind for all the cases."""
    cases = list(
        cases_queue(CaseStatus.OPEN)
        .select_related("policy_version__policy")
        .order_by("opened_at", "id")
    )
    ids = [c.pk for c in cases]
    noted: dict[int, set[str]] = {}
    for case_id, step in StepNote.objects.filter(case_id__in=ids).values_list("case_id", "step"):
        noted.setdefault(case_id, set()).add(step)
    findings: dict[int, set[str]] = {}
    for case_id, code in CriterionFinding.objects.filter(case_id__in=ids).values_list(
        "case_id", "criterion_code"
    ):
        findings.setdefault(case_id, set()).add(code)
    with_controversies = set(
        ControversyRecord.objects.filter(case_id__in=ids).values_list("case_id", flat=True)
    )
    with_esg = set(EsgEvidence.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
    with_log = set(RiskLogEntry.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
    by_step: dict[str, tuple[StepState, list[Case]]] = {}
    for case in cases:
        steps = _progress(
            case,
            noted=noted.get(case.pk, set()),
            findings=findings.get(case.pk, set()),
            controversies=case.pk in with_controversies,
            esg=case.pk in with_esg,
            risk_log=case.pk in with_log,
        )
        reached = next((s for s in steps if not s.done), steps[-1])
        by_step.setdefault(reached.code, (reached, []))[1].append(case)
    order = [s.value for s in Step]
    return [by_step[code] for code in order if code in by_step]


def cases_to_sign_off(user: Any) -> list[Case]:
    """Prepared cases waiting for a second person's sign-off that ``user`` may sign: every
    one but those the user prepared (four eyes), oldest first."""
    return list(
        cases_queue(CaseStatus.AWAITING_SIGN_OFF)
        .exclude(prepared_by=user)
        .select_related("prepared_by")
        .order_by("prepared_at", "id")
    )


def cases_awaiting_board_pack() -> list[Case]:
    """Signed-off admission cases of applications still before the Board that have no
    Board pack made from their revision yet."""
    from django.db.models import F, Q

    return list(
        Case.objects.filter(
            status=CaseStatus.SIGNED_OFF,
            kind=CaseKind.ADMISSION,
            application__status__in=("in_due_diligence", "ready_for_board"),
            next_revision__isnull=True,
        )
        .filter(Q(board_pack__isnull=True) | Q(board_pack__generated_at__lt=F("signed_off_at")))
        .select_related("organisation")
        .order_by("signed_off_at", "id")
    )


def questions_awaiting_answers() -> list[InformationRequest]:
    """Questions put to applicants or partners and not yet answered, oldest first."""
    return list(
        InformationRequest.objects.filter(answered_at__isnull=True)
        .select_related("case__organisation")
        .order_by("asked_at", "id")
    )


def questions_for_organisations(organisation_ids: Any) -> list[InformationRequest]:
    """The unanswered questions put to these organisations, oldest first."""
    return list(
        InformationRequest.objects.filter(
            case__organisation_id__in=organisation_ids, answered_at__isnull=True
        )
        .select_related("case__organisation")
        .order_by("asked_at", "id")
    )


def reassessments_due(today: date) -> list[MonitoringRow]:
    """Active partners whose re-assessment is due today or overdue, with no case open."""
    return [r for r in monitoring_rows() if r.state(today) in {"overdue", "due today"}]


# A question is shown as late on the homes once it has waited this long for its answer.
QUESTION_ANSWER_DAYS = 14


def question_is_late(request: InformationRequest, today: date) -> bool:
    return (today - request.asked_at.date()).days > QUESTION_ANSWER_DAYS
