from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from alliance.core.permissions import Perm, can
from alliance.web.extensions import nav_items, page_banners


def site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "alliance_name": settings.ALLIANCE_NAME,
        "nav": {
            "staff": can(user, Perm.MANAGE_INTAKE),
            "board": can(user, Perm.VIEW_BOARD_PAPERS),
            "reviewer": can(user, Perm.REVIEW_DILIGENCE),
            "administer": can(user, Perm.ADMINISTER),
        },
        "nav_extra": nav_items(request),
        "page_banners": page_banners(request),
    }
