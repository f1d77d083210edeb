"""Small request helpers every app's views share."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True for requests made by htmx (django-htmx sets ``request.htmx``)."""
    return bool(getattr(request, "htmx", False))
