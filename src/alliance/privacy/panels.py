"""Privacy in shared pages: "My data" in the header, the notice prompt on the dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from alliance.core.permissions import Perm, can
from alliance.privacy import selectors


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    user: Any = request.user
    if not user.is_authenticated:
        return [("public", _("Privacy"), reverse("privacy:notice"))]
    items = [("account", _("My data"), reverse("privacy:my_data"))]
    if can(user, Perm.MANAGE_DATA_RIGHTS):
        items.append(("secretariat", _("Data requests"), reverse("privacy:queue")))
    return items


def dashboard_panel(request: HttpRequest) -> str | None:
    user: Any = request.user
    prompt = selectors.needs_acceptance(user)
    staff = can(user, Perm.MANAGE_DATA_RIGHTS)
    if not prompt and not staff:
        return None
    return render_to_string(
        "privacy/_dashboard_panel.html",
        {
            "prompt": prompt,
            "notice": selectors.current_notice(),
            "previous": selectors.latest_acceptance(user),
            "due": list(selectors.open_requests()[:5]) if staff else [],
            "staff": staff,
        },
        request=request,
    )
