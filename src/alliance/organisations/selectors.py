"""Reads for organisations, applications and partnerships."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alliance.accounts.selectors import organisation_ids
from alliance.core.content_i18n import carried_forward
from alliance.organisations.choices import ApplicationStatus, PartnershipStatus
from alliance.organisations.models import Application, Partnership, PrincipleSet
from alliance.organisations.principles import PRINCIPLES, principle_entries, principle_set_hash


def current_principle_set() -> PrincipleSet:
    """The principle set in force: the newest stored one while it matches the shipped
    text, else the shipped text as the next version, not yet stored (a read never
    writes: ``organisations.actions.principle_set_store`` stores it when an applicant
    attests to it)."""
    latest = PrincipleSet.objects.order_by("-version").first()
    digest = principle_set_hash(PRINCIPLES)
    if latest is None or latest.text_sha256 != digest:
        # Translations of the texts that did not change carry over to the new version.
        return PrincipleSet(
            version=(latest.version + 1) if latest else 1,
            principles=PRINCIPLES,
            text_sha256=digest,
            translations=carried_forward(
                latest.translations,
                principle_entries(latest.principles),
                principle_entries(PRINCIPLES),
            )
            if latest
            else {},
        )
    return latest


def applications_for_user(user: Any) -> QuerySet[Application]:
    return (
        Application.objects.filter(organisation_id__in=organisation_ids(user))
        .select_related("organisation")
        .order_by("-created_at")
    )


# The intake queue's default filter: applications waiting for the secretariat (submitted,
# or in due diligence), as opposed to one status.
NEEDS_ACTION = "needs_action"
NEEDS_ACTION_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_DUE_DILIGENCE)


def intake_queue(
    *,
    status: str | None = None,
    org_type: str | None = None,
    country: str | None = None,
    search: str | None = None,
) -> QuerySet[Application]:
    """Submitted applications, newest submission first; ``status`` is one status or
    ``NEEDS_ACTION``."""
    qs = Application.objects.exclude(status=ApplicationStatus.DRAFT).select_related("organisation")
    if status == NEEDS_ACTION:
        qs = qs.filter(status__in=NEEDS_ACTION_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if org_type:
        qs = qs.filter(organisation__type=org_type)
    if country:
        qs = qs.filter(organisation__registration_country=country.upper())
    if search:
        qs = qs.filter(organisation__legal_name__icontains=search)
    return qs.order_by("-submitted_at", "-pk")


def active_partnerships() -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(status=PartnershipStatus.ACTIVE)
        .select_related("organisation", "application")
        .order_by("organisation__legal_name")
    )


def new_submissions(limit: int = 10) -> list[Application]:
    """Applications waiting for the secretariat, newest submission first."""
    return list(intake_queue(status=NEEDS_ACTION)[:limit])


def ready_for_board() -> QuerySet[Application]:
    """Applications whose due diligence is complete, oldest first: the Board takes them
    in the order they became ready."""
    return (
        Application.objects.filter(status=ApplicationStatus.READY_FOR_BOARD)
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )
