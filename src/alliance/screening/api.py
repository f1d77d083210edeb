"""Screening API for the secretariat and reviewers (mounted at /api/screening/)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from alliance.core.permissions import Panel, sees_panel
from alliance.core.schemas import SESSION_ERRORS
from alliance.engines.screening.query_input import InputError
from alliance.organisations.models import Organisation
from alliance.screening.engine import checked_query
from alliance.screening.panels import can_see_screening
from alliance.screening.selectors import (
    current_screener,
    current_versions,
    results_for_organisation,
)

router = Router(auth=SessionAuth())


class ScreeningSessionAuth(SessionAuth):
    """A session allowed to see screening: refused (403) before the body is read, so a
    person without the right learns nothing from the input's validation errors."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not can_see_screening(user):
            raise PermissionDenied(_("Only the secretariat and reviewers see screening."))
        return user


class ListVersionOut(Schema):
    list_id: str
    name: str
    digest: str
    source_filename: str
    loaded_at: datetime
    entry_count: int
    added: int
    changed: int
    removed: int


class HitOut(Schema):
    subject_source: str
    subject_name: str
    list_id: str
    entry_id: str
    matched_name: str
    score: float
    explanation: dict[str, Any]
    decision: str | None


class NameCheckIn(Schema):
    """One name to screen: ``name``, or its parts (or both: the parts then say which word
    is the given and which the family name)."""

    name: str = ""
    first_name: str = ""
    middle_name: str = ""
    patronymic: str = ""
    last_name: str = ""
    kind: str = ""  # person or organisation
    country: str = ""  # ISO 3166 code or an English, French or Spanish name
    birth_date: str = ""  # YYYY-MM-DD, YYYY-MM, YYYY, DD.MM.YYYY ...


class NameCheckError(Schema):
    field: str
    error: str


class MatchOut(Schema):
    list: str
    entry_id: str
    matched_name: str
    score: float
    explanation: dict[str, Any]


def _require_screening(request: HttpRequest) -> None:
    if not can_see_screening(request.user):
        raise PermissionDenied(_("Only the secretariat and reviewers see screening."))


@router.get("/lists", response={200: list[ListVersionOut], **SESSION_ERRORS})
def lists(request: HttpRequest) -> list[dict[str, Any]]:
    """The current version of each list."""
    _require_screening(request)
    return [
        {"list_id": v.list.list_id, "name": v.list.name, "digest": v.digest,
         "source_filename": v.source_filename, "loaded_at": v.loaded_at,
         "entry_count": v.entry_count, **v.diff_counts()}
        for v in current_versions().order_by("list__list_id")
    ]  # fmt: skip


@router.get("/organisations/{organisation_id}/hits", response={200: list[HitOut], **SESSION_ERRORS})
def hits(request: HttpRequest, organisation_id: int) -> list[dict[str, Any]]:
    """The organisation's current hits with explanations and standing decisions."""
    _require_screening(request)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not sees_panel(request.user, Panel.SCREENING, organisation):
        raise PermissionDenied(_("Only the secretariat and reviewers see screening."))
    return [
        {"subject_source": r.subject.source, "subject_name": r.subject.name,
         "list_id": r.list_id, "entry_id": r.entry_id, "matched_name": r.matched_name,
         "score": r.score, "explanation": r.explanation,
         "decision": r.decision}
        for r in results_for_organisation(organisation)
    ]  # fmt: skip


@router.post(
    "/check", response={200: list[MatchOut], 422: NameCheckError, 503: NameCheckError,
                        **SESSION_ERRORS},
    auth=ScreeningSessionAuth(),
)  # fmt: skip
def check(request: HttpRequest, payload: NameCheckIn) -> Any:
    """Screen one name against every current list version (nothing is stored)."""
    _require_screening(request)
    try:
        query = checked_query(**payload.dict())
    except InputError as exc:
        return Status(422, {"field": exc.column or "name", "error": str(exc)})
    screener = current_screener()
    if screener is None:
        return Status(503, {"field": "", "error": str(_("No list loaded yet."))})
    return [match.to_dict() for match in screener.screen(query)]
