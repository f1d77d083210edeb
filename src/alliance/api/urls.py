"""The REST API (django-ninja). OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.security import SessionAuth

from alliance.core.permissions import Perm, can
from alliance.core.schemas import SESSION_ERRORS
from alliance.organisations.models import Application, Organisation
from alliance.organisations.public import partnership_fact
from alliance.organisations.selectors import active_partnerships, applications_for_user

api = NinjaAPI(
    title=f"{settings.ALLIANCE_NAME} API",
    version="1",
    description="Public register and partner/secretariat endpoints. Session-authenticated "
    "endpoints need the CSRF token for writes.",
)
session = SessionAuth()


class PartnerOut(Schema):
    organisation_id: UUID
    organisation: str
    type: str
    country: str
    tier: str
    founding_partner: bool
    since: date
    status: str
    commercial_stance: str


class OrganisationOut(Schema):
    id: int
    public_id: UUID
    legal_name: str
    other_names: list[str]
    type: str
    registration_country: str
    website: str
    sectors: list[str]


class ApplicationOut(Schema):
    id: int
    organisation_id: int
    status: str
    submitted_at: datetime | None


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.get("/register/partners", response=list[PartnerOut], tags=["public"])
def register_partners(request: HttpRequest) -> list[dict]:
    """Active partners as shown on the public register."""
    return [partnership_fact(p) for p in active_partnerships()]


@api.get(
    "/organisations/{org_id}",
    response={200: OrganisationOut, **SESSION_ERRORS},
    auth=session,
    tags=["organisations"],
)
def organisation_get(request: HttpRequest, org_id: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_id)
    if not can(request.user, Perm.VIEW_OWN_ORGANISATION, organisation):
        raise PermissionDenied("You can only see your own organisation.")
    return organisation


def _add_domain_routers() -> None:
    """Each domain app may expose a django-ninja ``router`` in alliance.<app>.api."""
    from alliance.web.extensions import DOMAIN_APPS, domain_module

    for app in DOMAIN_APPS:
        module = domain_module(app, "api")
        if module is not None and hasattr(module, "router"):
            api.add_router(f"/{app}/", module.router, tags=[app])


@api.get(
    "/applications",
    response={200: list[ApplicationOut], **SESSION_ERRORS},
    auth=session,
    tags=["applications"],
)
def applications_list(request: HttpRequest) -> list[Application]:
    """The applications of the caller's own organisations."""
    return list(applications_for_user(request.user))


_add_domain_routers()
