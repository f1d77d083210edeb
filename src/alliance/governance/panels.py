"""The Board's links in the header and its panel on the dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.permissions import Panel, Perm, can, sees_panel
from alliance.governance.models import Notification
from alliance.governance.selectors import (
    partner_notices,
)


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    items = [
        ("public", _("Decisions"), reverse("governance:decisions")),
        ("public", _("Rules"), reverse("governance:rules")),
    ]
    if can(request.user, Perm.VIEW_BOARD_PAPERS):
        items.insert(0, ("board", _("Board"), reverse("governance:board")))
    return items


def dashboard_panel(request: HttpRequest) -> str | None:
    """Unread notifications; what waits for the Board is on its section of the home
    (web.home)."""
    user = request.user
    if not user.is_authenticated:
        return None
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if not unread:
        return None
    return render_to_string("governance/_dashboard_panel.html", {"unread": unread}, request=request)


def page_banner(request: HttpRequest) -> str | None:
    """A partner's contacts see, on every page, the notice sent to their partnership: its
    reasons, the response deadline and the partnership's state."""
    notices = partner_notices(request.user)
    if not notices:
        return None
    # Rendered without the request: its context processors are what call this hook.
    return render_to_string(
        "governance/_partner_banner.html", {"notices": notices, "today": timezone.localdate()}
    )


def organisation_panel(request: HttpRequest, organisation: Any) -> str | None:
    """Board motions and due-process notices about this organisation, for the Board and
    the secretariat; the partner sees the notices addressed to it."""
    from alliance.governance.models import DueProcessNotice, Motion

    user = request.user
    board = sees_panel(user, Panel.BOARD_MOTIONS, organisation)
    own = sees_panel(user, Panel.DUE_PROCESS_NOTICES, organisation)
    if not (board or own):
        return None
    partnership = getattr(organisation, "partnership", None)
    notices = DueProcessNotice.objects.filter(partnership__organisation=organisation)
    motions = (
        Motion.objects.filter(
            Q(application__organisation=organisation) | Q(partnership__organisation=organisation)
        ).order_by("-opened_on")
        if board
        else []
    )
    return render_to_string(
        "governance/_organisation_panel.html",
        {
            "motions": motions,
            # A partner is shown its notices only: "no motions" would say its admission
            # was never moved (walk 3); the Board's decisions are public, one link away.
            "sees_motions": board,
            "notices": notices,
            "partnership": partnership,
            "can_notify": can(user, Perm.RECORD_BOARD_DECISION)
            and partnership is not None
            and partnership.status in ("active", "suspended"),
        },
        request=request,
    )
