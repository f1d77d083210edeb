"""VC-JOSE: credentials and presentations secured as a compact JWS (``application/vc+jwt``).

The JWT payload is the credential itself (VC-JOSE-COSE §3.1.1); the protected header
names the algorithm (EdDSA over Ed25519), the media type and the signing key (``kid``
= the verification method id in the issuer's DID document).
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from alliance.engines.credentials.keys import SigningKey
from alliance.engines.credentials.loader import CREDENTIALS_V2

VC_JWT = "vc+jwt"
VP_JWT = "vp+jwt"
MEDIA_TYPES = {VC_JWT: "application/vc+jwt", VP_JWT: "application/vp+jwt"}
ALGORITHMS = ["EdDSA", "Ed25519"]


class JoseProofError(ValueError):
    """A token that is malformed or whose signature does not verify."""


def sign(document: Mapping[str, Any], key: SigningKey, typ: str = VC_JWT) -> str:
    """Secure ``document`` as a compact JWS with an EdDSA signature."""
    header = {"alg": "EdDSA", "typ": typ, "cty": typ.split("+")[0], "kid": key.verification_method}
    payload = json.dumps(dict(document), separators=(",", ":"), ensure_ascii=False)
    with warnings.catch_warnings():
        # joserfc flags "EdDSA" as superseded by "Ed25519" (RFC 9864); VC-JOSE still names it.
        warnings.simplefilter("ignore")
        return jws.serialize_compact(
            header, payload.encode("utf-8"), OKPKey.import_key(key.private_key), ALGORITHMS
        )


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def looks_like_jwt(value: Any) -> bool:
    return isinstance(value, str) and value.count(".") == 2 and not value.lstrip().startswith("{")


def _header_of(token: str) -> dict[str, Any]:
    """The protected header alone, or {} when it cannot be read (for error messages)."""
    try:
        header = json.loads(_b64decode(token.strip().split(".", 1)[0]))
    except (ValueError, UnicodeDecodeError):
        return {}
    return header if isinstance(header, dict) else {}


def read_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload of a token without checking the signature (to find the key)."""
    try:
        header_b64, payload_b64, _ = token.strip().split(".")
        header = json.loads(_b64decode(header_b64))
        payload = json.loads(_b64decode(payload_b64))
    except (ValueError, UnicodeDecodeError) as exc:
        raise JoseProofError(f"not a compact JWS: {exc}") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise JoseProofError("JWS header and payload must be JSON objects")
    return header, payload


def check_signature(token: str, public_key: Ed25519PublicKey) -> bytes:
    """The raw payload of ``token`` once its signature verifies with ``public_key``.

    joserfc enforces the algorithm allow-list itself, so the header is read here only to
    explain a failure, never on the way to a success; the payload is not parsed, since a
    verifier already holds it from reading the token.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = jws.deserialize_compact(
                token.strip(), OKPKey.import_key(public_key), ALGORITHMS
            )
    except JoseError as exc:
        algorithm = _header_of(token).get("alg")
        if algorithm not in ALGORITHMS:
            raise JoseProofError(f"unsupported JWS algorithm {algorithm!r}") from exc
        raise JoseProofError(f"the JWS signature does not verify: {exc}") from exc
    except ValueError as exc:  # malformed compact serialisation
        raise JoseProofError(f"not a compact JWS: {exc}") from exc
    return result.payload


def verify(token: str, public_key: Ed25519PublicKey) -> dict[str, Any]:
    """The payload of ``token``, parsed, once its signature verifies with ``public_key``."""
    payload = json.loads(check_signature(token, public_key))
    if not isinstance(payload, dict):
        raise JoseProofError("the JWS payload must be a JSON object")
    return payload


def envelope(token: str, typ: str = VC_JWT) -> dict[str, Any]:
    """An ``EnvelopedVerifiableCredential`` (or presentation) carrying ``token`` as a data: URL."""
    kind = "EnvelopedVerifiableCredential" if typ == VC_JWT else "EnvelopedVerifiablePresentation"
    return {"@context": CREDENTIALS_V2, "id": f"data:{MEDIA_TYPES[typ]},{token}", "type": kind}


def unwrap_envelope(enveloped: Mapping[str, Any]) -> str:
    """The token inside an enveloped credential's ``data:`` URL."""
    url = enveloped.get("id")
    if not isinstance(url, str) or not url.startswith("data:") or "," not in url:
        raise JoseProofError("an enveloped credential's id must be a data: URL")
    meta, _, data = url[5:].partition(",")
    if meta.endswith(";base64url") or meta.endswith(";base64"):
        # Some producers mark the token itself as base64url; the JWS text is already ASCII.
        meta = meta.rsplit(";", 1)[0]
    if not meta.startswith("application/vc") and not meta.startswith("application/vp"):
        raise JoseProofError(f"unsupported enveloped media type {meta!r}")
    return data
