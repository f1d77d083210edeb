"""The alliance's two Bitstring Status Lists (revocation, suspension) kept in the database.

Every credential gets one random index, used in both lists. Flipping a bit re-signs the
list credential in the caller's transaction, so the public list changes exactly when the
termination or suspension commits.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.urls import reverse

from alliance.credentials.issuer import base_url, issuer_did, signing_key
from alliance.credentials.models import IssuedCredential, StatusList, StatusPurpose
from alliance.engines.credentials import issue, statuslist

PURPOSES = (StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)


def list_url(purpose: str) -> str:
    return base_url() + reverse("credentials:status_list", args=[purpose])


def purpose_of_url(url: str) -> str | None:
    return next((p.value for p in PURPOSES if list_url(p) == url), None)


def status_entries(index: int) -> list[dict[str, Any]]:
    return [statuslist.status_entry(list_url(p), index, p.value) for p in PURPOSES]


def allocate_index() -> int:
    used = IssuedCredential.objects.values_list("status_index", flat=True)
    return statuslist.allocate_index(used)


def _sign(purpose: str, bits: statuslist.StatusList) -> dict[str, Any]:
    key, _ = signing_key()
    unsigned = statuslist.status_list_credential(list_url(purpose), issuer_did(), bits, purpose)
    signed = issue.secure(unsigned, key, issue.RDFC)
    assert isinstance(signed, dict)
    return signed


def _etag(credential: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(credential, sort_keys=True).encode()).hexdigest()[:32]


def status_list(purpose: str) -> StatusList:
    """The list row, locked for update; created (all bits clear) on first use."""
    row = StatusList.objects.select_for_update().filter(purpose=purpose).first()
    if row is not None:
        return row
    bits = statuslist.StatusList()
    signed = _sign(purpose, bits)
    return StatusList.objects.create(
        purpose=purpose, encoded_list=bits.encode(), credential=signed, etag=_etag(signed)
    )


def set_bit(purpose: str, index: int, value: bool) -> bool:
    """Set or clear one bit and re-sign the list; returns whether anything changed.

    Must run inside the caller's transaction (the row is locked until it commits)."""
    row = status_list(purpose)
    bits = statuslist.StatusList.decode(row.encoded_list)
    if bits.get(index) == value:
        return False
    bits.set(index, value)
    row.encoded_list = bits.encode()
    row.credential = _sign(purpose, bits)
    row.etag = _etag(row.credential)
    row.save(update_fields=["encoded_list", "credential", "etag", "updated_at"])
    return True


def resign_lists() -> None:
    """Re-sign every list with the active key (after a rotation), in the caller's transaction."""
    for purpose in PURPOSES:
        row = status_list(purpose)
        row.credential = _sign(purpose, statuslist.StatusList.decode(row.encoded_list))
        row.etag = _etag(row.credential)
        row.save(update_fields=["credential", "etag", "updated_at"])


@transaction.atomic
def ensure_lists() -> None:
    for purpose in PURPOSES:
        status_list(purpose)
