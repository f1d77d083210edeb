"""Group links in the header and a dashboard panel for members and the Board."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def nav_items(request: HttpRequest) -> list[tuple[str, str, str]]:
    return [
        ("public", _("Groups"), reverse("groups:list")),
        ("public", _("Recommendations"), reverse("groups:recommendations")),
    ]
