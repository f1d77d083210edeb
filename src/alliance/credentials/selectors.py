"""Reads for credentials."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alliance.core.permissions import Perm, can
from alliance.core.roles import organisation_ids
from alliance.credentials.models import CredentialKind, IssuedCredential, IssuerKey


def credentials_of_organisation(organisation: Any) -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.filter(
        organisation=organisation, kind=CredentialKind.PARTNERSHIP
    ).select_related("superseded_by")


def current_credential_of_organisation(organisation: Any) -> IssuedCredential | None:
    return (
        credentials_of_organisation(organisation)
        .filter(revoked_at__isnull=True, superseded_by__isnull=True)
        .first()
    )


def partnership_credentials_held_by(user: Any) -> list[IssuedCredential]:
    """The current partnership credential of each organisation the user is a partner
    contact of (what the partner's home offers for download)."""
    if not getattr(user, "is_authenticated", False):
        return []
    orgs = organisation_ids(user)
    if not orgs:
        return []
    current = (
        IssuedCredential.objects.filter(
            organisation_id__in=orgs,
            kind=CredentialKind.PARTNERSHIP,
            revoked_at__isnull=True,
            superseded_by__isnull=True,
        )
        .select_related("organisation")
        .order_by("organisation__legal_name", "-issued_at", "-pk")
    )
    return [c for c in current if can(user, Perm.HOLD_OWN_CREDENTIAL, c)]


def credentials_held_by(user: Any) -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.filter(holder=user, revoked_at__isnull=True)


def can_hold(user: Any, credential: IssuedCredential) -> bool:
    """Only the holder may download a credential: the partner's own contacts for a
    partnership credential, the member for a membership credential."""
    if credential.kind == CredentialKind.PARTNERSHIP:
        return can(user, Perm.HOLD_OWN_CREDENTIAL, credential)
    return bool(getattr(user, "is_authenticated", False)) and credential.holder_id == user.pk


def issuer_keys() -> QuerySet[IssuerKey]:
    return IssuerKey.objects.order_by("created_at", "pk")
