"""Public funding API (mounted at /api/funding/): the same aggregates as /funding/."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from alliance.funding import selectors

router = Router()


@router.get("/totals", summary="Funding totals by year, tier and organisation type (US$)")
def totals(request: HttpRequest) -> dict[str, Any]:
    """Budget, cash pledged, cash received and in kind, as exact decimal strings."""
    return selectors.public_totals(selectors.funding_report(timezone.localdate()))


@router.get("/schedule", summary="The tier schedule in force, as stored")
def schedule(request: HttpRequest) -> dict[str, Any]:
    version = selectors.schedule_version_in_force(timezone.localdate())
    return {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "decision": version.decision_note,
        "publish_individual_amounts": version.publish_individual_amounts,
        "partnership_period_years": version.partnership_period_years,
        "schedule": version.schedule,
    }
