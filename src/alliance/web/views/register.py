"""The public register's sections, each on its own page with filters and paging, and
their open data (JSON and CSV) with a data dictionary. Everything shown is decoded from
the signed log (alliance.web.register)."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from alliance.core.spreadsheet import csv_dict_text
from alliance.funding import charts
from alliance.funding.selectors import schedule_version_in_force, tier_label
from alliance.transparency import keys
from alliance.transparency.services import current_checkpoint
from alliance.transparency.views import _cached
from alliance.web import register as reg

PAGE_SIZE = 25
PAGE_SIZES = (10, 25, 50, 100)
OPEN_DATA_MAX_AGE = 60

ERR_NO_PAGE = _("There is no page {page} of this list: it has {pages} page(s).")
ERR_PAGE_NOT_NUMBER = _("“{page}” is not a page number: pages are numbered from 1.")


class PageNotFound(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _page(request: HttpRequest, items: list[Any]) -> tuple[Page, int]:
    """The requested page of ``items``; ``PageNotFound`` (a clear 404) for a page that is
    not a positive whole number or lies past the last page. The page size is one of
    ``PAGE_SIZES`` (anything else gets the default)."""
    try:
        size = int(request.GET.get("size", PAGE_SIZE))
    except ValueError:
        size = PAGE_SIZE
    if size not in PAGE_SIZES:
        size = PAGE_SIZE
    paginator = Paginator(items, size, allow_empty_first_page=True)
    raw = request.GET.get("page", "1").strip() or "1"
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise PageNotFound(str(ERR_PAGE_NOT_NUMBER).format(page=raw[:20]))
    number = int(raw)
    if number < 1 or number > paginator.num_pages:
        raise PageNotFound(str(ERR_NO_PAGE).format(page=number, pages=paginator.num_pages))
    return paginator.page(number), size


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request,
        "web/register/no_page.html",
        {"message": message, "first": request.path},
        status=404,
    )


def _section(
    request: HttpRequest,
    template: str,
    items: list[reg.Item],
    filters: dict[str, str],
    **context: Any,
) -> HttpResponse:
    try:
        page, size = _page(request, items)
    except PageNotFound as exc:
        return _not_found(request, exc.message)
    return render(
        request,
        template,
        {
            "page": page,
            "items": page.object_list,
            "total": len(items),
            "filters": filters,
            "size": size,
            "sizes": PAGE_SIZES,
            "filtered": any(filters.values()),
            **context,
        },
    )


def _get(request: HttpRequest, name: str, allowed: list[tuple[str, Any]] | None = None) -> str:
    value = request.GET.get(name, "").strip()[:200]
    if allowed is not None and value not in {v for v, _label in allowed}:
        return ""
    return value


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


@require_safe
def register_home(request: HttpRequest) -> HttpResponse:
    """The register's front page: one short card per section, each linking to its page."""
    today = timezone.localdate()
    partners = reg.partners()
    active = reg.matching(partners, status="active")
    decisions = reg.decisions()
    rules = reg.rules()
    recommendations = reg.recommendations(today)
    totals = reg.funding()
    current_year = next((y for y in totals.by_year if y["year"] == str(today.year)), None)
    return render(
        request,
        "web/register/home.html",
        {
            "partner_count": len(active),
            "partner_total": len(partners),
            "newest_partners": sorted(
                (p for p in active if not p.problem), key=lambda p: p.get("since"), reverse=True
            )[:5],
            "decisions": decisions[:5],
            "decision_count": len(decisions),
            "rules": rules[:3],
            "rule_count": len(rules),
            "recommendations": recommendations[:3],
            "recommendation_count": len(recommendations),
            "unanswered": sum(1 for r in recommendations if r.data and not r.get("answered")),
            "funding": totals,
            "current_year": current_year,
            "checkpoint": current_checkpoint(),
            "datasets": reg.DATASETS.values(),
        },
    )


@require_safe
def partners(request: HttpRequest) -> HttpResponse:
    items = reg.partners()
    # Tier names are stored (and logged) in English; shown in the page's language.
    tier_version = schedule_version_in_force(timezone.localdate())
    tiers = [
        (value, tier_label(value, tier_version)) for value, _label in reg.choices_of(items, "tier")
    ]
    sectors = reg.choices_of(items, "type", "type_label")
    countries = reg.choices_of(items, "country", "country_name")
    statuses = reg.choices_of(items, "status", "status_label")
    filters = {
        "q": _get(request, "q"),
        "tier": _get(request, "tier", tiers),
        "sector": _get(request, "sector", sectors),
        "country": _get(request, "country", countries),
        "status": _get(request, "status", statuses),
        "founding": _get(request, "founding", YES_NO),
    }
    shown = reg.matching(
        reg.name_contains(items, filters["q"]),
        tier=filters["tier"],
        type=filters["sector"],
        country=filters["country"],
        status=filters["status"],
        founding_partner=filters["founding"],
    )
    return _section(
        request,
        "web/register/partners.html",
        shown,
        filters,
        tiers=tiers,
        tier_version=tier_version,
        sectors=sectors,
        countries=countries,
        statuses=statuses,
        yes_no=YES_NO,
    )


@require_safe
def decisions(request: HttpRequest) -> HttpResponse:
    items = reg.decisions()
    kinds = reg.choices_of(items, "kind", "kind_label")
    outcomes = reg.choices_of(items, "outcome", "outcome_label")
    years = sorted(reg.choices_of(items, "year"), reverse=True)
    filters = {
        "kind": _get(request, "kind", kinds),
        "outcome": _get(request, "outcome", outcomes),
        "year": _get(request, "year", years),
    }
    shown = reg.matching(
        items, kind=filters["kind"], outcome=filters["outcome"], year=filters["year"]
    )
    return _section(
        request,
        "web/register/decisions.html",
        shown,
        filters,
        kinds=kinds,
        outcomes=outcomes,
        years=years,
    )


@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    items = reg.rules()
    kinds = reg.choices_of(items, "kind", "kind_label")
    filters = {"kind": _get(request, "kind", kinds)}
    shown = reg.matching(items, kind=filters["kind"])
    return _section(request, "web/register/rules.html", shown, filters, kinds=kinds)


@require_safe
def recommendations(request: HttpRequest) -> HttpResponse:
    items = reg.recommendations(timezone.localdate())
    groups = reg.choices_of(items, "group")
    filters = {
        "group": _get(request, "group", groups),
        "answered": _get(request, "answered", YES_NO),
        "late": _get(request, "late", YES_NO),
    }
    shown = reg.matching(
        items, group=filters["group"], answered=filters["answered"], late=filters["late"]
    )
    return _section(
        request,
        "web/register/recommendations.html",
        shown,
        filters,
        groups=groups,
        yes_no=YES_NO,
    )


def funding_chart(totals: reg.Funding) -> str:
    """The by-year figures as an SVG bar chart (title, desc and every bar's title hold the
    same figures as the table)."""
    years = [row["year"] for row in totals.by_year]

    def values(name: str) -> list[Decimal]:
        return [Decimal(0) if row[name] is None else row[name] for row in totals.by_year]

    return charts.grouped_bars(
        "chart-register-funding",
        gettext("Budget and funding by year, as published in the log ({currency})").format(
            currency=totals.currency
        ),
        years,
        [
            charts.Series(
                gettext("Budget"), values("budget"), colour=charts.MEASURE_COLOURS["Budget"]
            ),
            charts.Series(
                gettext("Pledged (cash)"),
                values("pledged"),
                colour=charts.MEASURE_COLOURS["Pledged (cash)"],
            ),
            charts.Series(
                gettext("Received (cash)"),
                values("received"),
                colour=charts.MEASURE_COLOURS["Received (cash)"],
            ),
            charts.Series(
                gettext("In kind"), values("in_kind"), colour=charts.MEASURE_COLOURS["In kind"]
            ),
        ],
        currency=totals.currency,
    )


@require_safe
def funding(request: HttpRequest) -> HttpResponse:
    totals = reg.funding()
    earlier = totals.earlier
    try:
        page, size = _page(request, earlier)
    except PageNotFound as exc:
        return _not_found(request, exc.message)
    return render(
        request,
        "web/register/funding.html",
        {
            "totals": totals,
            "chart": funding_chart(totals) if totals.by_year else "",
            "page": page,
            "items": page.object_list,
            "total": len(earlier),
            "filters": {},
            "size": size,
            "sizes": PAGE_SIZES,
        },
    )


@require_safe
def data_dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "web/register/data.html", {"datasets": reg.DATASETS.values()})


# --- Open data ---------------------------------------------------------------------------


def _with_log_columns(request: HttpRequest, rows: list[dict[str, Any]], items: list) -> None:
    for row, item in zip(rows, items, strict=True):
        row["log_index"] = item.index
        row["log_entry_url"] = request.build_absolute_uri(
            reverse("transparency:entry", args=[item.index])
        )


def dataset_rows(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    rows, items = reg.open_rows(key, timezone.localdate())
    _with_log_columns(request, rows, items)
    names = reg.DATASETS[key].names
    return [{name: row.get(name, "") for name in names} for row in rows]


def _json_value(value: Any) -> Any:
    return "" if value is None else value


@require_safe
def open_data_json(request: HttpRequest, dataset: str) -> HttpResponseBase:
    meta = reg.DATASETS.get(dataset)
    if meta is None:
        return JsonResponse({"error": gettext("No such data set.")}, status=404)
    latest = current_checkpoint()
    document = {
        "dataset": meta.key,
        "title": str(meta.title),
        "description": str(meta.description),
        "data_dictionary": request.build_absolute_uri(reverse("web:register_data")),
        "columns": [
            {
                "name": c.name,
                "type": c.type,
                "description": str(c.description),
                "values": list(c.values),
            }
            for c in meta.columns
        ],
        "log": {
            "origin": keys.log_origin(),
            "tree_size": latest.size,
            "root_hash": base64.b64encode(bytes(latest.root_hash)).decode(),
            "checkpoint_url": request.build_absolute_uri(reverse("transparency:checkpoint")),
            "verifier_key": latest.verifier_key,
        },
        "rows": [
            {k: _json_value(v) for k, v in row.items()} for row in dataset_rows(request, dataset)
        ],
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _cached(request, response, max_age=OPEN_DATA_MAX_AGE)


@require_safe
def open_data_csv(request: HttpRequest, dataset: str) -> HttpResponseBase:
    meta = reg.DATASETS.get(dataset)
    if meta is None:
        return HttpResponse(gettext("No such data set."), status=404, content_type="text/plain")
    # Every cell through the one spreadsheet helper: no published text runs as a formula.
    rows = (
        {k: "" if v is None else v for k, v in row.items()}
        for row in dataset_rows(request, dataset)
    )
    response = HttpResponse(csv_dict_text(meta.names, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="register-{meta.key}.csv"'
    return _cached(request, response, max_age=OPEN_DATA_MAX_AGE)
