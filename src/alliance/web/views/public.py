"""Public pages: the home page (the register is in ``register.py``)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from alliance.organisations.choices import OrganisationType
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
                (labels.get(row["organisation__type"], _("Other")), row["n"]) for row in by_type
            ],
            "newest": partners.order_by("-since", "organisation__legal_name")[:5],
        },
    )
