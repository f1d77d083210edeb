"""Public pages: home and the register of partners."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alliance.organisations.choices import OrganisationType
from alliance.organisations.models import Partnership
from alliance.organisations.selectors import active_partnerships


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    partners = active_partnerships()
    by_type = (
        partners.values("organisation__type").annotate(n=Count("id")).order_by("-n")
    )
    labels = dict(OrganisationType.choices)
    return render(request, "web/home.html", {
        "partner_count": partners.count(),
        "country_count": partners.values("organisation__registration_country").distinct().count(),
        "by_type": [(labels.get(row["organisation__type"], "Other"), row["n"]) for row in by_type],
        "newest": partners.order_by("-since", "organisation__legal_name")[:5],
    })


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    partners = active_partnerships()
    org_type = request.GET.get("type", "")
    country = request.GET.get("country", "").strip().upper()
    query = request.GET.get("q", "").strip()
    if org_type in OrganisationType.values:
        partners = partners.filter(organisation__type=org_type)
    if country:
        partners = partners.filter(organisation__registration_country=country)
    if query:
        partners = partners.filter(organisation__legal_name__icontains=query)
    countries = (
        Partnership.objects.filter(status="active")
        .values_list("organisation__registration_country", flat=True)
        .distinct().order_by("organisation__registration_country")
    )
    template = "web/_register_rows.html" if request.htmx else "web/register.html"
    return render(request, template, {
        "partners": partners,
        "types": OrganisationType.choices,
        "countries": countries,
        "filters": {"type": org_type, "country": country, "q": query},
    })
