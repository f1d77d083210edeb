"""What due diligence adds to shared pages: the organisation page, the dashboard, the nav."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alliance.accounts.selectors import organisation_ids
from alliance.core.permissions import Panel, Perm, can, sees_panel
from alliance.diligence.forms import AnswerForm
from alliance.diligence.models import Case, CaseStatus, InformationRequest
from alliance.diligence.selectors import monitoring_rows


def nav_items(request: HttpRequest) -> list[tuple[str, str]]:
    if can(request.user, Perm.REVIEW_DILIGENCE):
        return [("Due diligence", reverse("diligence:cases"))]
    return []


def organisation_panel(request: HttpRequest, organisation: Any) -> str | None:
    user = request.user
    if sees_panel(user, Panel.DILIGENCE_CASES, organisation):
        cases = Case.objects.filter(organisation=organisation).select_related("application")
        return render_to_string(
            "diligence/_organisation_panel_staff.html",
            {
                "cases": cases,
                "organisation": organisation,
                "applications_without_case": organisation.applications.exclude(
                    status="draft"
                ).exclude(diligence_cases__isnull=False),
            },
            request=request,
        )
    if sees_panel(user, Panel.INFORMATION_REQUESTS, organisation):
        requests = InformationRequest.objects.filter(case__organisation=organisation)
        if not requests:
            return None
        return render_to_string(
            "diligence/_requests_panel.html",
            {
                "requests": [(r, AnswerForm(prefix=f"r{r.pk}")) for r in requests],
            },
            request=request,
        )
    return None


def dashboard_panel(request: HttpRequest) -> str | None:
    user = request.user
    if can(user, Perm.REVIEW_DILIGENCE):
        today = timezone.localdate()
        rows = [(row, row.state(today)) for row in monitoring_rows()]
        awaiting = Case.objects.filter(status=CaseStatus.AWAITING_SIGN_OFF).select_related(
            "organisation", "prepared_by"
        )
        return render_to_string(
            "diligence/_dashboard_staff.html",
            {
                "open_count": Case.objects.filter(status=CaseStatus.OPEN).count(),
                "awaiting": [c for c in awaiting if c.prepared_by_id != user.pk],
                "awaiting_count": len(awaiting),
                "overdue": [r for r, s in rows if s in {"overdue", "due today"}],
                "upcoming": [r for r, s in rows if s == "upcoming"],
                "unanswered": InformationRequest.objects.filter(answered_at__isnull=True).count(),
            },
            request=request,
        )
    orgs = organisation_ids(user)
    if orgs:
        pending = InformationRequest.objects.filter(
            case__organisation_id__in=orgs, answered_at__isnull=True
        ).select_related("case__organisation")
        if pending:
            return render_to_string(
                "diligence/_dashboard_contact.html", {"pending": pending}, request=request
            )
    return None
