"""Writes for credentials: issue, re-issue, revoke, suspend, reinstate, rotate the key.

Each action takes the acting user (``None`` for the system, e.g. on admission), runs in
one transaction with its audit event, and flips status-list bits in that same
transaction. Issue and revocation are not separate log facts: the Board's decision is
already on the log, and the status list itself is the public record. Key rotation is.
Refusals raise ActionError / NotAllowed with the constants below.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.credentials import issuer, status
from alliance.credentials.models import (
    CredentialKind,
    IssuedCredential,
    IssuerKey,
    StatusPurpose,
)
from alliance.credentials.reasons import REISSUED
from alliance.engines.credentials import issue, shape
from alliance.engines.credentials.dataintegrity import utc_timestamp
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Partnership
from alliance.transparency.services import publish_fact

CREDENTIAL_VALIDITY = timedelta(days=365)

ERR_ISSUE_STAFF = _("Only the secretariat can issue or re-issue credentials.")
ERR_ROTATE_ADMIN = _("Only an administrator can rotate the issuer key.")
ERR_NOT_ACTIVE = _("Only an active partnership holds a partnership credential.")
ERR_REASON_REQUIRED = _("Give a reason.")
ERR_ALREADY_REVOKED = _("This credential is already revoked.")
ERR_NOT_A_CREDENTIAL = _("Send a JSON object with a credential in it.")
ERR_WRONG_ISSUER = _("Only credentials issued by this alliance can be issued here.")
ERR_BAD_SHAPE = _("The credential does not conform to the VC Data Model 2.0: {problems}")


def _require_issuer_role(actor: Any) -> None:
    if actor is not None and not can(actor, Perm.ISSUE_CREDENTIALS):
        raise NotAllowed(ERR_ISSUE_STAFF)


def _secure_and_store(
    unsigned: dict[str, Any], *, index: int, valid_from: Any, valid_until: Any, **fields: Any
) -> IssuedCredential:
    key, key_row = issuer.signing_key()
    rdfc, jcs, jwt = (issue.secure(unsigned, key, m) for m in issue.MECHANISMS)
    assert isinstance(rdfc, dict) and isinstance(jcs, dict) and isinstance(jwt, str)
    status.ensure_lists()
    return IssuedCredential.objects.create(
        status_index=index,
        credential_rdfc=rdfc,
        credential_jcs=jcs,
        credential_jwt=jwt,
        issuer_key=key_row,
        valid_from=valid_from,
        valid_until=valid_until,
        **fields,
    )


def _issue_for(partnership: Partnership, *, actor: Any, reason: str) -> IssuedCredential:
    organisation = partnership.organisation
    now = timezone.now().replace(microsecond=0)
    index = status.allocate_index()
    unsigned = issue.partnership_credential(
        base_url=issuer.base_url(),
        issuer=issuer.issuer_did(),
        organisation_id=f"urn:uuid:{organisation.public_id}",
        legal_name=organisation.legal_name,
        tier=partnership.tier or "Partner",
        founding_partner=organisation.is_founding_partner,
        since=partnership.since,
        valid_from=now,
        valid_until=now + CREDENTIAL_VALIDITY,
        status=status.status_entries(index),
    )
    credential = _secure_and_store(
        unsigned,
        index=index,
        valid_from=now,
        valid_until=now + CREDENTIAL_VALIDITY,
        kind=CredentialKind.PARTNERSHIP,
        partnership=partnership,
        organisation=organisation,
        subject_id=unsigned["credentialSubject"]["id"],
        subject_name=organisation.legal_name,
        tier=partnership.tier,
    )
    audit_record(
        actor=actor,
        verb="credential.issued",
        target=credential,
        organisation=organisation,
        after={
            "credential": credential.credential_id,
            "tier": partnership.tier,
            "valid_until": unsigned["validUntil"],
        },
        reason=reason,
    )
    return credential


def current_partnership_credential(partnership: Partnership) -> IssuedCredential | None:
    return (
        IssuedCredential.objects.filter(
            partnership=partnership,
            kind=CredentialKind.PARTNERSHIP,
            revoked_at__isnull=True,
            superseded_by__isnull=True,
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


def _revoke(
    credential: IssuedCredential,
    *,
    actor: Any,
    reason: str,
    superseded_by: IssuedCredential | None = None,
) -> IssuedCredential:
    status.set_bit(StatusPurpose.REVOCATION, credential.status_index, True)
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason[:300]
    credential.superseded_by = superseded_by
    credential.save(update_fields=["revoked_at", "revocation_reason", "superseded_by"])
    audit_record(
        actor=actor,
        verb="credential.revoked",
        target=credential,
        organisation=credential.organisation,
        after={
            "credential": credential.credential_id,
            "superseded_by": superseded_by.credential_id if superseded_by else None,
        },
        reason=reason,
    )
    return credential


@transaction.atomic
def partnership_credential_issue(
    *, actor: Any, partnership: Partnership, reason: str = "admission"
) -> IssuedCredential:
    """Issue the partnership credential of an active partner, unless it holds one already."""
    _require_issuer_role(actor)
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("organisation")
        .get(pk=partnership.pk)
    )
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ActionError(ERR_NOT_ACTIVE)
    existing = current_partnership_credential(partnership)
    if existing is not None:
        return existing
    return _issue_for(partnership, actor=actor, reason=reason)


@transaction.atomic
def credential_reissue(
    *, actor: Any, partnership: Partnership, reason: str, replaces: Any = None
) -> IssuedCredential:
    """A new credential (tier change, renewal); the old one is revoked and points to it.

    Re-issues of one partnership run one at a time (its row lock). With ``replaces`` (the
    ``public_id`` of the credential the requester saw as current) a repeated or concurrent
    request is a no-op that returns the credential now current."""
    _require_issuer_role(actor)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    partnership = (
        Partnership.objects.select_for_update()
        .select_related("organisation")
        .get(pk=partnership.pk)
    )
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ActionError(ERR_NOT_ACTIVE)
    old = current_partnership_credential(partnership)
    if replaces is not None and (old is None or str(old.public_id) != str(replaces)):
        if old is not None:
            return old
        return _issue_for(partnership, actor=actor, reason=reason)
    new = _issue_for(partnership, actor=actor, reason=reason)
    if old is not None:
        _revoke(old, actor=actor, reason=REISSUED.format(reason=reason), superseded_by=new)
    return new


@transaction.atomic
def credential_revoke(*, actor: Any, credential: IssuedCredential, reason: str) -> IssuedCredential:
    _require_issuer_role(actor)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        raise ActionError(ERR_ALREADY_REVOKED)
    return _revoke(credential, actor=actor, reason=reason)


def _set_suspension(
    credential: IssuedCredential, *, actor: Any, suspended: bool, reason: str
) -> None:
    if not status.set_bit(StatusPurpose.SUSPENSION, credential.status_index, suspended):
        return
    credential.suspended_at = timezone.now() if suspended else None
    credential.save(update_fields=["suspended_at"])
    audit_record(
        actor=actor,
        verb="credential.suspended" if suspended else "credential.reinstated",
        target=credential,
        organisation=credential.organisation,
        after={"credential": credential.credential_id},
        reason=reason,
    )


@transaction.atomic
def partnership_credentials_follow_status(
    *, actor: Any, partnership: Partnership, reason: str = ""
) -> None:
    """Make the partner's credentials match its status: suspended -> suspension bit set,
    active -> cleared, terminated or withdrawn -> revoked. Safe to call again."""
    live = IssuedCredential.objects.select_for_update().filter(
        partnership=partnership, revoked_at__isnull=True
    )
    for credential in live:
        if partnership.status in (PartnershipStatus.TERMINATED, PartnershipStatus.WITHDRAWN):
            _revoke(credential, actor=actor, reason=reason or f"partnership {partnership.status}")
        else:
            _set_suspension(
                credential,
                actor=actor,
                suspended=partnership.status == PartnershipStatus.SUSPENDED,
                reason=reason or f"partnership {partnership.status}",
            )


@transaction.atomic
def membership_credential_issue(
    *,
    actor: Any,
    subject_id: str,
    subject_name: str,
    group_name: str,
    group_id: str = "",
    role: str = "member",
    since: date | None = None,
    holder: Any = None,
    organisation: Any = None,
) -> IssuedCredential:
    """A credential a person holds for membership of a working group or committee."""
    if not (can(actor, Perm.ISSUE_CREDENTIALS) or can(actor, Perm.MANAGE_GROUPS)):
        raise NotAllowed(ERR_ISSUE_STAFF)
    now = timezone.now().replace(microsecond=0)
    index = status.allocate_index()
    unsigned = issue.membership_credential(
        base_url=issuer.base_url(),
        issuer=issuer.issuer_did(),
        member_id=subject_id,
        member_name=subject_name,
        group_id=group_id or f"{issuer.base_url()}/groups/{group_name}",
        group_name=group_name,
        role=role,
        since=since or now.date(),
        valid_from=now,
        valid_until=now + CREDENTIAL_VALIDITY,
        organisation_id=f"urn:uuid:{organisation.public_id}" if organisation else None,
        status=status.status_entries(index),
    )
    credential = _secure_and_store(
        unsigned,
        index=index,
        valid_from=now,
        valid_until=now + CREDENTIAL_VALIDITY,
        kind=CredentialKind.MEMBERSHIP,
        holder=holder,
        subject_id=subject_id,
        subject_name=subject_name,
        group_name=group_name,
    )
    # A person's credential: audited, never published on the log.
    audit_record(
        actor=actor,
        verb="credential.issued",
        target=credential,
        after={"credential": credential.credential_id, "group": group_name},
    )
    return credential


@transaction.atomic
def credential_issue_request(
    *, actor: Any, credential: dict[str, Any], mechanism: str = issue.RDFC
) -> IssuedCredential:
    """VC-API issuance: sign a credential the secretariat composed, adding our status entries."""
    if not can(actor, Perm.ISSUE_CREDENTIALS):
        raise NotAllowed(ERR_ISSUE_STAFF)
    if not isinstance(credential, dict):
        raise ActionError(ERR_NOT_A_CREDENTIAL)
    our_did = issuer.issuer_did()
    issuer.context_url()  # a composed credential may use our context
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    issuer_value = unsigned.setdefault("issuer", our_did)
    if (issuer_value.get("id") if isinstance(issuer_value, dict) else issuer_value) != our_did:
        raise ActionError(ERR_WRONG_ISSUER)
    now = timezone.now().replace(microsecond=0)
    unsigned.setdefault("id", issue.new_credential_id())
    unsigned.setdefault("validFrom", utc_timestamp(now))
    unsigned.setdefault("validUntil", utc_timestamp(now + CREDENTIAL_VALIDITY))
    index = status.allocate_index()
    unsigned["credentialStatus"] = status.status_entries(index)
    report = shape.check_shape(unsigned, require_issuer=True)
    if not report.ok:
        problems = "; ".join(str(v) for v in report.violations)
        raise ActionError(ERR_BAD_SHAPE.format(problems=problems))
    valid_from = shape.parse_datetime_stamp(unsigned["validFrom"]) or now
    valid_until = shape.parse_datetime_stamp(unsigned["validUntil"]) or now
    subjects = shape.as_list(unsigned.get("credentialSubject"))
    subject = subjects[0] if subjects and isinstance(subjects[0], dict) else {}
    stored = _secure_and_store(
        unsigned,
        index=index,
        valid_from=valid_from,
        valid_until=valid_until,
        kind=CredentialKind.OTHER,
        subject_id=str(subject.get("id", ""))[:300],
        subject_name=str(subject.get("name", ""))[:300],
    )
    audit_record(
        actor=actor,
        verb="credential.issued",
        target=stored,
        after={"credential": stored.credential_id, "mechanism": mechanism},
    )
    return stored


@transaction.atomic
def issuer_key_rotate(*, actor: Any, replaces: str | None = None) -> IssuerKey:
    """A new active signing key; the previous one is retired (``expires`` in the DID
    document), so it verifies what it signed before and nothing after.

    Rotations run one at a time (the issuer lock). With ``replaces`` (the fragment of the
    key the admin saw as active) a repeated or concurrent request for the same rotation
    is a no-op that returns the key now active."""
    if not can(actor, Perm.ADMINISTER):
        raise NotAllowed(ERR_ROTATE_ADMIN)
    issuer.lock()
    issuer.sweep_pending()
    previous = list(IssuerKey.objects.select_for_update().filter(active=True))
    if replaces is not None and [p.fragment for p in previous] != [replaces]:
        return previous[0] if previous else issuer.signing_key()[1]
    now = timezone.now()
    for row in previous:
        row.active, row.retired_at = False, now
        row.save(update_fields=["active", "retired_at"])
    _, row = issuer.new_key(issuer.next_fragment())
    # Re-sign the status lists with the new key: a verifier that reads the DID document
    # no longer accepts anything the retired key signs from now on.
    status.resign_lists()
    audit_record(
        actor=actor,
        verb="issuer_key.rotated",
        target=row,
        before={"active": [p.fragment for p in previous]},
        after={"active": row.fragment, "public_key": row.public_key_multibase},
    )
    publish_fact(
        kind="issuer_key.rotated",
        subject=issuer.issuer_did(),
        fact={
            "key": f"{issuer.issuer_did()}#{row.fragment}",
            "publicKeyMultibase": row.public_key_multibase,
            "retired": [f"{issuer.issuer_did()}#{p.fragment}" for p in previous],
        },
    )
    return row
