"""What due diligence adds to shared pages: the organisation page, the dashboard, the nav."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from alliance.core.permissions import Panel, Perm, can, sees_panel
from alliance.diligence.forms import AnswerForm
from alliance.diligence.models import Case, InformationRequest


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    if can(request.user, Perm.MANAGE_INTAKE):
        return [("secretariat", _("Due diligence"), reverse("diligence:cases"))]
    if can(request.user, Perm.REVIEW_DILIGENCE):
        return [("reviewer", _("Due diligence"), reverse("diligence:cases"))]
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
