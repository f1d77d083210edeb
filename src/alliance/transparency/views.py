"""The public read API of the log (C2SP formats), and its human pages.

Everything here is public and cacheable: responses carry Cache-Control and an
ETag, and honour If-None-Match. Anything fully determined by its URL (proofs,
full entry pages, full tiles) is cached as immutable.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from alliance.core.errors import ActionError
from alliance.core.http import is_htmx
from alliance.core.permissions import Perm, can, require
from alliance.engines.merkle import (
    consistency_proof_document,
    entries_document,
    entry_bundle,
    inclusion_proof_document,
    leaf_hash,
    read_tile,
    tile_path_parse,
)
from alliance.engines.merkle.tiles import TILE_WIDTH, available_width
from alliance.transparency import integrity, keys, selectors, services
from alliance.transparency.models import LogEntry
from alliance.transparency.tree import consistency, hash_store, inclusion

MAX_ENTRIES_PER_PAGE = 1000
IMMUTABLE = 365 * 24 * 3600
SHORT = 10


def _cached(
    request: HttpRequest, response: HttpResponse, *, max_age: int, immutable: bool = False
) -> HttpResponseBase:
    """Public caching with a strong ETag over the body; 304 when the client has it."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    if immutable:
        patch_cache_control(response, immutable=True)
    conditional = get_conditional_response(request, etag=etag, response=response)
    return conditional if conditional is not None else response


# A person who follows a link to the read API (no parameters, or wrong ones) gets a page
# in words; programs (any Accept that does not prefer HTML) keep the JSON error.
ERR_READ_API_NEEDS_RANGE = _(
    "That address is the log's read API for programs: it needs the entries to read "
    "(start and end). The log's entries are listed here; open one to read and check it."
)
ERR_READ_API_REFUSED = _("The log's read API could not answer this request.")


def _wants_page(request: HttpRequest) -> bool:
    """A browser: HTML preferred to JSON (a missing Accept, */*, or JSON means a program)."""
    if "text/html" not in request.headers.get("Accept", ""):
        return False
    return request.get_preferred_type(["text/html", "application/json"]) == "text/html"


def _bad_request(message: str, request: HttpRequest | None = None) -> HttpResponse:
    if request is not None and _wants_page(request):
        if not request.GET:
            messages.info(request, ERR_READ_API_NEEDS_RANGE)
            return redirect("transparency:overview")
        return render(
            request,
            "transparency/read_api_refused.html",
            {"message": ERR_READ_API_REFUSED, "detail": message, "path": request.path},
            status=400,
        )
    return JsonResponse({"error": message}, status=400)


def _int_params(request: HttpRequest, *names: str) -> list[int] | str:
    """Non-negative integer query parameters, or the message for a 400."""
    values = []
    for name in names:
        raw = request.GET.get(name)
        if raw is None or raw == "":
            return f"missing parameter {name!r}"
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            return f"parameter {name!r} must be a non-negative integer"
        values.append(int(raw))
    return values


def _json(request: HttpRequest, document: Mapping[str, Any], **cache: Any) -> HttpResponseBase:
    return _cached(request, JsonResponse(dict(document)), **cache)


# --- The read API ----------------------------------------------------------------------


@require_safe
def verifier_key(request: HttpRequest) -> HttpResponseBase:
    text = str(keys.current_signer().verifier) + "\n"
    return _cached(
        request, HttpResponse(text, content_type="text/plain; charset=utf-8"), max_age=300
    )


@require_safe
def checkpoint(request: HttpRequest) -> HttpResponseBase:
    latest = services.current_checkpoint(check_head=True)
    response = HttpResponse(latest.note, content_type="text/plain; charset=utf-8")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="checkpoint-{latest.size}.note"'
    return _cached(request, response, max_age=SHORT)


@require_safe
def entries(request: HttpRequest) -> HttpResponseBase:
    params = _int_params(request, "start", "end")
    if isinstance(params, str):
        return _bad_request(params, request)
    start, end = params
    size = selectors.head().size
    if end <= start:
        return _bad_request("end must be greater than start (end is exclusive)", request)
    if start >= size:
        return _bad_request(f"start {start} is beyond the tree size {size}", request)
    served_end = min(end, size, start + MAX_ENTRIES_PER_PAGE)
    rows = list(LogEntry.objects.filter(index__gte=start, index__lt=served_end).order_by("index"))
    found = integrity.problems(rows)
    # Each fact is the one decoded from its leaf; a row that fails its check serves its
    # stored copy instead, so every verifier sees that it does not match the leaf.
    document = entries_document(
        start,
        [bytes(r.leaf) for r in rows],
        facts=[r.fact if r.index in found else r.document for r in rows],
    )
    # The same URL can only return more later if it asked beyond the current size.
    return _json(
        request, document, max_age=IMMUTABLE if end <= size else SHORT, immutable=end <= size
    )


@require_safe
def inclusion_proof(request: HttpRequest) -> HttpResponseBase:
    params = _int_params(request, "index", "tree_size")
    if isinstance(params, str):
        return _bad_request(params, request)
    index, tree_size = params
    size = selectors.head().size
    if tree_size > size:
        return _bad_request(f"tree_size {tree_size} is beyond the tree size {size}", request)
    if index >= tree_size:
        return _bad_request("index must be smaller than tree_size", request)
    leaf = get_object_or_404(LogEntry, index=index).leaf
    document = inclusion_proof_document(
        index, tree_size, leaf_hash(bytes(leaf)), inclusion(index, tree_size)
    )
    return _json(request, document, max_age=IMMUTABLE, immutable=True)


@require_safe
def consistency_proof(request: HttpRequest) -> HttpResponseBase:
    params = _int_params(request, "first", "second")
    if isinstance(params, str):
        return _bad_request(params, request)
    first, second = params
    size = selectors.head().size
    if second > size:
        return _bad_request(f"second {second} is beyond the tree size {size}", request)
    if first > second:
        return _bad_request("first must not be larger than second", request)
    try:
        proof = consistency(first, second)
    except ValueError as exc:
        return _bad_request(str(exc), request)
    return _json(
        request, consistency_proof_document(first, second, proof), max_age=IMMUTABLE, immutable=True
    )


@require_safe
def tile(request: HttpRequest, path: str) -> HttpResponseBase:
    """C2SP tlog-tiles: ``tile/<L>/<N>[.p/<W>]`` and ``tile/entries/<N>[.p/<W>]``."""
    try:
        parsed = tile_path_parse("tile/" + path)
    except ValueError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    size = selectors.head().size
    if parsed.width > available_width(size, max(parsed.level, 0), parsed.index):
        raise Http404(_("tile not available at the current tree size"))
    if parsed.is_entries:
        first = parsed.index * TILE_WIDTH
        body = entry_bundle(selectors.leaves(first, first + parsed.width))
    else:
        body = read_tile(hash_store(), size, parsed.level, parsed.index, parsed.width)
    response = HttpResponse(body, content_type="application/octet-stream")
    full = parsed.width == TILE_WIDTH
    return _cached(request, response, max_age=IMMUTABLE if full else 3600, immutable=full)


# --- Pages ---------------------------------------------------------------------------------


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The transparency page: checkpoint, keys, and the searchable log."""
    kind = request.GET.get("kind", "").strip()
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.search_entries(kind=kind, query=query), 50).get_page(
        request.GET.get("page")
    )
    latest = services.current_checkpoint()
    context = {
        "checkpoint": latest,
        "root_b64": base64.b64encode(bytes(latest.root_hash)).decode(),
        "verifier_key": str(keys.current_signer().verifier),
        "all_keys": selectors.known_verifier_keys(),
        "origin": keys.log_origin(),
        "page": page,
        "rows": selectors.entry_views(list(page.object_list)),
        "kinds": selectors.kind_choices(),
        "filters": {"kind": kind, "q": query},
        "can_rotate": can(request.user, Perm.ADMINISTER),
    }
    template = "transparency/_log_rows.html" if is_htmx(request) else "transparency/overview.html"
    return render(request, template, context)


@require_safe
def entry_detail(request: HttpRequest, index: int) -> HttpResponse:
    entry = get_object_or_404(LogEntry, index=index)
    latest = services.current_checkpoint()
    problem = integrity.problem(entry)
    check = selectors.inclusion_check(entry, latest, selectors.known_verifier_keys(), problem)
    b64 = lambda data: base64.b64encode(bytes(data)).decode()  # noqa: E731
    # What this page shows as the fact, for the browser to compare with the leaf it
    # verifies: the decoded leaf, or the stored copy when the row fails its check.
    shown = entry.fact if problem else entry.document
    return render(
        request,
        "transparency/entry.html",
        {
            "entry": entry,
            "kind_words": selectors.entry_kind_label(entry.kind),
            "view": selectors.entry_view(entry, problem=problem),
            "shown_json": json.dumps(shown, ensure_ascii=False, sort_keys=True),
            "leaf_text": bytes(entry.leaf).decode("utf-8", "replace"),
            "leaf_b64": b64(entry.leaf),
            "leaf_hash_b64": b64(check.leaf_hash),
            "proof_b64": [b64(h) for h in check.proof],
            "root_b64": b64(latest.root_hash),
            "check": check,
            "checkpoint": latest,
            "corrected_by": selectors.corrected_by(entry.index),
        },
    )


@require_POST
def rotate_key(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.ADMINISTER)
    try:
        services.log_key_rotate(actor=request.user, reason=request.POST.get("reason", ""))
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The log signing key was rotated and the rotation logged."))
    return redirect("transparency:overview")
