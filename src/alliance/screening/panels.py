"""Screening on shared pages: hits on the organisation page, a dashboard count, a nav link.

Only the secretariat and due-diligence reviewers see screening; partners never do.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from alliance.core.permissions import Panel, Perm, can, sees_panel
from alliance.organisations.models import Organisation
from alliance.screening.models import ScreeningResult, Verdict
from alliance.screening.selectors import results_for_organisation, unresolved_total


def can_see_screening(user: Any) -> bool:
    return can(user, Perm.REVIEW_DILIGENCE) or can(user, Perm.MANAGE_SCREENING)


def _summary(organisation: Organisation, results: list[ScreeningResult]) -> dict[str, Any]:
    return {
        "results": results,
        "unresolved": sum(1 for r in results if r.decision is None),
        "screened_at": max((s.screened_at for s in organisation.screening_subjects.all()
                            if s.screened_at), default=None),
    }  # fmt: skip


def organisation_panel(request: HttpRequest, organisation: Organisation) -> str | None:
    if not sees_panel(request.user, Panel.SCREENING, organisation):
        return None
    results = results_for_organisation(organisation)
    return render_to_string("screening/_panel.html", {
        "organisation": organisation, "verdicts": Verdict.choices,
        **_summary(organisation, results),
    }, request=request)  # fmt: skip


def render_result(request: HttpRequest, result_pk: int, *, error: str = "") -> str:
    """One hit's row, as the organisation panel shows it (the htmx swap target)."""
    result = ScreeningResult.objects.filter(pk=result_pk).select_related("subject").first()
    if result is None:
        return ""
    organisation = result.subject.organisation
    results = results_for_organisation(organisation)
    found = [r for r in results if r.pk == result.pk]
    row = render_to_string("screening/_result.html", {
        "r": found[0] if found else result, "verdicts": Verdict.choices, "error": error,
    }, request=request)  # fmt: skip
    # The panel's count of hits awaiting a decision, out of band: it said "1 awaiting a
    # decision" above a hit just decided until the page was reloaded (walk 4).
    summary = render_to_string(
        "screening/_panel_summary.html", {**_summary(organisation, results), "oob": True}
    )
    return row + summary


def dashboard_panel(request: HttpRequest) -> str | None:
    if not can_see_screening(request.user):
        return None
    return render_to_string("screening/_dashboard.html", {
        "unresolved": unresolved_total(),
        "home": reverse("screening:home") if can(request.user, Perm.MANAGE_SCREENING) else "",
    }, request=request)  # fmt: skip


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    if can(request.user, Perm.MANAGE_SCREENING):
        return [("secretariat", _("Screening"), reverse("screening:home"))]
    return []
