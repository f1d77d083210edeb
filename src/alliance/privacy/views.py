"""Privacy pages: the public notice, My data (download, requests, holds), the
secretariat's queue and the retention report. Writes go through privacy.actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.core.errors import ActionError
from alliance.core.http import is_htmx
from alliance.core.permissions import Perm, require
from alliance.privacy import actions, inventory, selectors
from alliance.privacy.erasure import holds_for
from alliance.privacy.forms import DecideForm, RequestForm
from alliance.privacy.models import DataExport, DataRequest, PrivacyNotice, RequestKind


@require_safe
def notice_page(request: HttpRequest, version: int | None = None) -> HttpResponse:
    current = selectors.current_notice()
    shown = get_object_or_404(PrivacyNotice, version=version) if version is not None else current
    if shown is None:
        raise Http404
    return render(
        request,
        "privacy/notice.html",
        {
            "notice": shown,
            "current": current,
            "needs_acceptance": selectors.needs_acceptance(request.user),
            "versions": PrivacyNotice.objects.only("version", "published_at", "text_sha256"),
        },
    )


@login_required
@require_POST
def notice_accept_view(request: HttpRequest) -> HttpResponse:
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        actions.notice_accept(actor=request.user, version=version)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("privacy:notice")
    messages.success(request, _("Thank you: you accepted the privacy notice."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "web:dashboard")


@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "privacy/my_data.html",
        {
            "exports": selectors.exports_of(user)[:5],
            "requests": selectors.requests_of(user),
            "holds": selectors.holds_of(user),
            "acceptance": selectors.latest_acceptance(user),
            "notice": selectors.current_notice(),
            "needs_acceptance": selectors.needs_acceptance(user),
            "form": RequestForm(),
        },
    )


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    try:
        actions.data_export_start(actor=request.user)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("We are preparing your download; we will e-mail you when it is ready.")
        )
    return redirect("privacy:my_data")


def _own_export(request: HttpRequest, pk: int) -> DataExport:
    export = get_object_or_404(DataExport, pk=pk)
    if export.person_id != request.user.pk:
        raise Http404
    return export


@login_required
@require_safe
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls while the download is prepared."""
    export = _own_export(request, pk)
    return render(request, "privacy/_export_status.html", {"export": export})


@login_required
@require_safe
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = _own_export(request, pk)
    if not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=f"my-data-{export.pk}.zip"
    )


@login_required
@require_POST
def request_open(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            actions.data_request_open(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
            )
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your request is recorded; the secretariat answers within one month.")
            )
    else:
        messages.error(request, _("Choose the kind of request."))
    return redirect("privacy:my_data")


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_DATA_RIGHTS)
    today = timezone.localdate()
    return render(
        request,
        "privacy/queue.html",
        {
            "open": selectors.open_requests(),
            "closed": selectors.closed_requests()[:50],
            "today": today,
            "soon": set(selectors.due_soon(today).values_list("pk", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_DATA_RIGHTS)
    data_request = get_object_or_404(DataRequest.objects.select_related("requester"), pk=pk)
    erasure = data_request.kind == RequestKind.ERASURE
    form = DecideForm(request.POST or None, erasure=erasure)
    if request.method == "POST" and form.is_valid():
        try:
            actions.data_request_decide(
                actor=request.user,
                request=data_request,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The request is answered."))
            return redirect("privacy:queue")
    holds = (
        holds_for(data_request.requester, timezone.localdate(), selectors.schedule_rules())
        if data_request.kind == RequestKind.ERASURE and data_request.status == "open"
        else []
    )
    return render(
        request,
        "privacy/request.html",
        {
            "req": data_request,
            "form": form,
            "holds": holds,
            "recorded": data_request.holds.all(),
            "sole_contact_of": (
                selectors.organisations_left_without_contact(data_request.requester)
                if erasure and data_request.status == "open"
                else []
            ),
            "erased_categories": (
                [c.title for c in inventory.CATEGORIES.values()] if erasure else []
            ),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def retention_page(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_DATA_RIGHTS)
    if request.method == "POST":
        dry_run = request.POST.get("mode") != "apply"
        try:
            actions.retention_apply(actor=request.user, today=timezone.localdate(), dry_run=dry_run)
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Dry run recorded.") if dry_run else _("Retention applied.")
            )
        return redirect("privacy:retention")
    from alliance.privacy.retention import RULES, describe

    rules = selectors.schedule_rules()
    return render(
        request,
        "privacy/retention.html",
        {
            "schedule": selectors.current_schedule(),
            "rules": [(RULES[c], describe(p)) for c, p in rules.items() if c in RULES],
            "dry_run": selectors.latest_dry_run(),
            "runs": selectors.recent_runs(),
            "htmx": is_htmx(request),
        },
    )
