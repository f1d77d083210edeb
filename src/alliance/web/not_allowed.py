"""A page, not the browser's blank "HTTP ERROR 405", for a visit to an address that only
takes a form (``require_POST`` views answer an empty 405): someone who follows a link
they were sent, or reloads after a form, is told what the address is and a way back.
A form sent to a page that is only read (``require_safe`` views: the home page, the
register, the Board's pages) gets the same page in other words: Chromium showed its own
"HTTP ERROR 405" there too (walk 4). The status and its ``Allow`` header stay as the
view set them; the API's JSON answers, and any 405 that already has a body, are left as
they are."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse

VISIT_METHODS = frozenset({"GET", "HEAD"})


class MethodNotAllowedPage:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content  # type: ignore[attr-defined]
            or request.path.startswith("/api/")
        ):
            return response
        page = TemplateResponse(
            request, "405.html", {"visit": request.method in VISIT_METHODS}, status=405
        )
        page.render()
        for header in ("Allow", "Cache-Control", "Vary"):
            if header in response:
                page[header] = response[header]
        return page
