"""Issuer keys (public halves only), status lists and issued credentials.

Thin models: writes go through credentials.actions, reads through credentials.selectors.
Secret keys are never stored here; see credentials.issuer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuerKey(models.Model):
    """One Ed25519 key the alliance has signed with. Every key stays listed in the DID
    document after rotation (``active`` False, ``retired_at`` set), so what it signed
    keeps verifying."""

    fragment = models.CharField(max_length=40, unique=True)
    public_key_multibase = models.CharField(max_length=80, unique=True)
    active = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_issuer_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fragment} ({'active' if self.active else 'retired'})"


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")


class StatusList(models.Model):
    """One Bitstring Status List per purpose; ``credential`` is the signed list as served."""

    purpose = models.CharField(max_length=20, choices=StatusPurpose.choices, unique=True)
    encoded_list = models.TextField()
    credential = models.JSONField()
    etag = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.purpose} status list"


class CredentialKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership")
    MEMBERSHIP = "membership", _("Group membership")
    OTHER = "other", _("Other (issued through the API)")


class IssuedCredential(models.Model):
    """A credential as issued, in every secured form. The holder keeps it; we keep it
    to offer it again for download and to flip its status bits."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=CredentialKind.choices)
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credentials",
    )
    # Set for partnership credentials so the permission module can scope them.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credentials",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credentials",
    )
    subject_id = models.CharField(max_length=300)
    subject_name = models.CharField(max_length=300)
    group_name = models.CharField(max_length=200, blank=True)
    tier = models.CharField(max_length=40, blank=True)
    status_index = models.PositiveIntegerField(unique=True)
    credential_rdfc = models.JSONField()
    credential_jcs = models.JSONField()
    credential_jwt = models.TextField()
    issuer_key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=300, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} credential for {self.subject_name}"

    @property
    def credential_id(self) -> str:
        return str(self.credential_jcs.get("id", ""))

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.suspended_at:
            return "suspended"
        return "valid"


class IssuerState(models.Model):
    """Singleton row (id 1, created by the migration). Every change to the issuer keys
    first updates it, so key creation and rotation run one at a time on every database
    (a row lock on PostgreSQL, the write lock on SQLite)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "issuer key lock"
