from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.core.permissions import Perm, can
from alliance.core.roles import organisation_ids
from alliance.web import fragments
from alliance.web.extensions import nav_items, page_banners

# The header's groups, in order: one per role, then the public record and the account.
NAV_GROUPS = (
    ("secretariat", _("Secretariat")),
    ("reviewer", _("Review")),
    ("board", _("Board")),
    ("admin", _("Administration")),
    ("public", _("Public record")),
    ("account", _("My account")),
)


def nav_groups(request: HttpRequest) -> list[dict[str, Any]]:
    """The header's links grouped by role: (key, label, [(label, url)]) for each group
    that has a link for this person, in NAV_GROUPS order."""
    user = request.user
    items: list[tuple[str, Any, str]] = []  # (group, label, url); labels may be lazy
    if can(user, Perm.MANAGE_INTAKE):
        items.append(("secretariat", _("Intake queue"), reverse("web:intake")))
    if can(user, Perm.ADMINISTER):
        items.append(("admin", _("Roles"), reverse("web:roles")))
    items += nav_items(request)
    return [
        {"key": key, "label": label, "links": links}
        for key, label in NAV_GROUPS
        if (links := [(text, url) for group, text, url in items if group == key])
    ]


# Where site() keeps its result on the request (see below).
_MEMO = "_alliance_site_context"


def site(request: HttpRequest) -> dict[str, Any]:
    """The header's data, computed once per request, person and language.

    Every template rendered with the request runs the context processors again: the
    dashboard renders its panels that way, and each run would repeat the header's
    permission checks and the banners' queries (issue 19: three runs per dashboard).
    """
    user = request.user
    key = (getattr(user, "pk", None), user.is_authenticated, get_language())
    memo = getattr(request, _MEMO, None)
    if memo is not None and memo[0] == key:
        return memo[1]
    context = _site(request)
    setattr(request, _MEMO, (key, context))
    return context


def _site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "alliance_name": settings.ALLIANCE_NAME,
        "nav": {
            "staff": can(user, Perm.MANAGE_INTAKE),
            "board": can(user, Perm.VIEW_BOARD_PAPERS),
            "reviewer": can(user, Perm.REVIEW_DILIGENCE),
            "administer": can(user, Perm.ADMINISTER),
        },
        "nav_groups": nav_groups(request),
        # The banners are a partner's notices (a query on every page for a person of an
        # organisation, none for anyone else): kept like the dashboard's fragments.
        "page_banners": (
            fragments.cached(request, "page-banners", lambda: page_banners(request))
            if user.is_authenticated and organisation_ids(user)
            else page_banners(request)
        ),
    }
