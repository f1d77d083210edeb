"""Bitstring Status List v1.0: a GZIP-compressed bitstring, base64url with the multibase 'u'.

Bit ``i`` is the ``i % 8``-th most significant bit of byte ``i // 8`` (index 0 is the
left-most bit), as the specification requires.
"""

from __future__ import annotations

import base64
import gzip
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from alliance.engines.credentials.dataintegrity import utc_timestamp
from alliance.engines.credentials.loader import CREDENTIALS_V2

MIN_ENTRIES = 131_072  # 16 KiB: the specification's minimum, for group privacy
REVOCATION = "revocation"
SUSPENSION = "suspension"


class StatusListError(ValueError):
    """A status list that cannot be decoded or an index out of range."""


class StatusList:
    """A mutable bitstring of at least ``MIN_ENTRIES`` entries."""

    def __init__(self, size: int = MIN_ENTRIES, bits: bytes | None = None) -> None:
        if size < MIN_ENTRIES or size % 8:
            raise StatusListError(f"a status list needs at least {MIN_ENTRIES} entries, in bytes")
        self.size = size
        self._bits = bytearray(bits) if bits is not None else bytearray(size // 8)
        if len(self._bits) * 8 != size:
            raise StatusListError("bitstring length does not match the size")

    def _check(self, index: int) -> None:
        if not 0 <= index < self.size:
            raise StatusListError(f"status index {index} is outside 0..{self.size - 1}")

    def get(self, index: int) -> bool:
        self._check(index)
        return bool(self._bits[index // 8] & (0x80 >> (index % 8)))

    def set(self, index: int, value: bool = True) -> None:
        self._check(index)
        mask = 0x80 >> (index % 8)
        if value:
            self._bits[index // 8] |= mask
        else:
            self._bits[index // 8] &= ~mask & 0xFF

    def encode(self) -> str:
        """GZIP, then base64url without padding, with the multibase 'u' prefix."""
        compressed = gzip.compress(bytes(self._bits), mtime=0)
        return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, encoded: str) -> StatusList:
        if not isinstance(encoded, str) or not encoded:
            raise StatusListError("encodedList must be a non-empty string")
        text = encoded[1:] if encoded.startswith("u") else encoded
        try:
            raw = gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (ValueError, OSError) as exc:
            raise StatusListError(f"encodedList is not gzip + base64url: {exc}") from exc
        return cls(len(raw) * 8, raw)


def allocate_index(used: Iterable[int], size: int = MIN_ENTRIES) -> int:
    """A random unused index, so an index reveals nothing about issuance order."""
    taken = set(used)
    if len(taken) >= size:
        raise StatusListError("the status list is full")
    while True:
        index = secrets.randbelow(size)
        if index not in taken:
            return index


def status_entry(list_url: str, index: int, purpose: str = REVOCATION) -> dict[str, Any]:
    """The ``credentialStatus`` value pointing at bit ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    list_url: str,
    issuer: str,
    status_list: StatusList,
    purpose: str = REVOCATION,
    valid_from: datetime | None = None,
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` publishing ``status_list``."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": utc_timestamp(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": status_list.encode(),
        },
    }


def list_from_credential(credential: Mapping[str, Any]) -> tuple[StatusList, str]:
    """The bitstring and purpose published by a status list credential."""
    subject = credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("not a BitstringStatusListCredential subject")
    return StatusList.decode(subject.get("encodedList", "")), str(subject.get("statusPurpose"))
