"""Group links in the header and a dashboard panel for members and the Board."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alliance.core.permissions import Perm, can
from alliance.groups.models import Membership, MembershipStatus
from alliance.groups.selectors import awaiting_answer, is_overdue


def nav_items(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        ("Groups", reverse("groups:list")),
        ("Recommendations", reverse("groups:recommendations")),
    ]


def dashboard_panel(request: HttpRequest) -> str | None:
    user: Any = request.user
    mine = list(
        Membership.objects.filter(user=user, status=MembershipStatus.APPROVED).select_related(
            "group"
        )
    )
    board = can(user, Perm.VIEW_BOARD_PAPERS)
    if not mine and not board:
        return None
    today = timezone.localdate()
    waiting = [(r, is_overdue(r, today)) for r in awaiting_answer()] if board else []
    return render_to_string(
        "groups/_dashboard_panel.html", {"mine": mine, "waiting": waiting}, request=request
    )
