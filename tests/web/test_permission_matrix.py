"""The generated permission matrix (issue 14): every URL pattern the site serves (pages,
downloads, the ninja API, the Django admin) × every demo role × the viewer's own and
another organisation's objects, compared with the expected table in
``tests/web/permission_matrix.py``.

- A URL pattern without an entry in the table fails the test.
- Any outcome other than the table's fails it; one where the table says no and the site
  answers (``ok``) is an unexpected grant.
- Every page an applicant or partner reaches is checked for internal text: the reviewer's
  name and the internal note seeded on both organisations never appear.

Seeded once for each walk: one test GETs every URL (a POST-only URL answers ``post``,
405, to whoever gets that far), another POSTs to every URL, each POST rolled back, and
compares the outcome class with ``POST_EXPECTED`` or, where that has no row, with what
the GET row implies (see "POST probes" below).
Set ``MATRIX_PRINT=1`` to print the observed table (to review a new URL's row).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from alliance.core.admin import ReadOnlyModelAdmin
from alliance.transparency.models import LogEntry
from tests.factories import sign_in
from tests.web.matrix_seed import INTERNAL_NOTE, REVIEWER_NAME, Shared, Side, seed
from tests.web.permission_matrix import ADMIN_MODEL_RULES, EXPECTED, POST_EXPECTED, ROLES

pytestmark = pytest.mark.django_db

# Every /admin/ URL sits behind the one AdminSite.admin_view gate (active and is_staff):
# it is probed for these roles only, to keep the matrix fast; the table states all nine.
ADMIN_PROBED = ("anonymous", "applicant", "board", "administrator", "superuser")


@dataclass(frozen=True)
class Route:
    key: str  # the table's key: "namespace:name", or the pattern for unnamed routes
    pattern: str
    callback: Any
    regex: re.Pattern[str]
    converters: dict[str, str]


def _routes(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = f"{ns}:{item.namespace}".strip(":") if item.namespace else ns
            yield from _routes(item, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            pattern = prefix + str(item.pattern)
            key = f"{ns}:{item.name}".strip(":") if item.name else pattern
            yield Route(key, pattern, item.callback, re.compile(""), {})


def all_routes() -> list[Route]:
    return list(_routes())


_ADMIN_KIND = re.compile(r"^admin:(?P<label>\w+?)_(?P<kind>changelist|add|history|delete|change)$")
_ADMIN_BARE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/$")


def _admin_models() -> dict[str, Any]:
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def _ours(model: Any) -> bool:
    # The alliance's own (read-only) model admins share one row per kind; a third-party
    # app's admin (django-tasks' results, django-rq) keeps Django's own checks and has
    # rows of its own.
    return isinstance(admin.site._registry[model], ReadOnlyModelAdmin)


def table_key(route: Route) -> tuple[str, Any]:
    """The table entry for ``route`` and, for admin model URLs, the model."""
    models = _admin_models()
    match = _ADMIN_KIND.match(route.key)
    if match:
        for label, model in models.items():
            if route.key.startswith(f"admin:{label}_") and route.key == (
                f"admin:{label}_{match['kind']}"
            ):
                key = f"admin:<model>_{match['kind']}" if _ours(model) else route.key
                return key, model
    bare = _ADMIN_BARE.match(route.pattern)
    if bare and f"{bare['app']}_{bare['model']}" in models:
        model = models[f"{bare['app']}_{bare['model']}"]
        return ("admin:<model>_redirect" if _ours(model) else route.key), model
    return route.key, None


# --- URL arguments -------------------------------------------------------------------
#
# Every URL argument gets a real value: an object from the seed (the viewer's own side
# or the other organisation's, or a shared one), a real token, or a value of a closed
# set (a step, a format). The test fails on an argument that has none, and before each
# request it checks that every object the URL names exists (no 404 stands in for a
# permission check on a real object).

ObjectOf = Callable[[Side], Any]
# table key -> {argument: the side's object}; a None object: the URL does not apply to
# that side (the cell is "-").
_BY_SIDE: dict[str, dict[str, ObjectOf]] = {
    "web:organisation_detail": {"pk": lambda s: s.organisation},
    "web:organisation_people": {"pk": lambda s: s.organisation},
    "web:application_detail": {"pk": lambda s: s.application},
    "web:application_withdraw": {"pk": lambda s: s.application},
    "web:application_move": {"pk": lambda s: s.application},
    "web:apply_step": {"pk": lambda s: s.application},
    "web:partnership_renew": {"pk": lambda s: s.partnership},
    "web:role_revoke": {"pk": lambda s: s.role_grant},
    "api-1:organisation_get": {"org_id": lambda s: s.organisation},
    "api-1:hits": {"organisation_id": lambda s: s.organisation},
    "screening:screen_organisation": {"pk": lambda s: s.organisation},
    "screening:decide": {"pk": lambda s: s.screening_result},
    "diligence:case": {"pk": lambda s: s.case},
    "diligence:case_action": {"pk": lambda s: s.case},
    "diligence:board_pack": {"pk": lambda s: s.case},
    "diligence:board_pack_pdf": {"pk": lambda s: s.case},
    "diligence:case_for_application": {"pk": lambda s: s.application},
    "diligence:request_answer": {"pk": lambda s: s.request},
    "diligence:request_attachment": {"pk": lambda s: s.answer_attachment},
    "funding:tier_confirm": {"pk": lambda s: s.application},
    "funding:renew": {"pk": lambda s: s.partnership},
    "funding:pledge": {"pk": lambda s: s.pledge},
    "funding:pledge_amend": {"pk": lambda s: s.pledge},
    "funding:pledge_cancel": {"pk": lambda s: s.pledge},
    "funding:in_kind_evidence": {"pk": lambda s: s.in_kind},
    "governance:notice_new": {"pk": lambda s: s.partnership},
    "governance:notice": {"pk": lambda s: s.notice},
    "governance:notice_attachment": {
        "pk": lambda s: s.notice,
        "attachment": lambda s: s.notice_attachment,
    },
    "groups:membership_decide": {"pk": lambda s: s.membership},
    "credentials:reissue": {"pk": lambda s: s.partnership},
    "credentials:download": {"public_id": lambda s: s.credential},
    "credentials:qr": {"public_id": lambda s: s.credential},
    "privacy:export_status": {"pk": lambda s: s.export},
    "privacy:export_download": {"pk": lambda s: s.export},
    "privacy:request": {"pk": lambda s: s.data_request},
}
# table key -> {argument: a shared object} (objects of no organisation).
_SHARED: dict[str, dict[str, Callable[[Shared], Any]]] = {
    "screening:alert": {"pk": lambda s: s.alert},
    "diligence:controversy_status": {"pk": lambda s: s.controversy},
    "governance:motion": {"pk": lambda s: s.motion},
    "governance:motion_vote": {"pk": lambda s: s.motion},
    "governance:motion_recuse": {"pk": lambda s: s.motion},
    "governance:motion_close": {"pk": lambda s: s.motion},
    "governance:motion_withdraw": {"pk": lambda s: s.motion},
    "governance:neutrality": {"pk": lambda s: s.motion},
    "governance:conflict_answer": {"pk": lambda s: s.conflict},
    "governance:conflict_rule": {"pk": lambda s: s.conflict},
    "governance:meeting": {"pk": lambda s: s.meeting},
    "governance:recommendation_answer": {"pk": lambda s: s.recommendation},
    "groups:recommendation": {"pk": lambda s: s.recommendation},
    "groups:recommendation_act": {"pk": lambda s: s.recommendation},
    "groups:detail": {"slug": lambda s: s.group},
    "groups:join": {"slug": lambda s: s.group},
    "groups:add": {"slug": lambda s: s.group},
}
# Arguments from a closed set (not objects).
_CHOICES: dict[str, Any] = {
    "step": "organisation",
    "action": "note-background",  # a note on the case's background step
    "move": "start_due_diligence",
    "what": "document",
    "form": "rdfc",
    "fmt": "svg",
    "table": "pledges",
    "year": 2026,
    "purpose": "revocation",
    "version": 1,
    "app_label": "organisations",
    "kind": "rules",  # the translation pages' kind of content
}
# A URL's own value where the shared one would name nothing it handles.
_KEY_CHOICES: dict[str, dict[str, Any]] = {
    "groups:recommendation_act": {"what": "open"},  # put the draft to the group's vote
}


def _choice(key: str, name: str) -> Any:
    return _KEY_CHOICES.get(key, {}).get(name, _CHOICES[name])


# django-rq's dashboard names queues, jobs and workers that live in Redis, not in the
# database (the superuser's cells are "any": they answer by whether Redis is up); the
# admin's catch-all takes any path. Only these arguments may name nothing.
_NOT_OBJECTS = {
    "queue_index", "job_id", "result_id", "scheduler_index", "connection_index",
    "scheduler_name", "cron_job_name", "token", "url",
}  # fmt: skip
_DJANGO_RQ_KEY = "admin:django_rq_worker_details"  # its "key" is a Redis worker's name


def _arguments(route: Route) -> list[str]:
    named = re.findall(r"\(\?P<(\w+)>", route.pattern)
    plain = re.sub(r"\(\?P<\w+>", "(", route.pattern)
    return named + re.findall(r"<(?:\w+:)?(\w+)>", plain)


def _fill(pattern: str, values: dict[str, Any]) -> str:
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m[1]]), pattern)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), url)
    url = url.replace("^", "").replace("$", "")
    return "/" + url


def _value(name: str, obj: Any) -> Any:
    if name == "public_id":
        return obj.public_id
    if name == "slug":
        return obj.slug
    return obj.pk


@dataclass
class Probe:
    url: str
    objects: list[Any]  # every object the URL names (each must exist when probed)


def probe_for(route: Route, key: str, model: Any, side: Side, shared: Shared) -> Probe | None:
    """The URL for ``route`` on ``side``'s objects; None where it does not apply."""
    from django.contrib.contenttypes.models import ContentType

    values: dict[str, Any] = {}
    objects: list[Any] = []

    def use(name: str, obj: Any) -> None:
        values[name] = _value(name, obj)
        objects.append(obj)

    if key == "admin:view_on_site":  # a real object's content type (ids differ per database)
        content_type = ContentType.objects.get_for_model(side.organisation)
        use("content_type_id", content_type)
        use("object_id", side.organisation)
        return Probe(_fill(route.pattern, values), objects)
    for name in _arguments(route):
        if model is not None and name == "object_id":
            managed = model._meta.managed  # django-rq's dashboard model has no table
            row = model._default_manager.order_by("pk").first() if managed else None
            if row is None:
                return None  # no row to show: the model's object pages are not probed
            use(name, row)
        elif key in _BY_SIDE:
            if name in _BY_SIDE[key]:
                obj = _BY_SIDE[key][name](side)
                if obj is None:
                    return None
                use(name, obj)
            elif name in _CHOICES:
                values[name] = _choice(key, name)
            else:
                raise AssertionError(f"{key}: no real value for its argument {name!r}")
        elif key in _SHARED and name in _SHARED[key]:
            use(name, _SHARED[key][name](shared))
        elif key == "transparency:entry" and name == "index":
            values[name] = 0  # the seed's first log entry
            objects.append(LogEntry.objects.get(index=0))
        elif key == "transparency:tile" and name == "path":
            size = LogEntry.objects.count()
            values[name] = f"0/000.p/{size}"  # the real partial tile of the seeded tree
        elif key == "account_confirm_email" and name == "key":
            values[name] = shared.tokens["confirm_key"]
        elif key == "account_reset_password_from_key" and name in ("uidb36", "key"):
            values[name] = shared.tokens["uidb36" if name == "uidb36" else "reset_key"]
        elif name in _CHOICES:
            values[name] = _choice(key, name)
        elif name in ("queue_index", "scheduler_index", "connection_index"):
            values[name] = 0  # django-rq's first (default) queue, scheduler, connection
        elif name in _NOT_OBJECTS or (key == _DJANGO_RQ_KEY and name == "key"):
            values[name] = "1"
        else:
            raise AssertionError(f"{key}: no real value for its argument {name!r}")
    return Probe(_fill(route.pattern, values), objects)


def missing_objects(probe: Probe) -> list[str]:
    return [
        f"{type(obj).__name__} {obj.pk}"
        for obj in probe.objects
        if not type(obj)._default_manager.filter(pk=obj.pk).exists()
    ]


def scoped(key: str) -> bool:
    return key in _BY_SIDE


# --- Outcomes ------------------------------------------------------------------------


def outcome(client: Client, url: str) -> tuple[str, str]:
    try:
        response = client.get(url)
    except Exception as error:  # a view that raises is a 500 for the visitor
        return "error", repr(error)
    status = response.status_code
    if status == 503 and url.rstrip("/").endswith("readyz"):
        return "unready", ""  # no worker in the test run: readiness says so, by design
    if status >= 500:
        return "error", str(status)
    if status in (301, 302, 303, 307, 308):
        target = response.get("Location", "")
        if "/login/" in target:
            return "login", ""
        if "/2fa/" in target:
            return "mfa", ""
        return "redirect", ""
    names = {
        200: "ok", 400: "bad", 401: "auth", 403: "deny", 404: "none", 405: "post",
    }  # fmt: skip
    if status == 200 and response.get("Content-Type", "").startswith(("text/", "application/")):
        body = b"".join(response) if response.streaming else response.content
        return "ok", body.decode(errors="replace")
    return names.get(status, str(status)), ""


def _row(cells: str) -> list[str]:
    row = cells.split()
    assert len(row) == len(ROLES), cells
    return row


def expected_rows(key: str) -> tuple[list[str], list[str] | None]:
    spec = EXPECTED.get(key) or ADMIN_MODEL_RULES.get(key)
    assert spec is not None, f"{key} has no row in the permission matrix"
    own, _, other = spec.partition("|")
    return _row(own), (_row(other) if other.strip() else None)


def clients(users: dict[str, Any]) -> dict[str, Client]:
    made = {"anonymous": Client()}
    for role, user in users.items():
        made[role] = sign_in(Client(), user)
    return made


# --- The tests -----------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    missing = sorted(
        {k for k, _ in map(table_key, all_routes())} - set(EXPECTED) - set(ADMIN_MODEL_RULES)
    )
    assert missing == [], f"URL patterns without a row in tests/web/permission_matrix.py: {missing}"
    stale = sorted(set(EXPECTED) - {k for k, _ in map(table_key, all_routes())})
    assert stale == [], f"rows for URL patterns that no longer exist: {stale}"


def _quiet_refusals(monkeypatch: Any) -> None:
    """Django logs every 403 and 404 with its traceback: thousands here, all expected."""
    import logging

    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)


def test_the_permission_matrix(settings, tmp_path, monkeypatch):
    _quiet_refusals(monkeypatch)
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    users, a, b, shared = seed(tmp_path)
    by_role = clients(users)
    unresolved: list[str] = []
    own_side = {"applicant": a, "partner": b}
    other_side = {"applicant": b, "partner": a}
    mismatches: list[str] = []
    grants: list[str] = []
    leaks: list[str] = []
    observed: dict[str, tuple[list[str], list[str]]] = {}
    requests = 0
    for route in all_routes():
        key, model = table_key(route)
        own_row, other_row = (
            expected_rows(key) if not os.environ.get("MATRIX_PRINT") else (["?"] * len(ROLES), None)
        )
        seen_own: list[str] = []
        seen_other: list[str] = []
        for index, role in enumerate(ROLES):
            if route.pattern.startswith("admin/") and role not in ADMIN_PROBED:
                seen_own.append("skip")
                continue
            client = by_role[role]
            for which, side, expected, seen in (
                ("own", own_side.get(role, a), own_row, seen_own),
                ("other", other_side.get(role, b), other_row, seen_other),
            ):
                if which == "other" and not scoped(key):
                    continue
                probe = probe_for(route, key, model, side, shared)
                if probe is None:
                    seen.append("-")
                    continue
                url = probe.url
                gone = missing_objects(probe)
                if gone:
                    unresolved.append(f"{role} {which} {url}: names no {', '.join(gone)}")
                got, body = outcome(client, url)
                requests += 1
                seen.append(got)
                want = (expected or own_row)[index]
                if got != want and want != "any":
                    mismatches.append(f"{role:13} {which:5} {url}: {got} (table: {want})")
                    if got == "ok" and want != "ok":
                        grants.append(f"{role} {which} {url}")
                if role in ("applicant", "partner", "anonymous") and got == "ok":
                    for text in (INTERNAL_NOTE, REVIEWER_NAME):
                        if text in body:
                            leaks.append(f"{role} {which} {url}: shows {text!r}")
        observed[key] = (seen_own, seen_other)
    if os.environ.get("MATRIX_PRINT"):
        for key, (own, other) in sorted(observed.items()):
            own = [own[ROLES.index("board")] if c == "skip" else c for c in own]
            cells = " ".join(f"{c:8}" for c in own).rstrip()
            if other:
                cells += " | " + " ".join(f"{c:8}" for c in other).rstrip()
            print(f'    "{key}": "{cells}",')
        print("requests:", requests, "routes:", len(all_routes()))
    assert unresolved == [], "URLs probed on objects that do not exist:\n" + "\n".join(unresolved)
    assert leaks == [], "internal text shown to an applicant, partner or visitor:\n" + "\n".join(
        leaks
    )
    assert grants == [], "unexpected grants:\n" + "\n".join(grants)
    assert mismatches == [], "outcomes differ from the table:\n" + "\n".join(mismatches)


# --- POST probes ---------------------------------------------------------------------
#
# Every URL is also POSTed to (empty form, no CSRF token: the test client does not
# enforce it) by every role on its own and the other organisation's objects, each POST
# in a savepoint rolled back afterwards, with the client's cookies and the cache (rate
# limits) put back, so the seed and the sessions stay as they were for the next probe.
# The outcome is a class: ``yes`` the view let the role through (it answered with a page,
# a form's errors, a redirect other than to sign in, a 400); ``no`` it refused (403,
# 404, 401, or sent to sign in), or the action it called refused the actor (raised
# ``NotAllowed``, which such views show as a message on the page they go back to);
# ``get`` it takes no POST (405). The expected class comes
# from POST_EXPECTED where the table has a row, else from the GET row (an allowed GET
# means an allowed POST or a 405; a refused GET a refused POST or a 405).

_REFUSED = {"login", "deny", "none", "auth"}
_ALLOWED = {"ok", "redirect", "bad", "unready", "mfa"}


# The few POSTs whose empty form names no object (so every role would get a 404): the
# least that reaches the permission check, from the viewer's side.
_POST_DATA: dict[str, Callable[[Side], dict[str, Any]]] = {
    "groups:join": lambda side: {"organisation": side.organisation.pk},
}


def post_outcome(
    client: Client, url: str, refusals: list[Any], data: dict[str, Any] | None = None
) -> str:
    """``refusals`` collects every ``NotAllowed`` raised meanwhile (see the test)."""
    import copy

    from django.core.cache import cache
    from django.db import transaction

    cookies = copy.deepcopy(client.cookies)
    refusals.clear()
    with transaction.atomic():
        try:
            response = client.post(url, data or {})
        except Exception as error:  # a view that raises is a 500 for the visitor
            status, target = 500, repr(error)
        else:
            status, target = response.status_code, response.get("Location", "")
        transaction.set_rollback(True)
    client.cookies = cookies
    cache.clear()  # rate limits counted by the probe (sessions are in the database)
    if status >= 500:
        return "error"
    if status == 405:
        return "get"
    if status in (401, 403, 404) or (300 <= status < 400 and "/login/" in target):
        return "no"
    return "no" if refusals else "yes"


def expected_post(key: str, get_cell: str, post_row: list[str] | None, index: int) -> set[str]:
    """The POST outcomes the table allows for one cell."""
    if post_row is not None:
        cell = post_row[index]
        return {"yes", "no", "get", "error"} if cell == "any" else {cell}
    if get_cell == "any":
        return {"yes", "no", "get", "error"}
    if get_cell in _ALLOWED:
        return {"yes", "get"}
    if get_cell in _REFUSED:
        return {"no", "get"}
    raise AssertionError(f"{key}: GET cell {get_cell!r} needs a row in POST_EXPECTED")


def post_rows(key: str) -> tuple[list[str] | None, list[str] | None]:
    spec = POST_EXPECTED.get(key)
    if spec is None:
        return None, None
    own, _, other = spec.partition("|")
    return _row(own), (_row(other) if other.strip() else None)


def test_every_post_row_names_a_url_pattern():
    known = {k for k, _ in map(table_key, all_routes())}
    assert sorted(set(POST_EXPECTED) - known) == []


def _read_only_admin(model: Any) -> bool:
    """Whether ``model``'s admin is ours and refuses writes exactly as ReadOnlyModelAdmin
    does (no override of a permission hook or of a write view)."""
    if not _ours(model):
        return False
    model_admin = type(admin.site._registry[model])
    hooks = (
        "has_add_permission", "has_change_permission", "has_delete_permission",
        "has_view_permission", "changeform_view", "delete_view", "changelist_view",
        "get_actions", "actions",
    )  # fmt: skip
    return all(getattr(model_admin, h) is getattr(ReadOnlyModelAdmin, h) for h in hooks)


def test_the_permission_matrix_for_post(settings, tmp_path, monkeypatch):
    from alliance.core import errors

    _quiet_refusals(monkeypatch)
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    refusals: list[Any] = []
    plain_init = errors.NotAllowed.__init__

    def recorded(self: Any, *args: Any, **kwargs: Any) -> None:
        refusals.append(self)
        plain_init(self, *args, **kwargs)

    monkeypatch.setattr(errors.NotAllowed, "__init__", recorded)
    users, a, b, shared = seed(tmp_path)
    refusals.clear()
    # The alliance's read-only model admins share one class and one row per kind: POST
    # probes the first such model of each kind (GET walks them all); an admin that
    # overrides a permission hook or a write view is probed like any other URL.
    admin_kinds_probed: set[str] = set()
    by_role = clients(users)
    own_side = {"applicant": a, "partner": b}
    other_side = {"applicant": b, "partner": a}
    printing = bool(os.environ.get("MATRIX_PRINT"))
    mismatches: list[str] = []
    grants: list[str] = []
    unresolved: list[str] = []
    observed: dict[str, tuple[list[str], list[str]]] = {}
    requests = 0
    for route in all_routes():
        key, model = table_key(route)
        if key.startswith("admin:<model>_") and model is not None and _read_only_admin(model):
            if key in admin_kinds_probed:
                continue
            admin_kinds_probed.add(key)
        own_get, other_get = expected_rows(key)
        own_post, other_post = post_rows(key)
        seen_own: list[str] = []
        seen_other: list[str] = []
        for index, role in enumerate(ROLES):
            if route.pattern.startswith("admin/") and role not in ADMIN_PROBED:
                seen_own.append("skip")
                continue
            for which, side, get_row, post_row, seen in (
                ("own", own_side.get(role, a), own_get, own_post, seen_own),
                ("other", other_side.get(role, b), other_get, other_post, seen_other),
            ):
                if which == "other" and not scoped(key):
                    continue
                probe = probe_for(route, key, model, side, shared)
                if probe is None:
                    seen.append("-")
                    continue
                gone = missing_objects(probe)
                if gone:
                    unresolved.append(f"{role} {which} {probe.url}: names no {', '.join(gone)}")
                data = _POST_DATA[key](side) if key in _POST_DATA else None
                got = post_outcome(by_role[role], probe.url, refusals, data)
                requests += 1
                seen.append(got)
                if printing:
                    continue
                get_cell = (get_row or own_get)[index]
                wanted = expected_post(key, get_cell, post_row or own_post, index)
                if got not in wanted:
                    mismatches.append(
                        f"{role:13} {which:5} POST {probe.url}: {got} (table: {sorted(wanted)})"
                    )
                    if got == "yes":
                        grants.append(f"{role} {which} POST {probe.url}")
        observed[key] = (seen_own, seen_other)
    if printing:
        for key, (own, other) in sorted(observed.items()):
            own = [own[ROLES.index("board")] if c == "skip" else c for c in own]
            cells = " ".join(f"{c:8}" for c in own).rstrip()
            if other:
                cells += " | " + " ".join(f"{c:8}" for c in other).rstrip()
            print(f'    "{key}": "{cells}",')
        print("POST requests:", requests, "routes:", len(all_routes()))
        return
    assert unresolved == [], "URLs probed on objects that do not exist:\n" + "\n".join(unresolved)
    assert grants == [], "unexpected grants (POST):\n" + "\n".join(grants)
    assert mismatches == [], "POST outcomes differ from the table:\n" + "\n".join(mismatches)
