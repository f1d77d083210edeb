"""Writes for due-diligence cases and policies.

Each action takes the acting user, runs in one transaction and writes its audit event.
Refusals raise :class:`~alliance.core.errors.ActionError` with one of the message
constants below and change nothing. A signed case is frozen: every write refuses it
(``ERR_CASE_SIGNED``); ``case_revise`` opens a new revision instead.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.content_i18n import require_translator, translation_store
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.core.uploads import check_evidence
from alliance.diligence import notify
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
    Policy,
    PolicyVersion,
    Recommendation,
    RiskLogEntry,
    Step,
    StepNote,
)
from alliance.diligence.policies import (
    default_policy_version,
    engine_policy,
    latest_version,
    policy_entries,
)
from alliance.diligence.reasoning import PREPARATION_WITHDRAWN
from alliance.diligence.selectors import (
    RELATIONSHIP_FOR_CONTRIBUTION,
    assessment_data,
    case_progress,
    compute_assessment,
    monitoring_rows,
    next_reassessment_date,
    open_case_for,
    screening_results,
)
from alliance.engines.risk import (
    ESG_EVIDENCE_CODES,
    ControversyStatus,
    PolicyDataError,
    RiskError,
    RiskLevel,
    Severity,
    apply_override,
    policy_from_data,
)
from alliance.organisations.actions import application_follow_case

ERR_NOT_REVIEWER = _("Only the secretariat or a due-diligence reviewer can work on a case.")
ERR_NOT_SIGNER = _("Only a due-diligence reviewer or the secretariat can sign off a case.")
ERR_NOT_OVERRIDER = _("Only a due-diligence reviewer can override the computed risk level.")
ERR_CASE_SIGNED = _("This case is signed off and frozen; open a new revision to change it.")
ERR_NOT_SIGNED = _("Only a signed-off case can be revised or turned into a Board pack.")
ERR_FOUR_EYES = _("The person who prepared a case cannot sign it off: a second person must.")
ERR_NOT_PREPARED = _("The case must be prepared for sign-off first.")
ERR_INCOMPLETE = _("Complete every step before preparing the case for sign-off: {steps}.")
ERR_EVIDENCE_REQUIRED = _("Record the evidence.")
ERR_TEXT_REQUIRED = _("Write what was checked.")
ERR_UNKNOWN_CRITERION = _("This criterion is not part of the case's policy.")
ERR_UNKNOWN_SECTOR = _("This sector is not a high-risk sector of the case's policy.")
ERR_UNKNOWN_PRINCIPLE = _("Not one of the ten UN Global Compact principles or the UNGPs.")
ERR_SOURCE_REQUIRED = _("A controversy needs its source (a link) and a title.")
ERR_OVERRIDE_REASON = _("An override of the risk level needs a written reason.")
ERR_OVERRIDE_INELIGIBLE = _(
    "An ineligible organisation has no level to override: the exclusion stands."
)
ERR_RECOMMENDATION_REQUIRED = _("Choose a recommendation and give its reasoning.")
ERR_MITIGATION_REQUIRED = _("Engaging with mitigation needs the mitigations.")
ERR_REASON_REQUIRED = _("Give a reason.")
ERR_QUESTION_REQUIRED = _("Write the question.")
ERR_ANSWER_REQUIRED = _("Write your answer.")
ERR_NOT_YOURS = _("Only the organisation's own contacts can answer its requests.")
ERR_ALREADY_ANSWERED = _("This request has already been answered.")
ERR_STAFF_ONLY = _("Only the secretariat can manage policies.")
ERR_POLICY_DATA = _("The policy data is not valid: {error}")
ERR_POLICY_EXISTS = _("A policy with this code already exists.")
ERR_NOT_PARTNER = _("Only an active partner can be re-assessed.")


# --- helpers ----------------------------------------------------------------------


def _require_reviewer(actor: Any) -> None:
    if not can(actor, Perm.REVIEW_DILIGENCE):
        raise NotAllowed(ERR_NOT_REVIEWER)


def _lock(case: Case) -> Case:
    return (
        Case.objects.select_for_update()
        .select_related("organisation", "application", "policy_version__policy")
        .get(pk=case.pk)
    )


def _editable(actor: Any, case: Case) -> Case:
    """Lock the case for a change: refused once it is signed off."""
    _require_reviewer(actor)
    case = _lock(case)
    if case.status == CaseStatus.SIGNED_OFF:
        raise ActionError(ERR_CASE_SIGNED)
    return case


def _assessment_change(actor: Any, case: Case) -> Case:
    """Lock the case for a change to what the assessment rests on. After preparation such
    a change withdraws the preparation: the signer must sign what was prepared, so the
    preparer declares the changed case complete again."""
    case = _editable(actor, case)
    if case.status == CaseStatus.AWAITING_SIGN_OFF:
        case.status = CaseStatus.OPEN
        case.prepared_by, case.prepared_at = None, None
        case.save(update_fields=["status", "prepared_by", "prepared_at"])
        _audit(
            actor,
            "diligence.preparation_withdrawn",
            case,
            before={"status": CaseStatus.AWAITING_SIGN_OFF},
            after={"status": CaseStatus.OPEN},
            reason=PREPARATION_WITHDRAWN,
        )
    return case


def _refresh(case: Case) -> Case:
    """Recompute the engine's assessment after any change to an indicator."""
    results = screening_results(case.organisation)
    case.assessment = assessment_data(compute_assessment(case, results), results)
    case.save()
    return case


def _application_follows(actor: Any, case: Case, reason: str = "") -> None:
    """The application's status follows its admission case, in the case action's
    transaction (organisations.actions.application_follow_case)."""
    if case.kind == CaseKind.ADMISSION:
        application_follow_case(
            actor=actor, application=case.application, case_signed=case.is_signed, reason=reason
        )


def _audit(actor: Any, verb: str, case: Case, **kw: Any) -> None:
    audit_record(actor=actor, verb=verb, target=case, organisation=case.organisation, **kw)


# --- opening cases ----------------------------------------------------------------


def _open_case(
    *, actor: Any, application: Any, kind: str = CaseKind.ADMISSION, reason: str = ""
) -> Case:
    """Open a case unless one is already open for the organisation (then return it)."""
    existing = open_case_for(application.organisation)
    if existing is not None:
        _application_follows(actor, existing)
        return existing
    case = Case.objects.create(
        application=application,
        organisation=application.organisation,
        kind=kind,
        reason=reason,
        policy_version=default_policy_version(),
        relationship=RELATIONSHIP_FOR_CONTRIBUTION.get(application.contribution_kind, "membership"),
    )
    if kind == CaseKind.REASSESSMENT:
        _carry_over(case)
    _refresh(case)
    _audit(
        actor,
        "diligence.case_opened",
        case,
        after={"kind": kind, "policy": str(case.policy_version)},
        reason=reason,
    )
    _application_follows(actor, case)
    return case


def case_open_on_submission(*, actor: Any, application: Any) -> Case:
    """Open the admission case of an application just submitted, inside the submit
    transaction (governance.flows.application_submit): the application is then in due
    diligence."""
    return _open_case(actor=actor, application=application, reason="Application submitted.")


@transaction.atomic
def case_open(*, actor: Any, application: Any, reason: str = "") -> Case:
    """Open a case by hand (for an application submitted before diligence existed)."""
    _require_reviewer(actor)
    return _open_case(actor=actor, application=application, reason=reason)


# --- the method's steps -------------------------------------------------------------


@transaction.atomic
def case_note_add(*, actor: Any, case: Case, step: str, text: str, evidence: str = "") -> StepNote:
    """Record what was checked for a step (background, screening, controversies, ESG...)."""
    case = _editable(actor, case)
    if not text.strip():
        raise ActionError(ERR_TEXT_REQUIRED, field="text")
    note = StepNote.objects.create(
        case=case, step=Step(step), text=text.strip(), evidence=evidence.strip(), author=actor
    )
    _refresh(case)  # screening decisions may have changed since the last record
    _audit(actor, "diligence.note_added", case, after={"step": step})
    return note


@transaction.atomic
def case_sectors_set(*, actor: Any, case: Case, sectors: list[str], evidence: str) -> Case:
    """Which of the policy's high-risk sectors the organisation works in."""
    case = _assessment_change(actor, case)
    names = {s.code: s.name for s in engine_policy(case.policy_version).high_risk_sectors}
    known = set(names)
    if set(sectors) - known:
        raise ActionError(ERR_UNKNOWN_SECTOR, field="sectors")
    if sectors and not evidence.strip():
        raise ActionError(ERR_EVIDENCE_REQUIRED, field="evidence")
    before = list(case.high_risk_sectors)
    case.high_risk_sectors = sorted(set(sectors))
    _refresh(case)
    if evidence.strip():
        StepNote.objects.create(
            case=case,
            step=Step.BACKGROUND,
            author=actor,
            evidence=evidence.strip(),
            text="High-risk sectors: "
            f"{', '.join(names[code] for code in case.high_risk_sectors) or 'none'}.",
        )
    _audit(
        actor,
        "diligence.sectors_set",
        case,
        before={"sectors": before},
        after={"sectors": case.high_risk_sectors},
    )
    return case


@transaction.atomic
def criterion_finding_record(
    *, actor: Any, case: Case, criterion_code: str, finding: str, evidence: str
) -> CriterionFinding:
    case = _assessment_change(actor, case)
    if criterion_code not in {c.code for c in engine_policy(case.policy_version).criteria}:
        raise ActionError(ERR_UNKNOWN_CRITERION, field="criterion_code")
    if not evidence.strip():
        raise ActionError(ERR_EVIDENCE_REQUIRED, field="evidence")
    previous = case.criterion_findings.filter(criterion_code=criterion_code).first()
    record, _ = CriterionFinding.objects.update_or_create(
        case=case,
        criterion_code=criterion_code,
        defaults={"finding": Finding(finding), "evidence": evidence.strip(), "author": actor},
    )
    _refresh(case)
    _audit(
        actor,
        "diligence.criterion_finding",
        case,
        before={criterion_code: previous.finding} if previous else {},
        after={criterion_code: finding},
    )
    return record


@transaction.atomic
def controversy_add(
    *,
    actor: Any,
    case: Case,
    title: str,
    source_url: str,
    severity: str,
    status: str,
    source_title: str = "",
    summary: str = "",
) -> ControversyRecord:
    case = _assessment_change(actor, case)
    if not (title.strip() and source_url.strip()):
        raise ActionError(ERR_SOURCE_REQUIRED, field="source_url")
    record = ControversyRecord.objects.create(
        case=case,
        title=title.strip(),
        source_url=source_url.strip(),
        source_title=source_title.strip(),
        severity=Severity(severity),
        status=ControversyStatus(status),
        summary=summary.strip(),
        author=actor,
    )
    _refresh(case)
    _audit(
        actor,
        "diligence.controversy_added",
        case,
        after={"title": record.title, "severity": severity, "status": status},
    )
    return record


@transaction.atomic
def controversy_set_status(
    *, actor: Any, controversy: ControversyRecord, status: str, evidence: str
) -> ControversyRecord:
    case = _assessment_change(actor, controversy.case)
    if not evidence.strip():
        raise ActionError(ERR_EVIDENCE_REQUIRED, field="evidence")
    record = ControversyRecord.objects.get(pk=controversy.pk, case=case)
    before = record.status
    record.status = ControversyStatus(status)
    record.summary = f"{record.summary}\n[{before} → {status}] {evidence.strip()}".strip()
    record.save(update_fields=["status", "summary"])
    _refresh(case)
    _audit(
        actor,
        "diligence.controversy_status",
        case,
        before={"status": before},
        after={"status": status, "title": record.title},
    )
    return record


@transaction.atomic
def esg_evidence_record(*, actor: Any, case: Case, principle: str, evidence: str) -> Case:
    """Evidence for one principle; empty evidence removes the principle's record."""
    case = _assessment_change(actor, case)
    if principle not in ESG_EVIDENCE_CODES:
        raise ActionError(ERR_UNKNOWN_PRINCIPLE, field="principle")
    if evidence.strip():
        EsgEvidence.objects.update_or_create(
            case=case,
            principle=principle,
            defaults={"evidence": evidence.strip(), "author": actor},
        )
    else:
        EsgEvidence.objects.filter(case=case, principle=principle).delete()
    _refresh(case)
    _audit(
        actor,
        "diligence.esg_evidence",
        case,
        after={"principle": principle, "evidenced": bool(evidence.strip())},
    )
    return case


@transaction.atomic
def case_override_level(*, actor: Any, case: Case, level: str, reason: str) -> Case:
    """A reviewer's override of the computed level; the written reason goes in the audit
    trail and on the case, and both levels are kept."""
    if not can(actor, Perm.OVERRIDE_RISK_LEVEL):
        raise NotAllowed(ERR_NOT_OVERRIDER)
    case = _editable(actor, case)
    results = screening_results(case.organisation)
    case.override_level = ""
    try:
        apply_override(compute_assessment(case, results), RiskLevel(level), reason)
    except RiskError as error:
        message = (
            ERR_OVERRIDE_INELIGIBLE
            if error.code == "override_ineligible"
            else (ERR_OVERRIDE_REASON)
        )
        raise ActionError(message, field="reason") from error
    before = case.level
    case.override_level, case.override_reason, case.override_by = level, reason.strip(), actor
    _refresh(case)
    _audit(
        actor,
        "diligence.level_overridden",
        case,
        before={"level": before},
        after={"level": level},
        reason=reason.strip(),
    )
    return case


@transaction.atomic
def case_override_clear(*, actor: Any, case: Case, reason: str) -> Case:
    if not can(actor, Perm.OVERRIDE_RISK_LEVEL):
        raise NotAllowed(ERR_NOT_OVERRIDER)
    case = _editable(actor, case)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    before = case.override_level
    case.override_level, case.override_reason, case.override_by = "", "", None
    _refresh(case)
    _audit(
        actor,
        "diligence.override_cleared",
        case,
        before={"override": before},
        reason=reason.strip(),
    )
    return case


@transaction.atomic
def case_recommend(
    *, actor: Any, case: Case, recommendation: str, reasoning: str, mitigations: str = ""
) -> Case:
    case = _assessment_change(actor, case)
    if recommendation not in Recommendation.values or not reasoning.strip():
        raise ActionError(ERR_RECOMMENDATION_REQUIRED, field="recommendation")
    if recommendation == Recommendation.ENGAGE_WITH_MITIGATION and not mitigations.strip():
        raise ActionError(ERR_MITIGATION_REQUIRED, field="mitigations")
    case.recommendation = recommendation
    case.recommendation_reasoning = reasoning.strip()
    case.mitigations = mitigations.strip()
    case.recommendation_by = actor
    case.save()
    _audit(actor, "diligence.recommended", case, after={"recommendation": recommendation})
    return case


@transaction.atomic
def risk_log_add(
    *, actor: Any, case: Case, risk: str, mitigation: str, owner: str = ""
) -> RiskLogEntry:
    case = _assessment_change(actor, case)
    if not (risk.strip() and mitigation.strip()):
        raise ActionError(ERR_TEXT_REQUIRED, field="risk")
    entry = RiskLogEntry.objects.create(
        case=case,
        risk=risk.strip(),
        mitigation=mitigation.strip(),
        owner=owner.strip(),
        author=actor,
    )
    _audit(actor, "diligence.risk_logged", case, after={"risk": entry.risk})
    return entry


@transaction.atomic
def case_monitoring_plan_set(*, actor: Any, case: Case, plan: str) -> Case:
    case = _assessment_change(actor, case)
    if not plan.strip():
        raise ActionError(ERR_TEXT_REQUIRED, field="plan")
    case.monitoring_plan = plan.strip()
    case.save()
    StepNote.objects.create(case=case, step=Step.MONITORING, text=plan.strip(), author=actor)
    _audit(actor, "diligence.monitoring_plan", case)
    return case


# --- preparation, four-eyes sign-off, revisions ----------------------------------------


@transaction.atomic
def case_prepare(*, actor: Any, case: Case) -> Case:
    """The preparer declares the case complete; someone else must sign it off."""
    case = _editable(actor, case)
    _refresh(case)
    missing = [s.label for s in case_progress(case) if not s.done and s.code != Step.SIGN_OFF]
    if missing:
        raise ActionError(ERR_INCOMPLETE.format(steps=", ".join(missing)))
    case.status = CaseStatus.AWAITING_SIGN_OFF
    case.prepared_by, case.prepared_at = actor, timezone.now()
    case.save()
    _audit(
        actor,
        "diligence.prepared",
        case,
        before={"status": CaseStatus.OPEN},
        after={"status": case.status, "level": case.level},
    )
    return case


@transaction.atomic
def case_sign_off(*, actor: Any, case: Case, note: str = "") -> Case:
    """Four-eyes sign-off: never by the preparer. Freezes the case and sets the next
    re-assessment date from the level in force."""
    if not can(actor, Perm.SIGN_OFF_DILIGENCE):
        raise NotAllowed(ERR_NOT_SIGNER)
    case = _editable(actor, case)
    if case.status != CaseStatus.AWAITING_SIGN_OFF:
        raise ActionError(ERR_NOT_PREPARED)
    if case.prepared_by_id == actor.pk:
        raise ActionError(ERR_FOUR_EYES)
    _refresh(case)  # the frozen record is the assessment at the moment of sign-off
    case.status = CaseStatus.SIGNED_OFF
    case.signed_off_by, case.signed_off_at = actor, timezone.now()
    case.sign_off_note = note.strip()
    case.next_reassessment_on = next_reassessment_date(
        timezone.localdate(), case.assessment.get("reassessment_months")
    )
    case.save()
    _audit(
        actor,
        "diligence.signed_off",
        case,
        before={"status": CaseStatus.AWAITING_SIGN_OFF},
        after={
            "status": case.status,
            "level": case.level,
            "recommendation": case.recommendation,
            "next_reassessment_on": str(case.next_reassessment_on or ""),
        },
        reason=note.strip(),
    )
    _application_follows(actor, case, note.strip())
    return case


@transaction.atomic
def case_reopen(*, actor: Any, case: Case, reason: str) -> Case:
    """Send a prepared case back for more work before sign-off (a signed case is never
    reopened: ``case_revise`` opens a new revision of it)."""
    case = _editable(actor, case)
    if case.status != CaseStatus.AWAITING_SIGN_OFF:
        raise ActionError(ERR_NOT_PREPARED)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    case.status = CaseStatus.OPEN
    case.prepared_by, case.prepared_at = None, None
    case.save()
    _audit(
        actor,
        "diligence.reopened",
        case,
        before={"status": CaseStatus.AWAITING_SIGN_OFF},
        after={"status": CaseStatus.OPEN},
        reason=reason.strip(),
    )
    _application_follows(actor, case, reason.strip())
    return case


_CHILDREN = (
    (StepNote, "notes", ("step", "text", "evidence", "author")),
    (CriterionFinding, "criterion_findings", ("criterion_code", "finding", "evidence", "author")),
    (
        ControversyRecord,
        "controversies",
        ("title", "source_url", "source_title", "severity", "status", "summary", "author"),
    ),
    (EsgEvidence, "esg_evidence", ("principle", "evidence", "author")),
    (RiskLogEntry, "risk_log", ("risk", "mitigation", "owner", "author")),
)


def _copy_rows(model: Any, rows: Any, case: Case, fields: tuple[str, ...]) -> None:
    model.objects.bulk_create(
        [model(case=case, **{f: getattr(r, f) for f in fields}) for r in rows]
    )


# A re-assessment starts from the last signed case's findings; the checks themselves
# (background, screening, research notes), the recommendation and sign-off are redone.
_CARRIED_TO_REASSESSMENT = ("criterion_findings", "controversies", "esg_evidence", "risk_log")


def _carry_over(case: Case) -> None:
    last = (
        Case.objects.filter(organisation=case.organisation, status=CaseStatus.SIGNED_OFF)
        .order_by("-signed_off_at")
        .first()
    )
    if last is None:
        return
    case.high_risk_sectors = list(last.high_risk_sectors)
    for model, related, fields in _CHILDREN:
        if related in _CARRIED_TO_REASSESSMENT:
            _copy_rows(model, getattr(last, related).all(), case, fields)


@transaction.atomic
def case_revise(*, actor: Any, case: Case, reason: str) -> Case:
    """Open a new revision of a signed case, carrying its records over. The signed case
    itself is never edited."""
    _require_reviewer(actor)
    case = _lock(case)
    if not case.is_signed:
        raise ActionError(ERR_NOT_SIGNED)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    if hasattr(case, "next_revision"):
        return case.next_revision
    revision = Case.objects.create(
        application=case.application,
        organisation=case.organisation,
        kind=case.kind,
        reason=reason.strip(),
        policy_version=case.policy_version,
        revision=case.revision + 1,
        previous=case,
        relationship=case.relationship,
        high_risk_sectors=list(case.high_risk_sectors),
        override_level=case.override_level,
        override_reason=case.override_reason,
        override_by=case.override_by,
        recommendation=case.recommendation,
        recommendation_reasoning=case.recommendation_reasoning,
        mitigations=case.mitigations,
        recommendation_by=case.recommendation_by,
        monitoring_plan=case.monitoring_plan,
    )
    for model, related, fields in _CHILDREN:
        _copy_rows(model, getattr(case, related).all(), revision, fields)
    _refresh(revision)
    _audit(
        actor,
        "diligence.revision_opened",
        revision,
        after={"revision": revision.revision, "previous": case.pk},
        reason=reason.strip(),
    )
    _application_follows(actor, revision, reason.strip())
    return revision


# --- the applicant's side -----------------------------------------------------------


@transaction.atomic
def info_request_send(*, actor: Any, case: Case, question: str) -> InformationRequest:
    """Ask the applicant for more information: by email and on their pages."""
    case = _editable(actor, case)
    if not question.strip():
        raise ActionError(ERR_QUESTION_REQUIRED, field="question")
    request = InformationRequest.objects.create(
        case=case, question=question.strip(), asked_by=actor
    )
    _audit(actor, "diligence.information_requested", case, after={"request": request.pk})
    transaction.on_commit(lambda: notify.request_sent(request.pk))
    return request


@transaction.atomic
def info_request_answer(
    *,
    actor: Any,
    request: InformationRequest,
    answer: str,
    attachment: UploadedFile | None = None,
) -> InformationRequest:
    """The applicant's answer, with an optional file (size- and type-checked as evidence
    is: ``core.uploads.check_evidence``); it attaches to the case (even a signed one keeps
    it as it was: answers go to the case the question was asked on). A request answered
    meanwhile (another tab, another person) is refused and nothing changes."""
    request = (
        InformationRequest.objects.select_for_update()
        .select_related("case__organisation", "case__application")
        .get(pk=request.pk)
    )
    if not can(actor, Perm.EDIT_OWN_APPLICATION, request.case.organisation):
        raise NotAllowed(ERR_NOT_YOURS)
    if request.answered_at is not None:
        raise ActionError(ERR_ALREADY_ANSWERED)
    if not answer.strip():
        raise ActionError(ERR_ANSWER_REQUIRED, field="answer")
    if attachment is not None:
        check_evidence(attachment, field="attachment")
    request.answer, request.answered_by = answer.strip(), actor
    request.answered_at = timezone.now()
    if attachment is not None:
        request.attachment_name = PurePath(attachment.name or "attachment").name[:255]
        request.attachment.save(request.attachment_name, attachment, save=False)
    request.save()
    after: dict[str, Any] = {"request": request.pk}
    if request.attachment_name:
        after["attachment"] = request.attachment_name
    _audit(actor, "diligence.information_answered", request.case, after=after)
    transaction.on_commit(lambda: notify.request_answered(request.pk))
    return request


# --- Board pack -------------------------------------------------------------------


@transaction.atomic
def board_pack_generate(*, actor: Any, case: Case, language: str | None = None) -> BoardPack:
    """Render the signed case as the Board's PDF and keep it with the case, in
    ``language`` (else the requester's own: their account's choice, else the page's)."""
    from alliance.core.i18n import reader_language
    from alliance.diligence.boardpack import render_pdf

    _require_reviewer(actor)
    case = _lock(case)
    if not case.is_signed:
        raise ActionError(ERR_NOT_SIGNED)
    language = language or reader_language(actor)
    pdf = render_pdf(case, language=language)
    digest = hashlib.sha256(pdf).hexdigest()
    pack = BoardPack.objects.filter(case=case).first() or BoardPack(case=case)
    if pack.pk and pack.pdf:
        pack.pdf.delete(save=False)
    pack.sha256, pack.generated_by = digest, actor
    pack.pdf.save(f"case-{case.pk}-r{case.revision}.pdf", ContentFile(pdf), save=False)
    pack.save()
    _audit(actor, "diligence.board_pack", case, after={"sha256": digest, "language": language})
    return pack


# --- policies -----------------------------------------------------------------------


def _valid_policy_data(data: dict[str, Any]) -> dict[str, Any]:
    try:
        policy_from_data(
            {**data, "code": data.get("code", "x"), "version": data.get("version", "1")}
        )
    except PolicyDataError as error:
        raise ActionError(ERR_POLICY_DATA.format(error=error), field="data") from error
    return data


@transaction.atomic
def policy_add(
    *, actor: Any, code: str, title: str, data: dict[str, Any], make_default: bool = False
) -> PolicyVersion:
    """Add another policy (the charter's "including but not limited to"), at version 1."""
    if not can(actor, Perm.MANAGE_INTAKE):
        raise NotAllowed(ERR_STAFF_ONLY)
    if Policy.objects.filter(code=code).exists():
        raise ActionError(ERR_POLICY_EXISTS, field="code")
    default_policy_version()  # the shipped default exists before any other
    data = _valid_policy_data({**data, "code": code, "title": title})
    policy = Policy.objects.create(code=code, title=title, created_by=actor)
    version = PolicyVersion.objects.create(policy=policy, number=1, data=data, created_by=actor)
    if make_default:
        Policy.objects.exclude(pk=policy.pk).update(is_default=False)
        Policy.objects.filter(pk=policy.pk).update(is_default=True)
    audit_record(
        actor=actor,
        verb="diligence.policy_added",
        target=version,
        after={"code": code, "default": make_default},
    )
    return version


@transaction.atomic
def policy_version_add(
    *, actor: Any, policy: Policy, data: dict[str, Any], note: str
) -> PolicyVersion:
    """A new version of a policy. Existing versions, and every case on them, stay."""
    if not can(actor, Perm.MANAGE_INTAKE):
        raise NotAllowed(ERR_STAFF_ONLY)
    if not note.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="note")
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    data = _valid_policy_data({**data, "code": policy.code, "title": policy.title})
    number = latest_version(policy).number + 1
    version = PolicyVersion.objects.create(
        policy=policy, number=number, data=data, note=note.strip(), created_by=actor
    )
    audit_record(
        actor=actor,
        verb="diligence.policy_versioned",
        target=version,
        after={"code": policy.code, "version": number},
        reason=note.strip(),
    )
    return version


# --- ongoing monitoring -------------------------------------------------------------


@transaction.atomic
def open_reassessments_for(organisations: Any, reason: str, *, actor: Any = None) -> list[Case]:
    """Open a re-assessment case for each active partner among ``organisations`` (for
    instance those a sanctions-list update touched). A partner that already has an open
    case gets the reason noted on it instead. Returns the cases opened."""
    from alliance.organisations.choices import PartnershipStatus
    from alliance.organisations.models import Partnership

    ids = {getattr(o, "pk", o) for o in organisations}
    opened = []
    partnerships = Partnership.objects.filter(
        organisation_id__in=ids, status=PartnershipStatus.ACTIVE
    ).select_related("organisation", "application")
    for partnership in partnerships:
        existing = open_case_for(partnership.organisation)
        if existing is not None:
            StepNote.objects.create(
                case=existing,
                step=Step.SCREENING,
                text=f"Re-check requested: {reason}",
                author=None,
            )
            continue
        opened.append(
            _open_case(
                actor=actor,
                application=partnership.application,
                kind=CaseKind.REASSESSMENT,
                reason=reason,
            )
        )
    return opened


@transaction.atomic
def partner_controversy_report(
    *,
    actor: Any,
    organisation: Any,
    title: str,
    source_url: str,
    severity: str,
    status: str,
    summary: str = "",
) -> Case:
    """A new controversy about an active partner opens (or joins) a re-assessment case."""
    _require_reviewer(actor)
    case = open_case_for(organisation)
    if case is None:
        cases = open_reassessments_for([organisation], f"New controversy: {title}", actor=actor)
        if not cases:
            raise ActionError(ERR_NOT_PARTNER)
        case = cases[0]
    controversy_add(
        actor=actor,
        case=case,
        title=title,
        source_url=source_url,
        severity=severity,
        status=status,
        summary=summary,
    )
    return case


@transaction.atomic
def diligence_daily(*, today: date, actor: Any = None) -> list[Case]:
    """Open a re-assessment case for every active partner whose date has come."""
    opened = []
    for row in monitoring_rows():
        if row.open_case is None and row.due_on <= today:
            level = f" at level {row.level}" if row.level else ""
            opened += open_reassessments_for(
                [row.organisation],
                f"Scheduled re-assessment{level}, due {row.due_on.isoformat()}.",
                actor=actor,
            )
    return opened


@transaction.atomic
def policy_translation_set(
    *, actor: Any, version: PolicyVersion, language: str, texts: dict[str, str]
) -> PolicyVersion:
    """Set the secretariat's translation of a policy version's criteria into
    ``language``. The version's data (English) stays as it was, so every case assessed
    under it is unchanged."""
    require_translator(actor)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    return translation_store(
        actor=actor,
        row=version,
        verb="policy.translation_set",
        language=language,
        texts=texts,
        entries=policy_entries(version),
    )
