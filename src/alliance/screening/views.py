"""Screening pages: the secretariat's lists, uploads and alerts; deciding a hit (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from alliance.core.errors import ActionError
from alliance.core.http import is_htmx
from alliance.core.permissions import Perm, require
from alliance.organisations.models import Organisation
from alliance.screening import actions
from alliance.screening.forms import DecisionForm, ListUploadForm
from alliance.screening.models import ScreeningAlert, ScreeningResult
from alliance.screening.panels import can_see_screening, render_result
from alliance.screening.selectors import lists_overview, recent_alerts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SCREENING)
    form = ListUploadForm()
    if request.method == "POST":
        form = ListUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                outcome = actions.list_version_load(
                    actor=request.user, path_or_upload=form.cleaned_data["list_file"]
                )
            except ActionError as error:
                form.add_error("list_file", error.message)
            else:
                version = outcome.version
                if outcome.unchanged:
                    messages.info(
                        request,
                        str(_("{name}: unchanged, nothing loaded.")).format(name=version.list.name),
                    )
                else:
                    counts = version.diff_counts()
                    messages.success(
                        request,
                        str(
                            _(
                                "{name}: {entries} entries loaded ({added} added, {changed} "
                                "changed, {removed} removed). Re-screening runs in the "
                                "background."
                            )
                        ).format(
                            name=version.list.name,
                            entries=version.entry_count,
                            added=counts["added"],
                            changed=counts["changed"],
                            removed=counts["removed"],
                        ),
                    )
                return redirect("screening:home")
    return render(request, "screening/home.html", {
        "form": form, "lists": lists_overview(), "alerts": recent_alerts(),
    })  # fmt: skip


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_SCREENING)
    alert = get_object_or_404(ScreeningAlert.objects.select_related("version__list"), pk=pk)
    items = alert.items.select_related("subject__organisation").order_by(
        "subject__organisation__legal_name", "subject__name", "entry_id"
    )
    return render(request, "screening/alert.html", {"alert": alert, "items": items})


@login_required
@require_POST
def result_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_see_screening(request.user):
        raise PermissionDenied(_("You may not decide screening hits."))
    result = get_object_or_404(ScreeningResult.objects.select_related("subject"), pk=pk)
    form = DecisionForm(request.POST)
    error = ""
    if not form.is_valid():
        error = str(actions.ERR_BAD_VERDICT)
    else:
        try:
            actions.screening_decide(
                actor=request.user, result=result, verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ActionError as refused:
            error = refused.message
    if is_htmx(request):
        return HttpResponse(render_result(request, result.pk, error=error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("web:organisation_detail", pk=result.subject.organisation_id)


@login_required
@require_POST
def organisation_screen(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_see_screening(request.user):
        raise PermissionDenied(_("You may not run screening."))
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        results = actions.organisation_screen(actor=request.user, organisation=organisation)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            str(_("Screened against the current lists: {hits} hit(s).")).format(hits=len(results)),
        )
    return redirect("web:organisation_detail", pk=organisation.pk)
