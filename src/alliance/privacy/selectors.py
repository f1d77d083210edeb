"""Reads for privacy pages and actions. Selectors never write."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from alliance.privacy.models import (
    DataExport,
    DataRequest,
    LegalHold,
    NoticeAcceptance,
    PrivacyNotice,
    RequestStatus,
    RetentionRun,
    RetentionSchedule,
)
from alliance.privacy.retention import DEFAULTS

REMIND_DAYS_BEFORE = 7


def current_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.order_by("-version").first()


def current_schedule() -> RetentionSchedule | None:
    return RetentionSchedule.objects.order_by("-version").first()


def schedule_rules() -> dict[str, dict[str, int]]:
    schedule = current_schedule()
    return {**DEFAULTS, **(schedule.rules if schedule else {})}


def latest_acceptance(user: Any) -> NoticeAcceptance | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return NoticeAcceptance.objects.filter(user=user).select_related("notice").first()


def needs_acceptance(user: Any) -> bool:
    """True when a signed-in person has not accepted the current notice version."""
    notice = current_notice()
    if notice is None or not getattr(user, "is_authenticated", False):
        return False
    return not NoticeAcceptance.objects.filter(user=user, notice=notice).exists()


def requests_of(user: Any) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(requester=user).prefetch_related("holds")


def holds_of(user: Any) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(person=user)


def exports_of(user: Any) -> QuerySet[DataExport]:
    return DataExport.objects.filter(person=user)


def open_requests() -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(status=RequestStatus.OPEN).select_related("requester")


def closed_requests() -> QuerySet[DataRequest]:
    return (
        DataRequest.objects.exclude(status=RequestStatus.OPEN)
        .select_related("requester", "decided_by")
        .order_by("-decided_at")
    )


def due_soon(today: date) -> QuerySet[DataRequest]:
    """Open requests whose deadline is within the reminder window (or past)."""
    return open_requests().filter(due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE))


def latest_dry_run() -> RetentionRun | None:
    return RetentionRun.objects.filter(dry_run=True).first()


def recent_runs(limit: int = 10) -> QuerySet[RetentionRun]:
    return RetentionRun.objects.select_related("schedule")[:limit]


def organisations_left_without_contact(person: Any) -> list[Any]:
    """Organisations for which ``person`` is the only applicant / partner contact: after
    an erasure nobody would speak for them, which the secretariat should know first."""
    from alliance.accounts.models import RoleGrant
    from alliance.core.roles import Role
    from alliance.organisations.models import Organisation

    theirs = RoleGrant.objects.filter(
        user=person, role=Role.PARTNER_CONTACT, organisation__isnull=False
    ).values_list("organisation_id", flat=True)
    others = (
        RoleGrant.objects.filter(role=Role.PARTNER_CONTACT, organisation_id__in=theirs)
        .exclude(user=person)
        .filter(user__is_active=True)
        .values_list("organisation_id", flat=True)
    )
    return list(Organisation.objects.filter(pk__in=theirs).exclude(pk__in=others))
