"""The public register as open data: /register.json and /register.csv.

Organisations are identified by ``Organisation.public_id`` (a UUID that never
changes and is never reused); each row links to its newest log entry.
"""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from alliance.core.spreadsheet import csv_dict_text
from alliance.organisations.models import Partnership
from alliance.organisations.selectors import active_partnerships
from alliance.transparency import keys, selectors
from alliance.transparency.services import current_checkpoint
from alliance.transparency.views import _cached

CSV_COLUMNS = (
    "organisation_id",
    "name",
    "type",
    "country",
    "tier",
    "founding_partner",
    "since",
    "commercial_stance",
    "log_index",
    "log_entry_url",
)


def subject_of(partnership: Partnership) -> str:
    return f"organisation:{partnership.organisation.public_id}"


def partner_log_indexes(partners: QuerySet[Partnership] | list[Partnership]) -> dict[str, int]:
    """Newest ``partner.*`` log entry per partner, in one query."""
    return selectors.latest_index_by_subject(
        [subject_of(p) for p in partners], kind_prefix="partner."
    )


def partner_rows(request: HttpRequest) -> list[dict[str, Any]]:
    partners = list(active_partnerships())
    indexes = partner_log_indexes(partners)
    rows = []
    for p in partners:
        org = p.organisation
        index = indexes.get(subject_of(p))
        rows.append(
            {
                "organisation_id": str(org.public_id),
                "name": org.legal_name,
                "type": org.type,
                "country": org.registration_country,
                "tier": p.tier,
                "founding_partner": org.is_founding_partner,
                "since": p.since.isoformat(),
                "commercial_stance": p.application.commercial_stance_summary,
                "log_index": index,
                "log_entry_url": request.build_absolute_uri(
                    reverse("transparency:entry", args=[index])
                )
                if index is not None
                else "",
            }
        )
    return rows


@require_safe
def register_json(request: HttpRequest) -> HttpResponseBase:
    latest = current_checkpoint()
    document = {
        "log": {
            "origin": keys.log_origin(),
            "tree_size": latest.size,
            "root_hash": base64.b64encode(bytes(latest.root_hash)).decode(),
            "checkpoint_url": request.build_absolute_uri(reverse("transparency:checkpoint")),
            "verifier_key": latest.verifier_key,
        },
        "partners": partner_rows(request),
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _cached(request, response, max_age=60)


@require_safe
def register_csv(request: HttpRequest) -> HttpResponseBase:
    # Cells go through the one spreadsheet helper: no applicant text runs as a formula.
    rows = (
        {**row, "founding_partner": "yes" if row["founding_partner"] else "no"}
        for row in partner_rows(request)
    )
    body = csv_dict_text(CSV_COLUMNS, rows)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="register.csv"'
    return _cached(request, response, max_age=60)
