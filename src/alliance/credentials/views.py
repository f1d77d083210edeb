"""Credential pages: the issuer's DID document, status lists, holder downloads, the public
verifier and the VC-API endpoints. Every view asks the permission module."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_POST, require_safe

from alliance.core.errors import ActionError
from alliance.core.permissions import Perm, can, require
from alliance.credentials import actions, issuer, selectors
from alliance.credentials.forms import MAX_DOCUMENT_BYTES, VerifyForm, parse_document
from alliance.credentials.models import IssuedCredential, StatusList, StatusPurpose
from alliance.credentials.qr import qr_bytes
from alliance.credentials.resolver import verify_document
from alliance.engines.credentials import issue, jose, loader
from alliance.organisations.models import Partnership

DID_CACHE = "public, max-age=300"
STATUS_CACHE = "public, max-age=60, must-revalidate"
CONTEXT_CACHE = "public, max-age=86400"
# The media type VC Data Model 2.0 registers for a credential (§ IANA considerations;
# ``application/vc+ld+json`` was dropped), and VC-JOSE-COSE's for a JWT-secured one.
VC_MEDIA_TYPE = "application/vc"
FORMS = {
    "rdfc": ("credential_rdfc", VC_MEDIA_TYPE, "rdfc.json"),
    "jcs": ("credential_jcs", VC_MEDIA_TYPE, "jcs.json"),
    "jwt": ("credential_jwt", "application/vc+jwt", "vc.jwt"),
}
MECHANISM_NAMES = {
    issue.RDFC: issue.RDFC,
    issue.JCS: issue.JCS,
    issue.VC_JWT: issue.VC_JWT,
    "rdfc": issue.RDFC,
    "jcs": issue.JCS,
    "jwt": issue.VC_JWT,
}


def _json(data: Any, status: int = 200, **headers: str) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"indent": 2})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


# --- Issuer identity and status lists (public, cacheable) -------------------------


@require_safe
def did_json(request: HttpRequest) -> HttpResponse:
    if not selectors.issuer_keys().exists():
        issuer.signing_key()  # the first request publishes the first key
    response = _json(issuer.did_document())
    response["Content-Type"] = "application/did+json"
    response["Cache-Control"] = DID_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def context(request: HttpRequest) -> HttpResponse:
    """The alliance's JSON-LD context (also at the vocabulary's own address), exactly the
    bytes the local loader pins for this base URL; see docs/credentials.md."""
    issuer.context_url()
    response = HttpResponse(
        loader.alliance_context_bytes(issuer.base_url()), content_type=loader.CONTEXT_MEDIA_TYPE
    )
    response["Cache-Control"] = CONTEXT_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _status_row(purpose: str) -> StatusList:
    if purpose not in StatusPurpose.values:
        raise Http404(_("No such status list."))
    from alliance.credentials import status

    row = StatusList.objects.filter(purpose=purpose).first()
    if row is None:
        status.ensure_lists()
        row = StatusList.objects.get(purpose=purpose)
    return row


def _status_etag(request: HttpRequest, purpose: str) -> str:
    return _status_row(purpose).etag


def _status_modified(request: HttpRequest, purpose: str) -> Any:
    return _status_row(purpose).updated_at


@require_safe
@condition(etag_func=_status_etag, last_modified_func=_status_modified)
def status_list(request: HttpRequest, purpose: str) -> HttpResponse:
    row = _status_row(purpose)
    response = _json(row.credential)
    response["Content-Type"] = VC_MEDIA_TYPE
    response["Cache-Control"] = STATUS_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Holder downloads ------------------------------------------------------------


def _held(request: HttpRequest, public_id: Any) -> IssuedCredential:
    credential = get_object_or_404(IssuedCredential, public_id=public_id)
    if not selectors.can_hold(request.user, credential):
        raise PermissionDenied(_("Only the holder can download this credential."))
    return credential


@login_required
@require_safe
def download(request: HttpRequest, public_id: Any, form: str) -> HttpResponse:
    if form not in FORMS:
        raise Http404(_("No such form."))
    credential = _held(request, public_id)
    field, content_type, suffix = FORMS[form]
    value = getattr(credential, field)
    body = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type=content_type)
    name = slugify(credential.subject_name)[:40] or "credential"
    response["Content-Disposition"] = f'attachment; filename="{name}-{suffix}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def qr(request: HttpRequest, public_id: Any, fmt: str) -> HttpResponse:
    if fmt not in ("png", "svg"):
        raise Http404(_("No such format."))
    credential = _held(request, public_id)
    content_type = "image/svg+xml" if fmt == "svg" else "image/png"
    response = HttpResponse(qr_bytes(credential.credential_jwt, fmt), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff: re-issue and key rotation --------------------------------------------


@login_required
@require_POST
def reissue(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.ISSUE_CREDENTIALS)
    partnership = get_object_or_404(Partnership, pk=pk)
    try:
        actions.credential_reissue(
            actor=request.user,
            partnership=partnership,
            reason=request.POST.get("reason", ""),
            replaces=request.POST.get("replaces") or None,
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A new credential was issued; the old one is revoked."))
    return redirect("web:organisation_detail", partnership.organisation_id)


@login_required
def keys(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.ADMINISTER)
    if request.method == "POST":
        row = actions.issuer_key_rotate(
            actor=request.user, replaces=request.POST.get("replaces") or None
        )
        messages.success(
            request,
            str(_("New signing key {fragment}; earlier keys stay listed.")).format(
                fragment=row.fragment
            ),
        )
        return redirect("credentials:keys")
    return render(
        request,
        "credentials/keys.html",
        {
            "keys": selectors.issuer_keys(),
            "active": selectors.issuer_keys().filter(active=True).first(),
            "did": issuer.issuer_did(),
        },
    )


# --- The public verifier -----------------------------------------------------------


def verifier(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            result = verify_document(
                data["parsed"], challenge=data["challenge"] or None, domain=data["domain"] or None
            )
    elif request.method in ("GET", "HEAD"):
        form = VerifyForm()
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return render(
        request,
        "credentials/verifier.html",
        {
            "form": form,
            "result": result.to_dict() if result else None,
            "did": issuer.issuer_did(),
        },
    )


# --- VC-API ----------------------------------------------------------------------


def _read_json(request: HttpRequest) -> dict[str, Any] | JsonResponse:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_DOCUMENT_BYTES:
        return _json({"detail": f"body larger than {MAX_DOCUMENT_BYTES} bytes"}, 413)
    if request.content_type not in ("application/json", "application/ld+json"):
        return _json({"detail": "send application/json"}, 415)
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        return _json({"detail": "the body is not JSON"}, 400)
    if not isinstance(body, dict):
        return _json({"detail": "the body must be a JSON object"}, 400)
    return body


def _verification_response(result: Any) -> JsonResponse:
    failed = [c for c in result.checks if not c.passed]
    nested_failed = [c for nested in result.credentials for c in nested.checks if not c.passed]
    body = {
        "verified": result.verified,
        "checks": sorted({c.name for c in result.checks}),
        "warnings": [],
        "errors": [f"{c.name}: {c.message}" for c in failed + nested_failed],
        "results": result.to_dict(),
    }
    return _json(body, 200 if result.verified else 400)


def _options(body: dict[str, Any]) -> dict[str, Any]:
    options = body.get("options")
    return options if isinstance(options, dict) else {}


def _document_from(value: Any) -> dict[str, Any] | str:
    if isinstance(value, str):
        return parse_document(value)
    if isinstance(value, dict):
        return value
    raise ValueError("expected a JSON object or a JWT string")


@csrf_exempt  # changes nothing; anyone may verify
@require_POST
def api_verify_credential(request: HttpRequest) -> HttpResponse:
    body = _read_json(request)
    if isinstance(body, JsonResponse):
        return body
    try:
        document = _document_from(body.get("verifiableCredential"))
    except ValueError as exc:
        return _json({"detail": f"verifiableCredential: {exc}"}, 400)
    return _verification_response(verify_document(document))


@csrf_exempt  # changes nothing; anyone may verify
@require_POST
def api_verify_presentation(request: HttpRequest) -> HttpResponse:
    body = _read_json(request)
    if isinstance(body, JsonResponse):
        return body
    options = _options(body)
    try:
        document = _document_from(body.get("verifiablePresentation"))
    except ValueError as exc:
        return _json({"detail": f"verifiablePresentation: {exc}"}, 400)
    return _verification_response(
        verify_document(document, challenge=options.get("challenge"), domain=options.get("domain"))
    )


@require_POST  # session + CSRF (Django's middleware): a write
def api_issue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _json({"detail": "sign in first"}, 401)
    if not can(request.user, Perm.ISSUE_CREDENTIALS):
        return _json({"detail": actions.ERR_ISSUE_STAFF}, 403)
    body = _read_json(request)
    if isinstance(body, JsonResponse):
        return body
    options = _options(body)
    mechanism = MECHANISM_NAMES.get(str(options.get("mechanism", issue.RDFC)))
    if mechanism is None:
        return _json({"detail": f"options.mechanism must be one of {list(issue.MECHANISMS)}"}, 400)
    try:
        stored = actions.credential_issue_request(
            actor=request.user, credential=body.get("credential") or {}, mechanism=mechanism
        )
    except ActionError as exc:
        return _json({"detail": exc.message}, 400)
    secured: Any = {
        issue.RDFC: stored.credential_rdfc,
        issue.JCS: stored.credential_jcs,
        issue.VC_JWT: jose.envelope(stored.credential_jwt),
    }[mechanism]
    return _json({"verifiableCredential": secured}, 201)
