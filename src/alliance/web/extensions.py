"""Extension points through which each domain app adds to shared pages.

An app ``alliance.<app>`` may provide a module ``alliance.<app>.panels`` with any of:

- ``organisation_panel(request, organisation) -> str | None``: HTML for the organisation page
- ``dashboard_panel(request) -> str | None``: HTML for the signed-in dashboard
- ``nav_items(request) -> list[tuple[str, str, str]]``: (group, label, url) links for the
  header; the group is the role the link serves (``web.context.NAV_GROUPS``)
- ``page_banner(request) -> str | None``: HTML shown at the top of every page (e.g. a
  partner's due-process notice)

(Each app's part of the demo alliance lives in the ``alliance.demo`` package, the top layer.)
Each function does its own permission checks.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache
from types import ModuleType
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from alliance.core.http import is_htmx

__all__ = [
    "DOMAIN_APPS",
    "dashboard_panels",
    "domain_module",
    "is_htmx",
    "nav_items",
    "page_banners",
]

DOMAIN_APPS = (
    "screening",
    "diligence",
    "governance",
    "groups",
    "funding",
    "transparency",
    "credentials",
    "privacy",
)


@cache
def domain_module(app: str, name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"alliance.{app}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"alliance.{app}.{name}":
            raise
        return None


def _app_hooks(module_name: str, function: str) -> Iterator[tuple[str, Any]]:
    for app in DOMAIN_APPS:
        module = domain_module(app, module_name)
        hook = getattr(module, function, None) if module else None
        if hook is not None:
            yield app, hook


def _hooks(module_name: str, function: str) -> Iterator[Any]:
    for _app, hook in _app_hooks(module_name, function):
        yield hook


def _rendered(html: str) -> SafeString:
    # Panels return HTML their app rendered through Django templates (auto-escaped).
    return mark_safe(html)  # noqa: S308


def organisation_panels(request: HttpRequest, organisation: Any) -> list[SafeString]:
    return [
        _rendered(html)
        for hook in _hooks("panels", "organisation_panel")
        if (html := hook(request, organisation))
    ]


def dashboard_panels(
    request: HttpRequest,
    through: Callable[[str, Callable[[], str | None]], str | None] | None = None,
) -> list[SafeString]:
    """Each app's dashboard panel; ``through(app, produce)``, when given, is how each is
    obtained (web.fragments.cached keeps them between requests)."""
    panels = []
    for app, hook in _app_hooks("panels", "dashboard_panel"):
        produce = lambda hook=hook: hook(request)  # noqa: E731
        html = through(app, produce) if through else produce()
        if html:
            panels.append(_rendered(html))
    return panels


def nav_items(request: HttpRequest) -> list[tuple[str, Any, str]]:
    return [item for hook in _hooks("panels", "nav_items") for item in hook(request)]


def page_banners(request: HttpRequest) -> list[SafeString]:
    return [_rendered(html) for hook in _hooks("panels", "page_banner") if (html := hook(request))]
