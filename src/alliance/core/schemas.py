"""Schemas shared by every part of the REST API (the top-level `alliance.api` and each
app's own `alliance.<app>.api` router)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str


# The error responses a session-authenticated endpoint documents besides its 200:
# not signed in, not allowed, no such object.
SESSION_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
