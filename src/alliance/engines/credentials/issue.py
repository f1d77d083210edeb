"""Build and secure the alliance's credentials.

Two credentials, both plain VC Data Model 2.0 with the Alliance context:

- ``AlliancePartnershipCredential``: held by the partner organisation.
- ``AllianceGroupMembershipCredential``: held personally by a member of a working
  group or advisory committee.

Open Badges 3.0 was considered and not used as the shape: an OB 3.0 credential must
be an ``OpenBadgeCredential`` whose subject is an ``AchievementSubject`` pointing at an
``Achievement`` with criteria. The partnership facts (legal name, tier, founding status,
since) are claims about the organisation, not an achievement, and OB 3.0 has no terms
for them, so they would travel as extension properties in a second vocabulary — the
badge shape would add indirection without carrying the claims any better. See
docs/credentials.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from alliance.engines.credentials import dataintegrity, jose
from alliance.engines.credentials.dataintegrity import utc_timestamp
from alliance.engines.credentials.keys import SigningKey
from alliance.engines.credentials.loader import CREDENTIALS_V2, pin_alliance_context

RDFC = dataintegrity.RDFC
JCS = dataintegrity.JCS
VC_JWT = jose.VC_JWT
MECHANISMS = (RDFC, JCS, VC_JWT)


def new_credential_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _status(status: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    if not status:
        return {}
    if isinstance(status, Mapping):
        return {"credentialStatus": dict(status)}
    return {"credentialStatus": [dict(s) for s in status]}


def partnership_credential(
    *,
    base_url: str,
    issuer: str,
    organisation_id: str,
    legal_name: str,
    tier: str,
    founding_partner: bool,
    since: date,
    valid_from: datetime,
    valid_until: datetime,
    status: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    credential_id: str | None = None,
    issuer_name: str | None = None,
) -> dict[str, Any]:
    """The unsigned partnership credential for an admitted organisation; its context is
    the alliance's own, served under ``base_url``."""
    issuer_value: str | dict[str, str] = (
        {"id": issuer, "name": issuer_name} if issuer_name else issuer
    )
    return {
        "@context": [CREDENTIALS_V2, pin_alliance_context(base_url)],
        "id": credential_id or new_credential_id(),
        "type": ["VerifiableCredential", "AlliancePartnershipCredential"],
        "name": "Alliance partnership",
        "issuer": issuer_value,
        "validFrom": utc_timestamp(valid_from),
        "validUntil": utc_timestamp(valid_until),
        "credentialSubject": {
            "id": organisation_id,
            "type": "AlliancePartner",
            "legalName": legal_name,
            "tier": tier,
            "foundingPartner": bool(founding_partner),
            "since": since.isoformat(),
        },
        **_status(status),
    }


def membership_credential(
    *,
    base_url: str,
    issuer: str,
    member_id: str,
    member_name: str,
    group_id: str,
    group_name: str,
    role: str,
    since: date,
    valid_from: datetime,
    valid_until: datetime,
    organisation_id: str | None = None,
    status: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    credential_id: str | None = None,
) -> dict[str, Any]:
    """The unsigned credential a person holds for membership of a group or committee."""
    subject: dict[str, Any] = {
        "id": member_id,
        "type": "AllianceGroupMember",
        "name": member_name,
        "memberOf": group_id,
        "groupName": group_name,
        "role": role,
        "since": since.isoformat(),
    }
    if organisation_id:
        subject["organization"] = organisation_id
    return {
        "@context": [CREDENTIALS_V2, pin_alliance_context(base_url)],
        "id": credential_id or new_credential_id(),
        "type": ["VerifiableCredential", "AllianceGroupMembershipCredential"],
        "name": f"Member of {group_name}",
        "issuer": issuer,
        "validFrom": utc_timestamp(valid_from),
        "validUntil": utc_timestamp(valid_until),
        "credentialSubject": subject,
        **_status(status),
    }


def secure(
    credential: Mapping[str, Any],
    key: SigningKey,
    mechanism: str = RDFC,
    *,
    created: datetime | None = None,
) -> dict[str, Any] | str:
    """The credential secured by ``mechanism``: a dict with a proof, or a vc+jwt string."""
    if mechanism in (RDFC, JCS):
        return dataintegrity.add_proof(credential, key, mechanism, created=created)
    if mechanism == VC_JWT:
        return jose.sign(credential, key, jose.VC_JWT)
    raise ValueError(f"unknown securing mechanism {mechanism!r}; use one of {MECHANISMS}")


def presentation(
    credentials: Sequence[Mapping[str, Any] | str], holder: str | None = None
) -> dict[str, Any]:
    """An unsigned presentation; vc+jwt strings are carried as enveloped credentials."""
    items = [jose.envelope(c) if isinstance(c, str) else dict(c) for c in credentials]
    result: dict[str, Any] = {
        "@context": [CREDENTIALS_V2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": items,
    }
    if holder:
        result["holder"] = holder
    return result


def secure_presentation(
    presentation_document: Mapping[str, Any],
    key: SigningKey,
    mechanism: str = RDFC,
    *,
    challenge: str | None = None,
    domain: str | None = None,
) -> dict[str, Any] | str:
    """A presentation signed by the holder (proof purpose ``authentication``)."""
    if mechanism in (RDFC, JCS):
        return dataintegrity.add_proof(
            presentation_document,
            key,
            mechanism,
            proof_purpose="authentication",
            challenge=challenge,
            domain=domain,
        )
    if mechanism == VC_JWT:
        return jose.sign(presentation_document, key, jose.VP_JWT)
    raise ValueError(f"unknown securing mechanism {mechanism!r}; use one of {MECHANISMS}")
