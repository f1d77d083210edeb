"""The generated permission matrix (issue 14): every URL pattern the site serves (pages,
downloads, the ninja API, the Django admin) × every demo role × the viewer's own and
another organisation's objects, compared with the expected table in
``tests/web/permission_matrix.py``.

- A URL pattern without an entry in the table fails the test.
- Any outcome other than the table's fails it; one where the table says no and the site
  answers (``ok``) is an unexpected grant.
- Every page an applicant or partner reaches is checked for internal text: the reviewer's
  name and the internal note seeded on both organisations never appear.

Seeded once for the whole matrix (one test walks it), GET only: writes are refused by
their own tests; here a POST-only URL answers ``post`` (405) to whoever gets that far.
Set ``MATRIX_PRINT=1`` to print the observed table (to review a new URL's row).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from alliance.accounts.models import User
from alliance.core.admin import ReadOnlyModelAdmin
from alliance.core.audit import audit_record
from alliance.diligence import actions as diligence_actions
from alliance.diligence.selectors import latest_case
from tests.factories import (
    PASSWORD,
    admitted_partnership,
    make_user,
    sign_in,
    submitted_application,
)
from tests.web.permission_matrix import ADMIN_MODEL_RULES, EXPECTED, ROLES

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "INTERNAL-NOTE-7f3a: second review agrees"
REVIEWER_NAME = "Rita Reviewer"
SECRETARIAT_NAME = "Sam Secretariat"
MISSING = 999_999
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


# --- The seed ------------------------------------------------------------------------


@dataclass
class Side:
    """One organisation's objects: the applicant's (A, in due diligence) or the
    partner's (B, admitted)."""

    organisation: Any
    application: Any
    case: Any
    partnership: Any = None
    request: Any = None
    credential: Any = None


def _first_pk(model_path: str) -> int:
    from django.apps import apps

    row = apps.get_model(model_path).objects.order_by("pk").first()
    return row.pk if row is not None else MISSING


def seed() -> tuple[dict[str, Any], Side, Side]:
    users = {
        "applicant": make_user("alice@amani.example", full_name="Alice Achieng"),
        "partner": make_user("bob@other.example", full_name="Bob Brown"),
        "secretariat": make_user("sam@s.example", "secretariat", full_name=SECRETARIAT_NAME),  # type: ignore[arg-type]
        "reviewer": make_user("rita@r.example", "reviewer", full_name=REVIEWER_NAME),  # type: ignore[arg-type]
        "board": make_user("ben@b.example", "board_member", full_name="Ben Board"),  # type: ignore[arg-type]
        "chair": make_user("carla@b.example", "board_chair", full_name="Carla Chair"),  # type: ignore[arg-type]
        "administrator": make_user("ada@a.example", "administrator", full_name="Ada Admin"),  # type: ignore[arg-type]
    }
    # The operator account `alliance createadmin` makes: the only one that reaches /admin/.
    users["superuser"] = User.objects.create_superuser(
        email="root@a.example", password=PASSWORD, full_name="Root Operator"
    )
    EmailAddress.objects.create(
        user=users["superuser"], email=users["superuser"].email, verified=True, primary=True
    )
    sam = users["secretariat"]
    application = submitted_application(users["applicant"], "Amani Aid")
    a = Side(application.organisation, application, latest_case(application))
    partnership = admitted_partnership(users["partner"], sam, "Other Org")
    b_application = partnership.organisation.applications.get()
    b = Side(partnership.organisation, b_application, latest_case(b_application), partnership)
    a.request = diligence_actions.info_request_send(
        actor=sam, case=a.case, question="Please send the 2025 audited accounts."
    )
    for side in (a, b):
        with transaction.atomic():
            audit_record(
                actor=users["reviewer"], verb="diligence.signed_off", target=side.application,
                organisation=side.organisation, reason=INTERNAL_NOTE,
            )  # fmt: skip
    from alliance.credentials.models import IssuedCredential

    b.credential = IssuedCredential.objects.filter(partnership=partnership).first()
    return users, a, b


# --- URL arguments -------------------------------------------------------------------

# (table key, argument) -> value for one side; None: the URL does not apply to that side.
Builder = Callable[[Side], Any]
_BY_SIDE: dict[str, Builder] = {
    "web:organisation_detail": lambda s: s.organisation.pk,
    "web:organisation_people": lambda s: s.organisation.pk,
    "web:application_detail": lambda s: s.application.pk,
    "web:application_withdraw": lambda s: s.application.pk,
    "web:application_move": lambda s: s.application.pk,
    "web:apply_step": lambda s: s.application.pk,
    "api-1:organisation_get": lambda s: s.organisation.pk,
    "api-1:hits": lambda s: s.organisation.pk,
    "screening:screen_organisation": lambda s: s.organisation.pk,
    "diligence:case": lambda s: s.case.pk,
    "diligence:case_action": lambda s: s.case.pk,
    "diligence:board_pack": lambda s: s.case.pk,
    "diligence:board_pack_pdf": lambda s: s.case.pk,
    "diligence:case_for_application": lambda s: s.application.pk,
    "diligence:request_answer": lambda s: s.request.pk if s.request else None,
    "funding:tier_confirm": lambda s: s.application.pk,
    "funding:renew": lambda s: s.partnership.pk if s.partnership else None,
    "governance:notice_new": lambda s: s.partnership.pk if s.partnership else None,
    "credentials:reissue": lambda s: s.partnership.pk if s.partnership else None,
    "credentials:download": lambda s: s.credential.public_id if s.credential else None,
    "credentials:qr": lambda s: s.credential.public_id if s.credential else None,
}
# Arguments that do not depend on the organisation.
_FIXED: dict[str, Callable[[], Any]] = {
    "step": lambda: "organisation",
    "action": lambda: "add-note",
    "move": lambda: "start_due_diligence",
    "what": lambda: "document",
    "form": lambda: "rdfc",
    "fmt": lambda: "svg",
    "table": lambda: "pledges",
    "year": lambda: 2026,
    "purpose": lambda: "revocation",
    "index": lambda: 0,
    "version": lambda: 1,
    "path": lambda: "0/000",
    "key": lambda: "not-a-key",
    "uidb36": lambda: "1",
    "slug": lambda: "no-such-group",
    "content_type_id": lambda: "1",
    "object_id": lambda: "1",
}
_MODEL_OF: dict[str, str] = {
    "screening:alert": "screening.ScreeningAlert",
    "screening:decide": "screening.ScreeningResult",
    "diligence:controversy_status": "diligence.ControversyRecord",
    "governance:motion": "governance.Motion",
    "governance:motion_vote": "governance.Motion",
    "governance:motion_recuse": "governance.Motion",
    "governance:motion_close": "governance.Motion",
    "governance:neutrality": "governance.Motion",
    "governance:conflict_answer": "governance.Conflict",
    "governance:meeting": "governance.Meeting",
    "governance:notice": "governance.DueProcessNotice",
    "groups:recommendation": "groups.Recommendation",
    "groups:recommendation_act": "groups.Recommendation",
    "groups:membership_decide": "groups.Membership",
    "funding:pledge": "funding.Pledge",
    "funding:in_kind_evidence": "funding.InKindContribution",
    "privacy:export_status": "privacy.DataExport",
    "privacy:request": "privacy.DataRequest",
    "privacy:export_download": "privacy.DataExport",
    "web:role_revoke": "accounts.RoleGrant",
}


def _arguments(route: Route) -> list[str]:
    named = re.findall(r"\(\?P<(\w+)>", route.pattern)
    plain = re.sub(r"\(\?P<\w+>", "(", route.pattern)
    return named + re.findall(r"<(?:\w+:)?(\w+)>", plain)


def _fill(pattern: str, values: dict[str, Any]) -> str:
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m[1]]), pattern)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), url)
    url = url.replace("^", "").replace("$", "")
    return "/" + url


def url_for(route: Route, key: str, model: Any, side: Side) -> str | None:
    values: dict[str, Any] = {}
    if key == "admin:view_on_site":  # a real object's content type (ids differ per database)
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(side.organisation)
        return _fill(
            route.pattern, {"content_type_id": content_type.pk, "object_id": side.organisation.pk}
        )
    for name in _arguments(route):
        if model is not None and name == "object_id":
            managed = model._meta.managed  # django-rq's dashboard model has no table
            row = model._default_manager.order_by("pk").first() if managed else None
            if row is None:
                return None  # no row to show: the model's object pages are not probed
            values[name] = row.pk
        elif key in _BY_SIDE and name in {"pk", "org_id", "organisation_id", "public_id"}:
            value = _BY_SIDE[key](side)
            if value is None:
                return None
            values[name] = value
        elif name == "pk" and key in _MODEL_OF:
            values[name] = _first_pk(_MODEL_OF[key])
        else:
            # Third-party routes (allauth keys, django-rq queues): a value that names nothing.
            values[name] = _FIXED[name]() if name in _FIXED else "1"
    return _fill(route.pattern, values)


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


def test_the_permission_matrix(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    users, a, b = seed()
    by_role = clients(users)
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
                url = url_for(route, key, model, side)
                if url is None:
                    seen.append("-")
                    continue
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
    assert leaks == [], "internal text shown to an applicant, partner or visitor:\n" + "\n".join(
        leaks
    )
    assert grants == [], "unexpected grants:\n" + "\n".join(grants)
    assert mismatches == [], "outcomes differ from the table:\n" + "\n".join(mismatches)
