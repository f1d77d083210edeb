"""Funding pages: the public totals and schedule, the staff dashboard, pledges, receipts,
contributions in kind, budgets, exports, tier confirmation and renewals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from alliance.core.errors import ActionError
from alliance.core.labels import money
from alliance.core.permissions import File, Perm, can, opens_file, require
from alliance.funding import actions, charts, exports, selectors
from alliance.funding.forms import (
    BudgetForm,
    ConfirmTierForm,
    InKindForm,
    PledgeAmendForm,
    PledgeCancelForm,
    PledgeForm,
    ReceiptForm,
)
from alliance.funding.models import Budget, InKindContribution, Pledge, PledgeStatus
from alliance.organisations.models import Application

ERR_EVIDENCE_NOT_YOURS = _("This evidence is for the contributing partner and the secretariat.")


def can_see_dashboard(user: Any) -> bool:
    return can(user, Perm.MANAGE_FUNDING) or can(user, Perm.VIEW_BOARD_PAPERS)


def _require_dashboard(user: Any) -> None:
    if not can_see_dashboard(user):
        require(user, Perm.MANAGE_FUNDING)


def _series(measure: str, values: list[Decimal]) -> charts.Series:
    """A chart series named in the reader's language, in the measure's own colour."""
    return charts.Series(gettext(measure), values, colour=charts.MEASURE_COLOURS[measure])


def funding_charts(report: selectors.FundingReport) -> dict[str, Any]:
    years = [str(y) for y in report.by_year]
    year_rows = list(report.by_year.values())
    tiers = list(report.by_tier)
    # The measures' English names key their colours; gettext_noop lists them for the
    # catalog, _series shows them translated.
    pipeline = [
        (gettext_noop("Received"), report.pipeline.get("received", selectors.ZERO)),
        (gettext_noop("Overdue"), report.pipeline.get("overdue", selectors.ZERO)),
        (gettext_noop("Scheduled"), report.pipeline.get("scheduled", selectors.ZERO)),
        (gettext_noop("In kind (apart)"), report.pipeline.get("in_kind", selectors.ZERO)),
    ]
    return {
        "chart_years": charts.grouped_bars(
            "chart-funding-vs-budget",
            gettext("Funding against the budget, by year (US$)"),
            years,
            [
                _series(gettext_noop("Budget"), [t.budget for t in year_rows]),
                _series(gettext_noop("Pledged (cash)"), [t.pledged for t in year_rows]),
                _series(gettext_noop("Received (cash)"), [t.received for t in year_rows]),
                _series(gettext_noop("In kind"), [t.in_kind for t in year_rows]),
            ],
        ),
        "chart_tiers": charts.grouped_bars(
            "chart-by-tier",
            gettext("Contributions by tier (US$)"),
            [selectors.tier_label(k) for k in tiers],
            [
                _series(gettext_noop("Pledged (cash)"), [report.by_tier[k].pledged for k in tiers]),
                _series(
                    gettext_noop("Received (cash)"), [report.by_tier[k].received for k in tiers]
                ),
                _series(gettext_noop("In kind"), [report.by_tier[k].in_kind for k in tiers]),
            ],
        ),
        "chart_pipeline": charts.stacked_bar(
            "chart-pipeline",
            gettext("Pledge pipeline (US$)"),
            [(gettext(name), value) for name, value in pipeline],
            colours=[charts.MEASURE_COLOURS[name] for name, _value in pipeline],
        ),
    }


# --- Public -----------------------------------------------------------------------------


def public_funding(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    report = selectors.funding_report(today)
    version = selectors.schedule_version_in_force(today)
    individual = None
    if version.publish_individual_amounts:
        individual = sorted(report.by_organisation.items(), key=lambda kv: kv[0].legal_name)
    return render(
        request,
        "funding/public.html",
        {
            "report": report,
            "version": version,
            "individual": individual,
            "chart_years": funding_charts(report)["chart_years"],
        },
    )


# --- Staff dashboard and exports --------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request.user)
    today = timezone.localdate()
    report = selectors.funding_report(today)
    return render(
        request,
        "funding/dashboard.html",
        {
            "report": report,
            "today": today,
            **funding_charts(report),
            "overdue": selectors.overdue_instalments(today),
            "renewals": selectors.renewals_due(today),
            "awaiting": selectors.applications_awaiting_tier(),
            "pledges": list(selectors.active_pledges()),
            "in_kind": selectors.all_in_kind(),
            "opens_evidence": opens_file(request.user, File.IN_KIND_EVIDENCE),
            "receipts": selectors.all_receipts(),
            "budgets": Budget.objects.prefetch_related("lines"),
            "can_manage": can(request.user, Perm.MANAGE_FUNDING),
        },
    )


@login_required
def export(request: HttpRequest, fmt: str, table: str = "years") -> HttpResponse:
    _require_dashboard(request.user)
    today = timezone.localdate()
    all_tables = exports.tables(selectors.funding_report(today), today)
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(all_tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="funding-{today}.xlsx"'
        return response
    if table not in all_tables:
        table = "years"
    response = HttpResponse(exports.to_csv(all_tables[table]), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="funding-{table}-{today}.csv"'
    return response


# --- Secretariat writes -----------------------------------------------------------------


def _form_page(
    request: HttpRequest, form: Any, title: str, multipart: bool = False
) -> HttpResponse:
    return render(
        request, "funding/form.html", {"form": form, "title": title, "multipart": multipart}
    )


@login_required
def pledge_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_FUNDING)
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = actions.pledge_record(actor=request.user, **form.cleaned_data)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Pledge recorded with its instalments."))
            return redirect("funding:pledge", pk=pledge.pk)
    return _form_page(request, form, gettext("Record a pledge"))


@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_FUNDING)
    pledge = get_object_or_404(Pledge.objects.select_related("organisation"), pk=pk)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _receipt, allocation = actions.receipt_record(
                    actor=request.user, pledge=pledge, **form.cleaned_data
                )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            note = (
                " "
                + str(_("Overpaid by {amount}.")).format(
                    amount=money(allocation.overpaid, pledge.currency)
                )
                if allocation.overpaid
                else ""
            )
            messages.success(request, str(_("Receipt recorded.")) + note)
            return redirect("funding:pledge", pk=pledge.pk)
    return _pledge_page(request, pledge, form=form)


def _pledge_page(
    request: HttpRequest,
    pledge: Pledge,
    *,
    form: Any = None,
    amend_form: Any = None,
    cancel_form: Any = None,
) -> HttpResponse:
    return render(
        request,
        "funding/pledge.html",
        {
            "pledge": pledge,
            "form": form or ReceiptForm(),
            "amend_form": amend_form
            or PledgeAmendForm(initial=PledgeAmendForm.initial_for(pledge)),
            "cancel_form": cancel_form or PledgeCancelForm(),
            "active": pledge.status == PledgeStatus.ACTIVE,
            "history": selectors.pledge_history(pledge),
            "allocation": selectors.pledge_allocation(pledge, timezone.localdate()),
            "receipts": pledge.receipts.all(),
        },
    )


@login_required
@require_POST
def pledge_amend(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_FUNDING)
    pledge = get_object_or_404(Pledge.objects.select_related("organisation"), pk=pk)
    form = PledgeAmendForm(request.POST)
    if form.is_valid():
        try:
            actions.pledge_amend(actor=request.user, pledge=pledge, **form.cleaned_data)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Pledge amended; its instalments were worked out again."))
            return redirect("funding:pledge", pk=pledge.pk)
    return _pledge_page(request, pledge, amend_form=form)


@login_required
@require_POST
def pledge_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_FUNDING)
    pledge = get_object_or_404(Pledge.objects.select_related("organisation"), pk=pk)
    form = PledgeCancelForm(request.POST)
    if form.is_valid():
        try:
            actions.pledge_cancel(
                actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"]
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Pledge cancelled. What it received stays counted."))
            return redirect("funding:pledge", pk=pledge.pk)
    return _pledge_page(request, pledge, cancel_form=form)


@login_required
def in_kind_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_FUNDING)
    form = InKindForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.in_kind_record(actor=request.user, **form.cleaned_data)
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Contribution in kind recorded."))
            return redirect("funding:dashboard")
    return _form_page(request, form, gettext("Record a contribution in kind"), multipart=True)


@login_required
def budget_edit(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_FUNDING)
    budget = Budget.objects.filter(year=year).prefetch_related("lines").first()
    initial = {
        "lines": BudgetForm.initial_for(budget.lines.all()) if budget else "",
        "note": budget.note if budget else "",
    }
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.budget_set(actor=request.user, year=year, **form.cleaned_data)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, str(_("Budget {year} saved.")).format(year=year))
            return redirect("funding:dashboard")
    return _form_page(request, form, str(_("Budget {year}")).format(year=year))


@login_required
@require_POST
def tier_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_FUNDING)
    application = get_object_or_404(Application, pk=pk)
    form = ConfirmTierForm(request.POST)
    form.is_valid()
    try:
        confirmation = actions.tier_confirm(
            actor=request.user, application=application, note=form.cleaned_data.get("note", "")
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, str(_("Tier confirmed: {tier}.")).format(tier=confirmation.tier_name)
        )
    return redirect("web:organisation_detail", pk=application.organisation_id)


@login_required
def in_kind_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence is not public: the contributing partner's people and the secretariat
    open it (``FILE_VIEW`` in core.permissions); the Board sees the figures only."""
    item = get_object_or_404(InKindContribution.objects.select_related("organisation"), pk=pk)
    if not opens_file(request.user, File.IN_KIND_EVIDENCE, item.organisation):
        raise PermissionDenied(ERR_EVIDENCE_NOT_YOURS)
    if not item.evidence:
        raise Http404(_("No evidence was uploaded."))
    response = FileResponse(
        item.evidence.open("rb"), as_attachment=True, filename=item.evidence.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response
