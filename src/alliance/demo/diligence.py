"""The due-diligence part of the demo alliance: a case for every submitted application,
at every step of the method and at every risk level, signed cases behind the partners
(with re-assessments overdue and coming up), Board packs for the applications ready for
the Board, and a question waiting for an applicant.

Cases for new submissions open with the submission (governance.flows); this seed opens them for
applications that were submitted before (idempotently) and walks each one as far as its
application's stage, through the real actions. It only touches a case that has no
records yet, so running the demo again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from alliance.diligence import actions
from alliance.diligence.models import Case, CaseStatus
from alliance.diligence.policies import engine_policy
from alliance.diligence.selectors import latest_case
from alliance.engines.risk import ESG_EVIDENCE_CODES, add_months
from alliance.organisations.choices import ApplicationStatus as A
from alliance.organisations.models import Application

NEWS = "https://news.example.org/investigations"

# Per organisation: what research finds. Keys: sectors, controversies (severity, status,
# title), esg (number of principles evidenced), confirmed (criterion codes), stop (the
# step at which an unfinished case stops), override ((level, reason)).
FINDINGS: dict[str, dict[str, Any]] = {
    "Meridian Identity Systems Ltd": {"sectors": ["biometrics_security_forces"], "esg": 9},
    "Kestrel Cloud Services Inc.": {"esg": 10},
    "Asterion Consulting Group": {
        "esg": 6,
        "controversies": [("serious", "alleged", "Cost overruns on a national ID contract")],
    },
    "Sahel Mobile Money SA": {
        "esg": 4,
        "controversies": [
            ("serious", "substantiated", "Regulator fined the company for KYC data leaks")
        ],
    },
    "Lumen Wallet GmbH": {"esg": 8},
    "NordID Trust Services AS": {"esg": 11},
    "Vantablue Analytics Corp.": {
        "sectors": ["data_brokerage"],
        "esg": 2,
        "controversies": [
            ("severe", "substantiated", "Resold bank customers' identity data to marketers")
        ],
    },
    "Cobalt Border Technologies LLC": {
        "sectors": ["surveillance_technology"],
        "esg": 3,
        "controversies": [("serious", "alleged", "Gates used to profile migrants")],
    },
    "Helix Biometrics Pvt Ltd": {
        "sectors": ["biometrics_security_forces"],
        "esg": 5,
        "controversies": [("serious", "alleged", "Exclusion errors in a welfare programme")],
    },
    "Quantix Payments Holdings plc": {
        "esg": 7,
        "stop": "sign_off",
        "controversies": [
            ("serious", "substantiated", "Card data breach affecting 400,000 customers"),
            ("moderate", "resolved", "Consumer-protection complaint, settled in 2024"),
        ],
    },
    "Tallinn School of Digital Governance": {"stop": "criteria"},
    "Amani Refugee Legal Aid": {
        "stop": "risk",
        "question": ("Please send your 2025 audited accounts and the list of your board members."),
    },
    "Crestline Gaming & Identity Ltd": {"confirmed": ["gambling"], "esg": 3},
    "Harbour Data Brokers Ltd": {
        "sectors": ["data_brokerage"],
        "esg": 0,
        "controversies": [("severe", "alleged", "Sold location data without consent")],
    },
    "Global Vaccine Access Fund": {
        "esg": 9,
        "override": ("moderate", "Works through many implementing partners in fragile states."),
    },
    "Fundación Puentes Digitales": {"stop": "background"},
    "Orbis Identity Labs Inc.": {"stop": "controversies", "esg": 3},
    "Ministry of Interior, Republic of Moldova": {"stop": "screening"},
    "World Food Assistance Coordination Office": {"stop": "monitoring"},
}
ORDER = (
    "background",
    "criteria",
    "screening",
    "controversies",
    "esg",
    "risk",
    "recommendation",
    "monitoring",
    "sign_off",
)


def seed(*, logins: dict[str, Any], staff: dict[str, Any], today: date) -> None:
    secretariat, reviewer = staff["secretariat"], staff["reviewer"]
    applications = (
        Application.objects.exclude(status=A.DRAFT)
        .select_related("organisation", "partnership")
        .order_by("pk")
    )
    for application in applications:
        case = latest_case(application)
        if case is None:
            case = actions.case_open(
                actor=secretariat,
                application=application,
                reason="Opened for an application submitted earlier.",
            )
        if case.notes.exists() or case.status != CaseStatus.OPEN:
            continue  # already walked on an earlier run
        _walk(case, application, secretariat, reviewer, today)


def _stop_for(application: Application, plan: dict[str, Any]) -> str:
    if "stop" in plan:
        return str(plan["stop"])
    if application.status in {A.SUBMITTED, A.WITHDRAWN}:
        return "background"
    if application.status == A.IN_DUE_DILIGENCE:
        return "esg"
    return "done"  # ready for the Board, decided: the case was signed off


def _reached(stop: str, step: str) -> bool:
    return stop == "done" or ORDER.index(step) < ORDER.index(stop)


def walk_to_board(application: Application, *, staff: dict[str, Any], today: date) -> Case:
    """Work the application's admission case through every step: prepared by the
    secretariat, signed off by the reviewer (four eyes), with its Board pack, so that the
    Board can decide on it by motion (the real path the demo's partners go through)."""
    case = latest_case(application)
    assert case is not None, "the case opens with the submission"
    if case.status == CaseStatus.OPEN and not case.notes.exists():
        _walk(case, application, staff["secretariat"], staff["reviewer"], today, stop="done")
    case.refresh_from_db()
    if case.is_signed and not hasattr(case, "board_pack"):
        actions.board_pack_generate(actor=staff["secretariat"], case=case)
    return case


def backdate_partner_case(case: Case, today: date) -> None:
    """After the admission: spread the partners' re-assessment dates (demo only)."""
    _backdate(case, Application.objects.get(pk=case.application_id), today)


def _walk(
    case: Case,
    application: Application,
    prep: Any,
    reviewer: Any,
    today: date,
    stop: str | None = None,
) -> None:
    organisation = application.organisation
    plan = FINDINGS.get(organisation.legal_name, {})
    stop = stop or _stop_for(application, plan)
    if not _reached(stop, "background"):
        return
    actions.case_note_add(
        actor=prep,
        case=case,
        step="background",
        text="Registration, headquarters and officers match the self-disclosure; "
        "AML/CFT self-certification received.",
        evidence=f"National registry extract {organisation.registration_number}",
    )
    if plan.get("sectors"):
        actions.case_sectors_set(
            actor=prep,
            case=case,
            sectors=plan["sectors"],
            evidence="Annual report and product pages.",
        )
    if question := plan.get("question"):
        actions.info_request_send(actor=prep, case=case, question=question)
    if not _reached(stop, "criteria"):
        return
    for criterion in engine_policy(case.policy_version).criteria:
        confirmed = criterion.code in plan.get("confirmed", ())
        actions.criterion_finding_record(
            actor=prep,
            case=case,
            criterion_code=criterion.code,
            finding="confirmed" if confirmed else "none",
            evidence="Operates an online casino brand (annual report, segment note)."
            if confirmed
            else "Self-disclosure, annual report and media search: nothing found.",
        )
    if not _reached(stop, "screening"):
        return
    actions.case_note_add(
        actor=prep,
        case=case,
        step="screening",
        text="Screening results reviewed.",
        evidence="Screening run on file",
    )
    if not _reached(stop, "controversies"):
        return
    for severity, status, title in plan.get("controversies", ()):
        actions.controversy_add(
            actor=prep,
            case=case,
            title=title,
            source_url=NEWS,
            source_title="Investigative press report",
            severity=severity,
            status=status,
        )
    actions.case_note_add(
        actor=prep,
        case=case,
        step="controversies",
        text="Media, BHRRC and OHCHR database searched.",
        evidence="Search log kept with the case",
    )
    if not _reached(stop, "esg"):
        return
    for code in ESG_EVIDENCE_CODES[: plan.get("esg", 0)]:
        actions.esg_evidence_record(
            actor=prep,
            case=case,
            principle=code,
            evidence="Sustainability report and published policies.",
        )
    actions.case_note_add(
        actor=prep,
        case=case,
        step="esg",
        text="UN Global Compact participation and policies reviewed.",
    )
    if override := plan.get("override"):
        actions.case_override_level(
            actor=reviewer, case=case, level=override[0], reason=override[1]
        )
    if not _reached(stop, "recommendation"):
        return
    case.refresh_from_db()
    _recommend(case, prep)
    if not _reached(stop, "monitoring"):
        return
    actions.risk_log_add(
        actor=prep,
        case=case,
        risk="Reputational exposure",
        mitigation="Annual media scan; review at re-assessment.",
        owner="Secretariat",
    )
    actions.case_monitoring_plan_set(
        actor=prep, case=case, plan="Re-screen on every list update; annual media scan."
    )
    actions.case_prepare(actor=prep, case=case)
    if not _reached(stop, "sign_off"):
        return
    actions.case_sign_off(actor=reviewer, case=case, note="Second review agrees.")
    _backdate(case, application, today)
    application.refresh_from_db()
    if application.status == A.READY_FOR_BOARD:
        actions.board_pack_generate(actor=prep, case=case)


def _recommend(case: Case, prep: Any) -> None:
    assessment = case.assessment
    if not assessment.get("eligible", True):
        choice, mitigations = "do_not_engage", ""
        reasoning = "A confirmed exclusionary criterion makes the organisation ineligible."
    elif assessment.get("level") in {"substantial", "high"}:
        choice = (
            "engage_with_mitigation" if assessment["level"] == "substantial" else ("do_not_engage")
        )
        mitigations = (
            "Independent data-protection audit within 6 months; no use of the "
            "alliance's name in sales material."
        )
        reasoning = f"Risk {assessment['level']}: see the controversies and sectors."
    else:
        choice, mitigations = "engage", ""
        reasoning = f"Risk {assessment.get('level')}: nothing stands in the way."
    actions.case_recommend(
        actor=prep,
        case=case,
        recommendation=choice,
        reasoning=reasoning,
        mitigations=mitigations if choice != "engage" else "",
    )


def _backdate(case: Case, application: Application, today: date) -> None:
    """Demo only: back-date the sign-off so that, across the partners, some
    re-assessments are overdue, some come up within weeks and others are far off."""
    partnership = getattr(application, "partnership", None)
    if partnership is None:
        return
    case.refresh_from_db()
    months = case.assessment.get("reassessment_months") or 36
    offset = (-20, 25, 45, 200, 400)[case.pk % 5]  # days from today to the due date
    due = today + timedelta(days=offset)
    signed_on = max(add_months(due, -months), partnership.since - timedelta(days=14))
    Case.objects.filter(pk=case.pk).update(
        signed_off_at=timezone.make_aware(datetime.combine(signed_on, time(10))),
        prepared_at=timezone.make_aware(datetime.combine(signed_on, time(9))),
        next_reassessment_on=add_months(signed_on, months),
    )
