"""The funding app's additions to shared pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.permissions import File, Panel, Perm, can, opens_file, sees_panel
from alliance.funding import selectors
from alliance.funding.models import InKindContribution, Pledge, TierConfirmation
from alliance.organisations.models import Organisation


def organisation_panel(request: HttpRequest, organisation: Organisation) -> str | None:
    """Tier history, pledges and in-kind for the organisation page (staff and the
    organisation's own contacts)."""
    if not sees_panel(request.user, Panel.FUNDING, organisation):
        return None
    partnership = getattr(organisation, "partnership", None)
    today = timezone.localdate()
    pledges = [
        (pledge, selectors.pledge_allocation(pledge, today))
        for pledge in Pledge.objects.filter(organisation=organisation).prefetch_related(
            "instalments", "receipts"
        )
    ]
    return render_to_string(
        "funding/_organisation_panel.html",
        {
            "organisation": organisation,
            "partnership": partnership,
            "assignments": partnership.tier_assignments.select_related("schedule_version")
            if partnership
            else [],
            "confirmations": TierConfirmation.objects.filter(
                application__organisation=organisation
            ).select_related("application"),
            "pledges": pledges,
            "in_kind": InKindContribution.objects.filter(organisation=organisation),
            "can_manage": can(request.user, Perm.MANAGE_FUNDING),
            "opens_evidence": opens_file(request.user, File.IN_KIND_EVIDENCE, organisation),
        },
        request=request,
    )


def dashboard_panel(request: HttpRequest) -> str | None:
    if not (can(request.user, Perm.MANAGE_FUNDING) or can(request.user, Perm.VIEW_BOARD_PAPERS)):
        return None
    today = timezone.localdate()
    report = selectors.funding_report(today)
    year = report.by_year.get(today.year)
    return render_to_string(
        "funding/_dashboard_panel.html",
        {
            "year": today.year,
            "totals": year,
            "overdue": len(selectors.overdue_instalments(today)),
        },
        request=request,
    )


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    items = [("public", _("Funding"), reverse("funding:public"))]
    user = request.user
    if can(user, Perm.MANAGE_FUNDING):
        items.append(("secretariat", _("Funding dashboard"), reverse("funding:dashboard")))
    elif can(user, Perm.VIEW_BOARD_PAPERS):
        items.append(("board", _("Funding dashboard"), reverse("funding:dashboard")))
    return items
