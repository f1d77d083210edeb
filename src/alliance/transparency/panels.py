"""Header link to the transparency page (see alliance.web.extensions)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse


def nav_items(request: HttpRequest) -> list[tuple[str, str]]:
    return [("Transparency", reverse("transparency:overview"))]
