"""Signed-in page fragments, rendered once per person and state of the data (issue 19).

A signed-in dashboard costs 20-odd queries and several templates to build, and what it
shows changes only when someone writes. Every write is an action with an audit event
in its own transaction, so the newest audit event's id moves exactly when a write
commits, in every process at once (the id is read from the database, not signalled).
:func:`cached` keeps a fragment in this process's memory under a key made of:

- the fragment's name, the person and their roles, the language and today's date
  (what is late depends on the day);
- :func:`data_state`: the newest audit event and the newest notification, and the
  person's unread notifications (marking them read is the one write the dashboard
  shows that has no audit event), in one small query per request.

A hit costs that query; a miss renders as before and stores the result. A fragment is
also dropped after ``MAX_AGE_S`` so that a write outside the actions (a data migration,
the shell) shows within a minute. A form's CSRF token belongs to the browser's cookie, not to
the person: it is stored as a blank and each hit fills in the request's own token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from alliance.core.models import AuditEvent
from alliance.core.roles import user_roles
from alliance.governance.models import Notification
from alliance.web.memory import Memory

T = TypeVar("T")

MAX_ENTRIES = 512
MAX_AGE_S = 60.0
# Django's {% csrf_token %} input, whose value is this request's masked token.
CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
CSRF_BLANK = r"\1\2"
# Where data_state() keeps its answer on the request: one query per request.
_STATE = "_alliance_data_state"


def _state_sql() -> str:
    # Table names from the models' own metadata; nothing from a request.
    audit, notice = AuditEvent._meta.db_table, Notification._meta.db_table
    return (
        f"SELECT (SELECT MAX(id) FROM {audit}), (SELECT MAX(id) FROM {notice}), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {notice} WHERE user_id = %s AND read_at IS NULL)"
    )


def data_state(request: HttpRequest) -> tuple[int, int, int]:
    """(newest audit event, newest notification, the person's unread notifications).

    Plain SQL, once per request: compiling ORM queries would cost more than a hit.
    """
    memo = getattr(request, _STATE, None)
    if memo is not None:
        return memo  # type: ignore[no-any-return]
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [request.user.pk])
        row = cursor.fetchone()
    state = (int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))
    setattr(request, _STATE, state)
    return state


fragments = Memory(MAX_ENTRIES, max_age=MAX_AGE_S)


def _map_html(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with ``change`` applied to its HTML (a string, or a list of them),
    keeping each piece safe if it was."""
    if isinstance(value, list):
        return [_map_html(item, change) for item in value]
    if isinstance(value, str):
        changed = change(value)
        return mark_safe(changed) if isinstance(value, SafeString) else changed  # noqa: S308
    return value


def cached(request: HttpRequest, name: str, produce: Callable[[], T]) -> T:
    """``produce()``'s value (HTML, or a list of HTML pieces) for this person, language,
    day and state of the data: from memory when it was made for the same key."""
    if not getattr(settings, "ALLIANCE_FRAGMENT_CACHE", True):
        return produce()
    user = request.user
    key = (
        name,
        user.pk,
        user_roles(user),
        get_language(),
        timezone.localdate().isoformat(),
        data_state(request),
    )
    found, value = fragments.get(key)
    if not found:
        value = produce()
        fragments.put(key, _map_html(value, lambda html: CSRF_INPUT.sub(CSRF_BLANK, html)))
        return value
    if not _holds_form_token(value):
        return value  # type: ignore[no-any-return]
    token = get_token(request)
    return _map_html(  # type: ignore[no-any-return]
        value, lambda html: CSRF_INPUT.sub(lambda m: f"{m[1]}{token}{m[2]}", html)
    )


def _holds_form_token(value: Any) -> bool:
    if isinstance(value, list):
        return any(_holds_form_token(item) for item in value)
    return isinstance(value, str) and "csrfmiddlewaretoken" in value
