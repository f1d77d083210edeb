"""Builders for diligence tests: a case walked through the method's steps."""

from __future__ import annotations

from typing import Any

from alliance.diligence import actions
from alliance.diligence.models import Case
from alliance.diligence.policies import engine_policy
from alliance.diligence.selectors import latest_case
from alliance.engines.risk import ESG_EVIDENCE_CODES
from alliance.governance import flows
from tests.factories import complete_draft, make_user


def case_for(applicant: Any, legal_name: str = "Amani Aid", **org: Any) -> Case:
    application = flows.application_submit(
        actor=applicant, application=complete_draft(applicant, legal_name, **org)
    )
    case = latest_case(application)
    assert case is not None
    return case


def complete_case(
    case: Case,
    staff: Any,
    *,
    confirmed: tuple[str, ...] = (),
    esg: int = 11,
    recommendation: str = "engage",
) -> Case:
    """Record every step up to (not including) preparation."""
    actions.case_note_add(
        actor=staff,
        case=case,
        step="background",
        text="Registry extract matches the disclosure.",
        evidence="Companies registry extract, 2026-01-10",
    )
    for criterion in engine_policy(case.policy_version).criteria:
        actions.criterion_finding_record(
            actor=staff,
            case=case,
            criterion_code=criterion.code,
            finding="confirmed" if criterion.code in confirmed else "none",
            evidence="Annual report and media search.",
        )
    actions.case_note_add(
        actor=staff,
        case=case,
        step="screening",
        text="All hits reviewed.",
        evidence="Screening run of today",
    )
    actions.case_note_add(
        actor=staff,
        case=case,
        step="controversies",
        text="Media and BHRRC search: nothing found.",
        evidence="BHRRC",
    )
    for code in ESG_EVIDENCE_CODES[:esg]:
        actions.esg_evidence_record(
            actor=staff, case=case, principle=code, evidence="Sustainability report 2025"
        )
    if not esg:
        actions.case_note_add(actor=staff, case=case, step="esg", text="No ESG policy found.")
    actions.case_recommend(
        actor=staff,
        case=case,
        recommendation=recommendation,
        reasoning="Low risk.",
        mitigations="Annual check-in." if recommendation == "engage_with_mitigation" else "",
    )
    actions.case_monitoring_plan_set(actor=staff, case=case, plan="Annual media scan.")
    case.refresh_from_db()
    return case


def signed_case(case: Case, staff: Any, reviewer: Any) -> Case:
    complete_case(case, staff)
    actions.case_prepare(actor=staff, case=case)
    return actions.case_sign_off(actor=reviewer, case=case, note="Agreed.")


def another_reviewer() -> Any:
    from alliance.accounts.roles import Role

    return make_user("rex@review.example", Role.REVIEWER, full_name="Rex Reviewer")
