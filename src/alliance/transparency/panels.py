"""Header link to the transparency page (see alliance.web.extensions)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    return [("public", _("Transparency"), reverse("transparency:overview"))]
