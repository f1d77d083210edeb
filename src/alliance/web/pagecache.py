"""Log-derived public pages, rendered once per state of the log and served conditionally.

The register, the decisions, the open data and the transparency pages change only when
the transparency log grows. :class:`LogCachedPages` keeps each such page, as rendered for
a visitor who is not signed in, in this process's memory under a key made of the log
head (tree size, root hash, newest checkpoint): one small query per request instead of
the page's queries and template. The head is updated in the same transaction that
appends an entry, so the first request after the append's commit sees a new key and
renders afresh: there is no stale page after an append and nothing to invalidate.

Every such response carries a strong ETag (a hash of the body) and Last-Modified (when
the head last moved); a conditional GET that matches is answered 304 without rendering.

The key also holds the language and today's date (a page may say what is late). Views
named in ``ALLIANCE_LOG_CACHED_QUERY_PAGES`` (the register's sections: filters and a page
number) are cached per query string too, its parameters sorted, when it is at most
``MAX_QUERY`` characters; the LRU bounds how many such pages are kept.

Not cached: signed-in visitors (their pages are ``no-store``), other requests with a
query string, requests from htmx, a visitor with messages waiting, and any response that
sets a cookie, uses a CSRF token, is not a plain 200 or says ``private``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import get_language

from alliance.transparency.models import Checkpoint, LogHead
from alliance.web.memory import Memory

MAX_ENTRIES = 256
MAX_QUERY = 300
# Public caches and browsers may keep a page this long, then revalidate (a cheap 304).
MAX_AGE_S = 10
HEADERS_KEPT = ("Cache-Control", "Content-Type", "Content-Disposition", "Content-Language", "Vary")


@dataclass(frozen=True)
class Stored:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int | None


def _log_state_sql() -> str:
    # Table names from the models' own metadata; nothing from a request.
    head, checkpoint = LogHead._meta.db_table, Checkpoint._meta.db_table
    sql = "SELECT h.size, h.root_hash, h.updated_at, (SELECT MAX(c.id) FROM {c} c) FROM {h} h"
    return sql.format(c=checkpoint, h=head) + " WHERE h.id = 1"


def log_state() -> tuple[int, str, int, int | None]:
    """(tree size, root hash hex, newest checkpoint id, head's last change), in one query.

    Plain SQL: this runs on every request for a cached page, where compiling an ORM
    query would cost more than the rest of the hit.
    """
    with connection.cursor() as cursor:
        cursor.execute(_log_state_sql())
        row = cursor.fetchone()
    if row is None:
        return 0, "", 0, None
    size, root, updated_at, checkpoint = row
    if isinstance(updated_at, str):  # SQLite hands back naive UTC text
        updated_at = parse_datetime(updated_at)
        if updated_at is not None and updated_at.tzinfo is None:
            updated_at = updated_at.replace(tzinfo=UTC)
    # Whole seconds, as HTTP dates carry (the ETag tells appends within a second apart).
    modified = int(updated_at.timestamp()) if isinstance(updated_at, datetime) else None
    return int(size), bytes(root).hex(), int(checkpoint or 0), modified


pages = Memory(MAX_ENTRIES)


def query_key(request: HttpRequest, view_name: str) -> tuple[tuple[str, str], ...] | None:
    """The request's query as part of a cache key: () without one; its parameters sorted
    for a view that is cached by query string; ``None`` (do not cache) otherwise."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ()
    allowed: frozenset[str] = getattr(settings, "ALLIANCE_LOG_CACHED_QUERY_PAGES", frozenset())
    if view_name not in allowed or len(raw) > MAX_QUERY:
        return None
    return tuple(sorted((k, v) for k, values in request.GET.lists() for v in values))


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.headers.get("HX-Request"):
        return False
    if request.user.is_authenticated:
        return False
    return not len(get_messages(request))  # len() peeks without consuming them


def _cacheable_response(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the body holds this visitor's token
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _respond(request: HttpRequest, stored: Stored) -> HttpResponseBase:
    response = HttpResponse(stored.content)
    for name, value in stored.headers:
        response[name] = value
    response["ETag"] = stored.etag
    if stored.last_modified is not None:
        response["Last-Modified"] = http_date(stored.last_modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE_S)
    conditional = get_conditional_response(
        request, etag=stored.etag, last_modified=stored.last_modified, response=response
    )
    return conditional if conditional is not None else response


class LogCachedPages:
    """Serve the views named in ``ALLIANCE_LOG_CACHED_PAGES`` from ``pages`` (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if not getattr(settings, "ALLIANCE_PAGE_CACHE", True) or match is None:
            return None
        if match.view_name not in settings.ALLIANCE_LOG_CACHED_PAGES:
            return None
        query = query_key(request, match.view_name)
        if query is None or not _cacheable_request(request):
            return None
        size, root, checkpoint, modified = log_state()
        key = (
            match.view_name,
            request.path,
            query,
            get_language(),
            timezone.localdate().isoformat(),
            size,
            root,
            checkpoint,
        )
        found, stored = pages.get(key)
        if not found:
            response = view_func(request, *view_args, **view_kwargs)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                render()  # a TemplateResponse: its body is needed now
            if not _cacheable_response(request, response):
                return response
            assert isinstance(response, HttpResponse)
            content = bytes(response.content)
            stored = Stored(
                content=content,
                headers=tuple((n, response[n]) for n in HEADERS_KEPT if response.has_header(n)),
                etag='"' + hashlib.sha256(content).hexdigest()[:32] + '"',
                last_modified=modified,
            )
            if request.method == "GET":
                pages.put(key, stored)
        return _respond(request, stored)
