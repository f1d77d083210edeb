"""The web app's URLs come first (speed); that must not change which view answers a path."""

from __future__ import annotations

import contextlib
import re
import uuid

from django.urls import URLResolver, get_resolver
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern

import alliance.web.urls as web_urls

SAMPLES = {"int": "1", "slug": "x", "uuid": str(uuid.uuid4()), "str": "x", "path": "x"}


def _sample_path(pattern: object) -> str:
    route = str(pattern)
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)


def _domain_includes() -> list[URLResolver]:
    return [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver)
        and str(entry.pattern) == ""
        and getattr(entry.urlconf_module, "__name__", "") != "alliance.web.urls"
    ]


def test_no_web_pattern_shadows_a_domain_apps_page():
    web = URLResolver(RoutePattern(""), web_urls)
    includes = _domain_includes()
    assert includes  # the domain apps' pages are mounted at the root
    shadowed = []
    for include in includes:
        for pattern in include.url_patterns:
            path = _sample_path(pattern.pattern)
            with contextlib.suppress(Resolver404):
                shadowed.append((path, web.resolve(path).view_name))
    assert shadowed == []
