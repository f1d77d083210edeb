"""Public pages: home and the register of partners."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alliance.core.http import is_htmx
from alliance.organisations.choices import OrganisationType
from alliance.organisations.models import Partnership
from alliance.organisations.selectors import active_partnerships


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    partners = active_partnerships()
    by_type = partners.values("organisation__type").annotate(n=Count("id")).order_by("-n")
    labels = dict(OrganisationType.choices)
    return render(
        request,
        "web/home.html",
        {
            "partner_count": partners.count(),
            "country_count": partners.values("organisation__registration_country")
            .distinct()
            .count(),
            "by_type": [
                (labels.get(row["organisation__type"], "Other"), row["n"]) for row in by_type
            ],
            "newest": partners.order_by("-since", "organisation__legal_name")[:5],
        },
    )


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    """The public register: partners, then every other kind of public fact from the log."""
    from alliance.transparency import selectors as log
    from alliance.transparency.services import current_checkpoint
    from alliance.web.views import opendata

    partners = active_partnerships()
    org_type = request.GET.get("type", "")
    country = request.GET.get("country", "").strip().upper()
    query = request.GET.get("q", "").strip()
    founding = request.GET.get("founding", "")
    if org_type in OrganisationType.values:
        partners = partners.filter(organisation__type=org_type)
    if country:
        partners = partners.filter(organisation__registration_country=country)
    if query:
        partners = partners.filter(organisation__legal_name__icontains=query)
    if founding == "yes":
        partners = partners.filter(organisation__is_founding_partner=True)
    listed = list(partners)
    log_index = opendata.partner_log_indexes(listed)
    rows = [(p, log_index.get(opendata.subject_of(p))) for p in listed]
    filters = {"type": org_type, "country": country, "q": query, "founding": founding}
    if is_htmx(request):
        return render(request, "web/_register_rows.html", {"rows": rows, "filters": filters})
    countries = (
        Partnership.objects.filter(status="active")
        .values_list("organisation__registration_country", flat=True)
        .distinct()
        .order_by("organisation__registration_country")
    )
    sections = log.entries_by_section()
    funding = next((row for row in sections["funding"] if row.kind == "funding.totals"), None)
    return render(
        request,
        "web/register.html",
        {
            "rows": rows,
            "types": OrganisationType.choices,
            "countries": countries,
            "filters": filters,
            "sections": [
                (key, log.SECTION_TITLES[key], sections[key])
                for key in ("decisions", "rules", "groups", "funding", "partners")
            ],
            "funding": funding,
            "checkpoint": current_checkpoint(),
        },
    )
