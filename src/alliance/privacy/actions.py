"""Privacy writes: publishing and accepting the notice, data-rights requests, exports,
erasure and retention. Each runs in one transaction that writes its audit event."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.accounts.roles import Role
from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.i18n import Text, lazy_format
from alliance.core.notifications import notify
from alliance.core.permissions import Perm, can
from alliance.privacy import erasure, notice, retention, selectors
from alliance.privacy.models import (
    AcceptanceContext,
    DataExport,
    DataRequest,
    Erasure,
    LegalHold,
    NoticeAcceptance,
    PrivacyNotice,
    RequestKind,
    RequestStatus,
    RetentionRun,
    RetentionSchedule,
)

ERR_NO_NOTICE = _("No privacy notice is published yet.")
ERR_STALE_NOTICE = _("The privacy notice changed while you read it; read the new version.")
ERR_NOT_SIGNED_IN = _("Sign in first.")
ERR_NOT_STAFF = _("Only the secretariat can do this.")
ERR_BAD_KIND = _("Choose the kind of request.")
ERR_ALREADY_DECIDED = _("This request has already been answered.")
ERR_BAD_OUTCOME = _("Choose granted, partly granted or refused.")
ERR_OUTCOME_REQUIRED = _("Write the outcome the person will read.")
ERR_OPEN_ERASURE = _("You already have an open erasure request.")
ERR_ALREADY_ERASED = _("This person's data has already been erased.")
ERR_EXPORT_RUNNING = _("A download is already being prepared.")
ERR_UNKNOWN_RULE = _("Unknown retention rule: {code}.")
ERR_BAD_PERIOD = _("A period is a whole number of days or years, zero or more.")


def _require_staff(actor: Any) -> None:
    if not can(actor, Perm.MANAGE_DATA_RIGHTS):
        raise NotAllowed(ERR_NOT_STAFF)


def _require_person(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed(ERR_NOT_SIGNED_IN)


def one_month_after(day: date) -> date:
    """The statutory deadline: the same day of the next month (or its last day)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Notice --------------------------------------------------------------------------


@transaction.atomic
def notice_publish(*, actor: Any) -> PrivacyNotice:
    """Publish the notice generated from the inventory, if it differs from the current one."""
    sections = notice.build_sections(selectors.schedule_rules())
    text = notice.render_text(sections)
    digest = notice.text_hash(text)
    current = selectors.current_notice()
    if current is not None and current.text_sha256 == digest:
        return current
    published = PrivacyNotice.objects.create(
        version=(current.version + 1) if current else 1,
        text=text,
        sections=sections,
        text_sha256=digest,
    )
    audit_record(
        actor=actor,
        verb="privacy.notice_published",
        target=published,
        after={"version": published.version, "text_sha256": digest},
    )
    return published


@transaction.atomic
def notice_accept(
    *,
    actor: Any,
    context: str = AcceptanceContext.PROMPT,
    version: int | None = None,
    application: Any = None,
) -> NoticeAcceptance:
    """Record that ``actor`` accepted the current notice (``version``: the one they read)."""
    _require_person(actor)
    current = selectors.current_notice()
    if current is None:
        raise ActionError(ERR_NO_NOTICE)
    if version is not None and version != current.version:
        raise ActionError(ERR_STALE_NOTICE, field="privacy_notice")
    accepted = NoticeAcceptance.objects.create(
        user=actor,
        notice=current,
        text_sha256=current.text_sha256,
        context=context,
        application=application,
    )
    audit_record(
        actor=actor,
        verb="privacy.notice_accepted",
        target=accepted,
        after={"version": current.version, "text_sha256": current.text_sha256, "context": context},
    )
    return accepted


# --- Requests ------------------------------------------------------------------------


def _secretariat() -> list[Any]:
    from alliance.accounts.models import User

    return list(User.objects.filter(role_grants__role=Role.SECRETARIAT, is_active=True).distinct())


def _tell(users: list[Any], *, kind: str, text: Text, url: str = "") -> None:
    notify(users, kind=kind, text=text, url=url)


@transaction.atomic
def data_request_open(
    *, actor: Any, kind: str, details: str = "", today: date | None = None
) -> DataRequest:
    _require_person(actor)
    if kind not in RequestKind.values:
        raise ActionError(ERR_BAD_KIND, field="kind")
    if kind == RequestKind.ERASURE and (
        Erasure.objects.filter(person=actor).exists()
        or DataRequest.objects.filter(
            requester=actor, kind=kind, status=RequestStatus.OPEN
        ).exists()
    ):
        raise ActionError(ERR_OPEN_ERASURE)
    today = today or timezone.localdate()
    request = DataRequest.objects.create(
        kind=kind,
        requester=actor,
        details=details.strip(),
        received_on=today,
        due_on=one_month_after(today),
    )
    audit_record(
        actor=actor,
        verb="privacy.request_opened",
        target=request,
        after={"kind": kind, "due_on": request.due_on.isoformat()},
    )
    _tell(
        _secretariat(),
        kind="privacy.request",
        text=lazy_format(
            _("New data-rights request #%(number)s (%(kind)s), due %(due)s."),
            number=str(request.pk),
            kind=request.get_kind_display,
            due=request.due_on,
        ),
        url=f"/privacy/requests/{request.pk}/",
    )
    return request


@transaction.atomic
def data_request_withdraw(*, actor: Any, request: DataRequest) -> DataRequest:
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.requester_id != getattr(actor, "pk", None):
        raise NotAllowed(ERR_NOT_SIGNED_IN)
    if request.status != RequestStatus.OPEN:
        raise ActionError(ERR_ALREADY_DECIDED)
    request.status = RequestStatus.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    audit_record(actor=actor, verb="privacy.request_withdrawn", target=request)
    return request


@transaction.atomic
def data_request_decide(
    *, actor: Any, request: DataRequest, status: str, outcome: str, today: date | None = None
) -> DataRequest:
    """The secretariat's answer. Granting an erasure erases (keeping what holds must);
    granting access or portability prepares the person's download."""
    _require_staff(actor)
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.OPEN:
        raise ActionError(ERR_ALREADY_DECIDED)
    if status not in (
        RequestStatus.GRANTED,
        RequestStatus.PARTLY_GRANTED,
        RequestStatus.REFUSED,
    ):
        raise ActionError(ERR_BAD_OUTCOME, field="status")
    if not outcome.strip():
        raise ActionError(ERR_OUTCOME_REQUIRED, field="outcome")
    today = today or timezone.localdate()
    person = request.requester
    request.status = status
    request.outcome = outcome.strip()
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "outcome", "decided_by", "decided_at"])
    granted = status != RequestStatus.REFUSED
    audit_record(
        actor=actor,
        verb="privacy.request_decided",
        target=request,
        after={"status": status, "kind": request.kind, "on_time": today <= request.due_on},
    )
    if granted and request.kind in (RequestKind.ACCESS, RequestKind.PORTABILITY):
        data_export_start(actor=person, request=request, by=actor)
    if not (granted and request.kind == RequestKind.ERASURE):
        _tell(
            [person],
            kind="privacy.answer",
            text=lazy_format(
                _("Your data-rights request #%(number)s was answered: %(status)s."),
                number=str(request.pk),
                status=request.get_status_display,
            ),
            url="/privacy/my-data/",
        )
    if granted and request.kind == RequestKind.ERASURE:
        person_erase(actor=actor, person=person, request=request, today=today)
    return request


def data_requests_remind(*, today: date) -> int:
    """Remind the secretariat of open requests due within a week (once per request)."""
    reminded = 0
    staff = _secretariat()
    for request in selectors.due_soon(today).filter(reminded_on__isnull=True):
        with transaction.atomic():
            DataRequest.objects.filter(pk=request.pk).update(reminded_on=today)
            audit_record(
                actor=None,
                verb="privacy.request_reminded",
                target=request,
                after={"due_on": request.due_on.isoformat()},
            )
            _tell(
                staff,
                kind="privacy.deadline",
                text=lazy_format(
                    _("Data-rights request #%(number)s is due %(due)s."),
                    number=str(request.pk),
                    due=request.due_on,
                ),
                url=f"/privacy/requests/{request.pk}/",
            )
        reminded += 1
    return reminded


# --- Export --------------------------------------------------------------------------


@transaction.atomic
def data_export_start(
    *, actor: Any, request: DataRequest | None = None, by: Any = None
) -> DataExport:
    """Queue the preparation of ``actor``'s own download (a background task)."""
    _require_person(actor)
    if DataExport.objects.filter(person=actor, status__in=["queued", "running"]).exists():
        raise ActionError(ERR_EXPORT_RUNNING)
    export = DataExport.objects.create(person=actor, request=request)
    audit_record(actor=by or actor, verb="privacy.export_started", target=export)
    from alliance.privacy.tasks import export_prepare

    transaction.on_commit(lambda: export_prepare.enqueue(export_id=export.pk))
    return export


# --- Erasure -------------------------------------------------------------------------


@transaction.atomic
def person_erase(
    *, actor: Any, person: Any, request: DataRequest | None = None, today: date | None = None
) -> Erasure:
    """Erase ``person``: record the legal holds, remove or pseudonymise the rest."""
    _require_staff(actor)
    if Erasure.objects.filter(person=person).exists():
        raise ActionError(ERR_ALREADY_ERASED)
    today = today or timezone.localdate()
    pseudonym = erasure.pseudonym_for(person)
    holds = erasure.holds_for(person, today, selectors.schedule_rules())
    LegalHold.objects.bulk_create(
        LegalHold(
            person=person,
            request=request,
            kind=h.kind,
            reason=h.reason,
            model_label=h.model_label,
            object_pk=h.object_pk,
            ends_on=h.ends_on,
        )
        for h in holds
    )
    held: dict[str, set[str]] = {}
    for h in holds:
        held.setdefault(h.model_label, set()).add(h.object_pk)
    report = erasure.erase(person, pseudonym=pseudonym, held=held)
    record = Erasure.objects.create(
        person=person, pseudonym=pseudonym, request=request, report=report
    )
    audit_record(
        actor=actor,
        verb="privacy.person_erased",
        target=person,
        after={"pseudonym": pseudonym, "holds": len(holds), "tables": len(report)},
    )
    return record


# --- Retention -----------------------------------------------------------------------


def _valid_rules(rules: dict[str, Any]) -> dict[str, dict[str, int]]:
    clean: dict[str, dict[str, int]] = {}
    for code, period in rules.items():
        if code not in retention.RULES:
            raise ActionError(ERR_UNKNOWN_RULE.format(code=code))
        if not isinstance(period, dict) or len(period) != 1:
            raise ActionError(ERR_BAD_PERIOD)
        ((unit, value),) = period.items()
        if unit not in ("days", "years") or not isinstance(value, int) or value < 0:
            raise ActionError(ERR_BAD_PERIOD)
        clean[code] = {unit: value}
    return clean


@transaction.atomic
def retention_seed_defaults() -> RetentionSchedule:
    """The first schedule: the documented defaults (idempotent; the system's own act)."""
    current = selectors.current_schedule()
    if current is not None:
        return current
    schedule = RetentionSchedule.objects.create(
        version=1, rules=retention.DEFAULTS, note="Defaults (docs/privacy.md)."
    )
    audit_record(
        actor=None, verb="privacy.retention_adopted", target=schedule, after=schedule.rules
    )
    return schedule


@transaction.atomic
def retention_schedule_adopt(*, actor: Any, rules: dict[str, Any], note: str) -> RetentionSchedule:
    """A new version of the schedule; the notice that quotes it is published again."""
    _require_staff(actor)
    current = selectors.current_schedule()
    merged = {**(current.rules if current else retention.DEFAULTS), **_valid_rules(rules)}
    schedule = RetentionSchedule.objects.create(
        version=(current.version + 1) if current else 1,
        rules=merged,
        note=note.strip(),
        adopted_by=actor,
    )
    audit_record(
        actor=actor,
        verb="privacy.retention_adopted",
        target=schedule,
        before=current.rules if current else {},
        after=merged,
        reason=note,
    )
    notice_publish(actor=actor)
    return schedule


@transaction.atomic
def retention_apply(*, actor: Any, today: date, dry_run: bool = True) -> RetentionRun:
    """Find what each rule removes today; remove it unless ``dry_run``. The report holds
    ids and counts only."""
    if actor is not None:
        _require_staff(actor)
    schedule = selectors.current_schedule() or retention_seed_defaults()
    rules = {**retention.DEFAULTS, **schedule.rules}
    report: dict[str, Any] = {}
    for code, period in rules.items():
        found = retention.candidates(code, period, today)
        if not found:
            continue
        if not dry_run:
            found["removed"] = retention.remove(code, found["ids"])
        report[code] = found
    run = RetentionRun.objects.create(
        schedule=schedule, run_on=today, dry_run=dry_run, report=report, ran_by=actor
    )
    audit_record(
        actor=actor,
        verb="privacy.retention_dry_run" if dry_run else "privacy.retention_applied",
        target=run,
        after={code: len(r["ids"]) for code, r in report.items()},
    )
    return run
