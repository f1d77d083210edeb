"""The issuer's ``did:web`` document, key rotation, and verification-method resolution.

Rotation policy (W3C Controlled Identifiers 1.0 ``expires`` / ``revoked``): the active
key is listed under ``verificationMethod``, ``assertionMethod`` and ``authentication``.
A retired key stays under ``verificationMethod`` only, with ``expires`` set to the
moment it was retired, so a verifier that reads the document rejects anything it signs
now. Our verifier still accepts what it signed *before* it expired: a proof whose
signing time (the proof's ``created`` and the credential's ``validFrom``, the later of
the two) is earlier than ``expires``. A key that must no longer be trusted at all
(compromise) gets ``revoked`` or is removed; nothing it signed verifies then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from alliance.engines.credentials import multikey
from alliance.engines.credentials.keys import public_key_from_multibase

DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"


class DidResolutionError(ValueError):
    """A DID or verification method that cannot be resolved to a usable key."""


@dataclass(frozen=True)
class PublishedKey:
    """A public key listed in the DID document. ``active`` marks the one that signs now;
    ``expires`` (an XML Schema dateTimeStamp) is set once a key is retired."""

    fragment: str
    public_key_multibase: str
    active: bool = False
    expires: str | None = None


def did_web(domain: str, *path: str) -> str:
    """``did:web`` for a host (port encoded as %3A) and optional path segments."""
    parts = [quote(domain, safe="")] + [quote(p, safe="") for p in path]
    return "did:web:" + ":".join(parts)


def did_web_url(did: str) -> str:
    """Where a ``did:web`` document is served (``/.well-known/did.json`` without a path)."""
    if not did.startswith("did:web:"):
        raise DidResolutionError(f"{did!r} is not a did:web identifier")
    parts = [unquote(p) for p in did[len("did:web:") :].split(":")]
    if len(parts) == 1:
        return f"https://{parts[0]}/.well-known/did.json"
    return "https://" + "/".join(parts) + "/did.json"


def build_did_document(did: str, keys: Iterable[PublishedKey]) -> dict[str, Any]:
    """A DID document listing every key as an Ed25519 Multikey; only keys that have not
    expired (retired) are authorised for assertions and authentication."""
    methods: list[dict[str, Any]] = []
    ids: list[str] = []
    for key in keys:
        method: dict[str, Any] = {
            "id": f"{did}#{key.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        if key.expires:
            method["expires"] = key.expires
        else:
            ids.append(method["id"])
        methods.append(method)
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def rotate(
    keys: Iterable[PublishedKey],
    new_fragment: str,
    new_public_key_multibase: str,
    retired_at: str | None = None,
) -> list[PublishedKey]:
    """Add a new active key; the previous keys stay listed, expiring at ``retired_at``
    (default: now), so what they signed before keeps verifying."""
    from alliance.engines.credentials.dataintegrity import utc_timestamp

    # Proofs carry whole seconds: expire at the next one, after anything signed before.
    stamp = retired_at or utc_timestamp(datetime.now(UTC) + timedelta(seconds=1))
    kept = [
        PublishedKey(k.fragment, k.public_key_multibase, active=False, expires=k.expires or stamp)
        for k in keys
    ]
    if any(k.fragment == new_fragment for k in kept):
        raise ValueError(f"key fragment {new_fragment!r} is already in use")
    return [*kept, PublishedKey(new_fragment, new_public_key_multibase, active=True)]


def remove_key(keys: Iterable[PublishedKey], fragment: str) -> list[PublishedKey]:
    """Drop a compromised key: credentials it signed stop verifying."""
    return [k for k in keys if k.fragment != fragment]


def _absolute(ref: str, did: str) -> str:
    return did + ref if ref.startswith("#") else ref


def _moment(value: Any) -> datetime | None:
    from alliance.engines.credentials.shape import parse_datetime_stamp

    return parse_datetime_stamp(value)


def resolve_verification_method(
    did_document: Mapping[str, Any],
    method_id: str,
    purpose: str = "assertionMethod",
    signed_at: datetime | None = None,
) -> dict[str, Any]:
    """The verification method ``method_id``, checked to be listed under ``purpose`` — or,
    for a retired key (``expires``), checked that ``signed_at`` is before it expired."""
    did = did_document.get("id")
    if not isinstance(did, str):
        raise DidResolutionError("the DID document has no id")
    if method_id.split("#", 1)[0] != did:
        raise DidResolutionError(f"{method_id} is not controlled by {did}")
    methods: dict[str, dict[str, Any]] = {}
    for entry in did_document.get("verificationMethod", []):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            methods[_absolute(entry["id"], did)] = entry
    authorised = set()
    for entry in did_document.get(purpose, []):
        if isinstance(entry, str):
            authorised.add(_absolute(entry, did))
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            methods.setdefault(_absolute(entry["id"], did), entry)
            authorised.add(_absolute(entry["id"], did))
    if method_id not in methods:
        raise DidResolutionError(f"key {method_id} is not listed in the issuer's DID document")
    method = methods[method_id]
    expires = method.get("expires")
    if expires is not None:
        until = _moment(expires)
        if until is None:
            raise DidResolutionError(f"key {method_id} has an unreadable expires {expires!r}")
        if signed_at is None or signed_at >= until:
            raise DidResolutionError(
                f"key {method_id} was retired on {expires}; it verifies nothing signed since"
            )
        return method
    if method_id not in authorised:
        raise DidResolutionError(f"key {method_id} is not authorised for {purpose}")
    return method


def public_key_of(method: Mapping[str, Any]) -> Ed25519PublicKey:
    if method.get("type") not in ("Multikey", "Ed25519VerificationKey2020"):
        raise DidResolutionError(f"unsupported verification method type {method.get('type')!r}")
    if method.get("revoked"):
        raise DidResolutionError(f"key {method.get('id')} was revoked on {method['revoked']}")
    try:
        return public_key_from_multibase(str(method.get("publicKeyMultibase")))
    except (multikey.MultikeyError, ValueError) as exc:
        raise DidResolutionError(f"key {method.get('id')}: {exc}") from exc


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document of a ``did:key`` (Ed25519 only), derived from the identifier itself."""
    value = did.removeprefix("did:key:")
    try:
        multikey.decode_public_key(value)
    except multikey.MultikeyError as exc:
        raise DidResolutionError(f"{did}: {exc}") from exc
    doc = build_did_document(did, [PublishedKey(value, value, active=True)])
    return doc
