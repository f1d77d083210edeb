"""Signed-in pages: the personal dashboard, the intake queue, organisation pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from alliance.core.errors import ActionError
from alliance.core.i18n import date_shown
from alliance.core.permissions import Panel, Perm, can, require, sees_panel
from alliance.core.selectors import organisation_history
from alliance.governance import flows
from alliance.organisations.choices import ApplicationStatus, OrganisationType
from alliance.organisations.forms import PeopleFormSet, ReasonForm, people_from_formset
from alliance.organisations.models import Organisation, Partnership
from alliance.organisations.selectors import NEEDS_ACTION, intake_queue
from alliance.web import fragments
from alliance.web.extensions import dashboard_panels, is_htmx, organisation_panels
from alliance.web.home import home_sections


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in person's home: a section per role they hold (web.home), then what
    the domain apps add (credentials held personally, funding, screening, privacy).

    The sections and each panel are kept between requests until the data changes
    (web.fragments): most of the page's queries and templates run only then."""

    def home() -> SafeString:
        sections = home_sections(request.user, timezone.localdate())
        return render_to_string("web/home/_sections.html", {"sections": sections}, request)

    def panel(app: str, produce: Callable[[], str | None]) -> str | None:
        return fragments.cached(request, f"dashboard-panel:{app}", produce)

    return render(
        request,
        "web/dashboard.html",
        {
            # render_to_string's SafeString, kept as it is.
            "home": fragments.cached(request, "dashboard-home", home),
            "panels": dashboard_panels(request, through=panel),
        },
    )


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_INTAKE)
    filters = {
        # Opens on what needs the secretariat; "All" (status=) and each status remain.
        "status": request.GET.get("status", NEEDS_ACTION),
        "org_type": request.GET.get("type", ""),
        "country": request.GET.get("country", ""),
        "search": request.GET.get("q", ""),
    }
    queue = intake_queue(**{k: v or None for k, v in filters.items()})
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    template = "staff/_intake_rows.html" if is_htmx(request) else "staff/intake.html"
    return render(
        request,
        template,
        {
            "page": page,
            "filters": filters,
            "statuses": [
                (NEEDS_ACTION, _("Needs action (submitted or in due diligence)")),
                *[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
            ],
            "types": OrganisationType.choices,
        },
    )


@login_required
def organisation_people(request: HttpRequest, pk: int) -> HttpResponse:
    """Officers and beneficial owners after submission: the organisation's contacts or
    the secretariat replace the list, with a reason; the change is screened again."""
    organisation = get_object_or_404(Organisation, pk=pk)
    allowed = can(request.user, Perm.EDIT_OWN_APPLICATION, organisation) or can(
        request.user, Perm.MANAGE_INTAKE
    )
    if not allowed:
        raise PermissionDenied(_("You can only update your own organisation's people."))
    initial = list(
        organisation.people.values(
            "name", "role", "position", "nationality", "birth_date", "ownership_percent"
        )
    )
    formset = PeopleFormSet(request.POST or None, initial=initial, prefix="people")
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and reason_form.is_valid():
        try:
            flows.organisation_people_update(
                actor=request.user,
                organisation=organisation,
                people=people_from_formset(formset),
                reason=reason_form.cleaned_data["reason"],
            )
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Officers and owners updated; they will be screened again.")
            )
            return redirect("web:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "staff/organisation_people.html",
        {"organisation": organisation, "formset": formset, "reason_form": reason_form},
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not can(request.user, Perm.VIEW_OWN_ORGANISATION, organisation):
        raise PermissionDenied(_("You can only see your own organisation."))
    return render(
        request,
        "staff/organisation.html",
        {
            "organisation": organisation,
            "applications": organisation.applications.all(),
            "partnership": getattr(organisation, "partnership", None),
            # Who sees which panel and which events: permissions.PANEL_VIEW, HISTORY_VIEW.
            "people": organisation.people.all()
            if sees_panel(request.user, Panel.PEOPLE, organisation)
            else None,
            "can_update_people": can(request.user, Perm.EDIT_OWN_APPLICATION, organisation)
            or can(request.user, Perm.MANAGE_INTAKE),
            "history": organisation_history(request.user, organisation),
            "can_manage": can(request.user, Perm.MANAGE_INTAKE),
            "can_decide": can(request.user, Perm.RECORD_BOARD_DECISION),
            "panels": organisation_panels(request, organisation),
        },
    )


@login_required
@require_POST
def partnership_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Renew for the next period; a changed tier re-issues the credential (the flow)."""
    require(request.user, Perm.MANAGE_FUNDING)
    partnership = get_object_or_404(Partnership, pk=pk)
    try:
        assignment = flows.partnership_tier_change(actor=request.user, partnership=partnership)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Renewed to {end} as {tier}.").format(
                end=date_shown(assignment.period_end), tier=assignment.tier_name
            ),
        )
    return redirect("web:organisation_detail", pk=partnership.organisation_id)
