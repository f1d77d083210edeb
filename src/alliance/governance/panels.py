"""The Board's links in the header and its panel on the dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alliance.core.permissions import Panel, Perm, can, sees_panel
from alliance.governance.conflict_rulings import rulings_awaiting
from alliance.governance.models import Notification
from alliance.governance.selectors import (
    conflicts_awaiting,
    endorsements_awaiting_review,
    open_motions,
    partner_notices,
)


def nav_items(request: HttpRequest) -> list[tuple[str, str]]:
    items = [("Rules", reverse("governance:rules")), ("Decisions", reverse("governance:decisions"))]
    if can(request.user, Perm.VIEW_BOARD_PAPERS):
        items.insert(0, ("Board", reverse("governance:board")))
    return items


def dashboard_panel(request: HttpRequest) -> str | None:
    user = request.user
    unread = (
        Notification.objects.filter(user=user, read_at__isnull=True).count()
        if (user.is_authenticated)
        else 0
    )
    reviews = list(endorsements_awaiting_review()) if can(user, Perm.REVIEW_DILIGENCE) else []
    if not can(user, Perm.VIEW_BOARD_PAPERS):
        if not (unread or reviews):
            return None
        return render_to_string(
            "governance/_dashboard_panel.html",
            {"unread": unread, "open": [], "reviews": reviews, "reviewer_only": True},
            request=request,
        )
    return render_to_string(
        "governance/_dashboard_panel.html",
        {
            "unread": unread,
            "open": open_motions()[:10],
            "conflicts": list(conflicts_awaiting(user)),
            "reviews": reviews,
            "rulings": rulings_awaiting(user),
        },
        request=request,
    )


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
            "notices": notices,
            "partnership": partnership,
            "can_notify": can(user, Perm.RECORD_BOARD_DECISION)
            and partnership is not None
            and partnership.status in ("active", "suspended"),
        },
        request=request,
    )
