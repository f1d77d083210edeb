"""The credential panel on the organisation page, and the verifier in the header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from alliance.core.permissions import Panel, Perm, can, sees_panel
from alliance.credentials import selectors

# The words for a tier's stored (English) name in the reader's language: funding names
# the tiers and sits beside credentials in the layers, so the web layer registers its
# reader here at start-up (web.apps); until then the name is shown as stored.
_tier_words: Callable[[str], str] = str


def register_tier_words(words: Callable[[str], str]) -> None:
    global _tier_words
    _tier_words = words


def tier_words(name: str) -> str:
    return _tier_words(name) if name else ""


def organisation_panel(request: HttpRequest, organisation: Any) -> str | None:
    holder = can(request.user, Perm.HOLD_OWN_CREDENTIAL, organisation)
    staff = sees_panel(request.user, Panel.CREDENTIAL_HISTORY, organisation)
    if not sees_panel(request.user, Panel.CREDENTIAL, organisation):
        return None
    partnership = getattr(organisation, "partnership", None)
    if partnership is None:
        return None
    history = list(selectors.credentials_of_organisation(organisation)[:20])
    current = next(
        (c for c in history if c.revoked_at is None and c.superseded_by_id is None), None
    )
    return render_to_string(
        "credentials/_organisation_panel.html",
        {
            "current": current,
            "current_tier": tier_words(current.tier) if current else "",
            "holder": holder,
            "partnership": partnership,
            "history": [(c, tier_words(c.tier)) for c in history] if staff else [],
            "can_issue": can(request.user, Perm.ISSUE_CREDENTIALS),
        },
        request=request,
    )


def dashboard_panel(request: HttpRequest) -> str | None:
    """The credentials the signed-in person holds personally (group membership); the
    organisation's partnership credential is on the partner's section of the home
    (web.home)."""
    if not request.user.is_authenticated:
        return None
    held = list(selectors.credentials_held_by(request.user)[:20])
    if not held:
        return None
    return render_to_string(
        "credentials/_dashboard_panel.html",
        # No request: the panel needs no context processor (each would cost queries).
        {"partnership_credentials": [], "held": held},
    )


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    items = [("public", _("Verify"), reverse("credentials:verifier"))]
    if can(request.user, Perm.ADMINISTER):
        items.append(("admin", _("Issuer keys"), reverse("credentials:keys")))
    return items
