"""Responses to a signed-in person are never stored by a browser or a shared cache.

Pages and downloads for signed-in people carry personal data (officers, evidence, due
diligence, exports), so every response to an authenticated request gets
``Cache-Control: no-store`` (Django's ``add_never_cache_headers``: also ``private`` and
``max-age=0``), even where a view marked it cacheable for the public. Anonymous public
pages keep their own caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedIn:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
