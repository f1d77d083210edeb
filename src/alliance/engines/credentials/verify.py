"""Verify a credential or presentation and report every check in words.

The checks, in order: ``shape`` (VC Data Model 2.0), ``issuer key`` (the signing key
is listed for assertions in the issuer's DID document), ``signature`` (Data Integrity
``eddsa-rdfc-2022`` / ``eddsa-jcs-2022`` or VC-JOSE ``vc+jwt``), ``validity period``
and ``status`` (Bitstring Status List, whose own signature is checked too). Nothing is
fetched here: DID documents and status lists come from a ``Resolver`` the caller
provides (the Django side serves them from the database, the CLI from saved files).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from alliance.engines.credentials import dataintegrity, did, jose, shape, statuslist

SHAPE = "shape"
ISSUER_KEY = "issuer key"
SIGNATURE = "signature"
VALIDITY = "validity period"
STATUS = "status"
HOLDER = "holder"
STATUS_WORDS = {statuslist.REVOCATION: "revoked", statuslist.SUSPENSION: "suspended"}


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    message: str

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} {self.name}: {self.message}"


@dataclass
class VerificationResult:
    """Every check made, with nested results for the credentials inside a presentation."""

    kind: str
    checks: list[Check] = field(default_factory=list)
    credentials: list[VerificationResult] = field(default_factory=list)
    document: dict[str, Any] | None = None
    mechanism: str | None = None

    @property
    def verified(self) -> bool:
        return all(c.passed for c in self.checks) and all(r.verified for r in self.credentials)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def add(self, name: str, passed: bool, message: str) -> None:
        self.checks.append(Check(name, passed, message))

    def lines(self, indent: str = "") -> list[str]:
        out = [f"{indent}{c}" for c in self.checks]
        for i, nested in enumerate(self.credentials, start=1):
            verdict = "verified" if nested.verified else "NOT verified"
            out.append(f"{indent}credential {i} ({nested.mechanism or 'unsecured'}): {verdict}")
            out.extend(nested.lines(indent + "  "))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "verified": self.verified,
            "mechanism": self.mechanism,
            "checks": [
                {"name": c.name, "passed": c.passed, "message": c.message} for c in self.checks
            ],
            "credentials": [r.to_dict() for r in self.credentials],
        }


class Resolver(Protocol):
    def did_document(self, did_value: str) -> Mapping[str, Any]: ...

    def status_list_credential(self, url: str) -> Mapping[str, Any] | str: ...


@dataclass
class StaticResolver:
    """A resolver over documents already in hand (saved files, database rows).

    ``did:key`` identifiers resolve from the identifier itself.
    """

    did_documents: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    status_lists: dict[str, Mapping[str, Any] | str] = field(default_factory=dict)

    def did_document(self, did_value: str) -> Mapping[str, Any]:
        if did_value in self.did_documents:
            return self.did_documents[did_value]
        if did_value.startswith("did:key:"):
            return did.did_key_document(did_value)
        raise did.DidResolutionError(f"no DID document available for {did_value}")

    def status_list_credential(self, url: str) -> Mapping[str, Any] | str:
        if url not in self.status_lists:
            raise LookupError(f"no status list credential available for {url}")
        return self.status_lists[url]


def _id_of(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _signed_at(document: Mapping[str, Any], proof: Mapping[str, Any] | None) -> datetime | None:
    """When a proof claims to have been made: the later of its ``created`` and the
    credential's ``validFrom`` (either alone when the other is missing)."""
    moments = [
        shape.parse_datetime_stamp(proof.get("created")) if proof else None,
        shape.parse_datetime_stamp(document.get("validFrom")),
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _resolve_key(
    resolver: Resolver,
    method_id: Any,
    controller: str | None,
    purpose: str,
    signed_at: datetime | None = None,
) -> tuple[Ed25519PublicKey | None, bool, str]:
    """(key, bound, message): the key if it resolves, and whether it belongs to ``controller``.

    The key is returned even when it is not the controller's, so the signature can still be
    reported on its own; the binding failure fails the key check.
    """
    if not isinstance(method_id, str) or "#" not in method_id:
        return None, False, "the proof does not name a verification method (did#key)"
    owner = method_id.split("#", 1)[0]
    try:
        document = resolver.did_document(owner)
        method = did.resolve_verification_method(document, method_id, purpose, signed_at)
        key = did.public_key_of(method)
    except did.DidResolutionError as exc:
        return None, False, str(exc)
    if controller is not None and owner != controller:
        return key, False, f"key {method_id} is not controlled by {controller}"
    if controller is None and purpose == "assertionMethod":
        return key, False, "the credential names no issuer to bind the key to"
    return key, True, f"{method_id} is listed for {purpose} by {owner}"


@dataclass(frozen=True)
class _Loaded:
    """A document ready to check: the JSON, and for a JWT the token and its header."""

    document: dict[str, Any]
    token: str | None
    mechanism: str
    header: dict[str, Any] = field(default_factory=dict)


def _load(document: Mapping[str, Any] | str) -> _Loaded:
    """Unwrap vc+jwt strings and enveloped credentials, reading each token once."""
    if isinstance(document, str):
        token = document.strip()
    elif not isinstance(document, Mapping):
        raise dataintegrity.ProofError("expected a JSON object or a vc+jwt token")
    elif any(t in shape.types_of(document) for t in (shape.ENVELOPED_VC, shape.ENVELOPED_VP)):
        token = jose.unwrap_envelope(document)
    else:
        proofs = dataintegrity.proofs_of(document)
        mechanism = proofs[0].get("cryptosuite") if proofs else None
        plain = document if isinstance(document, dict) else dict(document)
        return _Loaded(plain, None, str(mechanism) if mechanism else "none")
    header, payload = jose.read_unverified(token)
    return _Loaded(payload, token, str(header.get("typ") or jose.VC_JWT), header)


class _MemoResolver:
    """Resolves each DID and status list once per verification, whatever the resolver."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self._dids: dict[str, Mapping[str, Any]] = {}
        self._lists: dict[str, Mapping[str, Any] | str] = {}

    def did_document(self, did_value: str) -> Mapping[str, Any]:
        if did_value not in self._dids:
            self._dids[did_value] = self._resolver.did_document(did_value)
        return self._dids[did_value]

    def status_list_credential(self, url: str) -> Mapping[str, Any] | str:
        if url not in self._lists:
            self._lists[url] = self._resolver.status_list_credential(url)
        return self._lists[url]


def _memo(resolver: Resolver) -> Resolver:
    return resolver if isinstance(resolver, _MemoResolver) else _MemoResolver(resolver)


def _check_signature(
    result: VerificationResult,
    loaded: _Loaded,
    resolver: Resolver,
    controller: str | None,
    purpose: str,
    *,
    challenge: str | None = None,
    domain: str | None = None,
) -> str | None:
    """Add the key and signature checks; return the verification method used."""
    document, token, header = loaded.document, loaded.token, loaded.header
    if token is not None:
        method_id = header.get("kid")
        if isinstance(method_id, str) and method_id.startswith("#") and controller:
            method_id = controller + method_id
        key, bound, message = _resolve_key(
            resolver, method_id, controller, purpose, _signed_at(document, None)
        )
        result.add(ISSUER_KEY if purpose == "assertionMethod" else HOLDER, bound, message)
        if key is None:
            result.add(SIGNATURE, False, "not checked: no usable key")
            return None
        try:
            jose.check_signature(token, key)  # the payload is already in hand
        except jose.JoseProofError as exc:
            result.add(SIGNATURE, False, str(exc))
        else:
            result.add(SIGNATURE, True, f"JWS ({header.get('typ')}) signature verifies")
        return str(method_id)

    try:
        proofs = dataintegrity.proofs_of(document)
    except dataintegrity.ProofError as exc:
        proofs, error = [], str(exc)
    else:
        error = "the document carries no proof"
    if not proofs:
        result.add(ISSUER_KEY if purpose == "assertionMethod" else HOLDER, False, error)
        result.add(SIGNATURE, False, error)
        return None
    method_used = None
    for proof in proofs:
        method_id = proof.get("verificationMethod")
        key, bound, message = _resolve_key(
            resolver, method_id, controller, purpose, _signed_at(document, proof)
        )
        result.add(ISSUER_KEY if purpose == "assertionMethod" else HOLDER, bound, message)
        if key is None:
            result.add(SIGNATURE, False, "not checked: no usable key")
            continue
        try:
            dataintegrity.verify_proof(
                document,
                proof,
                key,
                expected_purpose=purpose,
                challenge=challenge,
                domain=domain,
            )
        except dataintegrity.ProofError as exc:
            result.add(SIGNATURE, False, f"{proof.get('cryptosuite')}: {exc}")
        else:
            result.add(SIGNATURE, True, f"{proof.get('cryptosuite')} proof verifies")
            method_used = str(method_id)
    return method_used


def _check_validity(result: VerificationResult, document: Mapping[str, Any], now: datetime) -> None:
    valid_from = shape.parse_datetime_stamp(document.get("validFrom"))
    valid_until = shape.parse_datetime_stamp(document.get("validUntil"))
    if valid_from and now < valid_from:
        result.add(VALIDITY, False, f"not yet valid: valid from {document['validFrom']}")
    elif valid_until and now > valid_until:
        result.add(VALIDITY, False, f"expired: valid until {document['validUntil']}")
    else:
        span = [f"from {document['validFrom']}" if valid_from else "", ""]
        span[1] = f"until {document['validUntil']}" if valid_until else "with no end date"
        result.add(VALIDITY, True, "valid " + " ".join(s for s in span if s))


def _check_status(
    result: VerificationResult,
    document: Mapping[str, Any],
    resolver: Resolver,
    now: datetime,
) -> None:
    entries = shape.as_list(document.get("credentialStatus") or [])
    if not entries:
        result.add(STATUS, True, "the credential declares no status to check")
        return
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            kind = entry.get("type") if isinstance(entry, dict) else entry
            result.add(STATUS, False, f"status type {kind!r} is not supported")
            continue
        url = entry.get("statusListCredential")
        purpose = entry.get("statusPurpose", statuslist.REVOCATION)
        try:
            index = int(entry.get("statusListIndex", ""))
            list_credential = resolver.status_list_credential(str(url))
        except (ValueError, LookupError) as exc:
            result.add(STATUS, False, f"status list {url} unavailable: {exc}")
            continue
        # The list must itself be authentic and from the same issuer.
        list_result = _verify_status_list(list_credential, resolver, now)
        list_doc = list_result.document or {}
        if not list_result.verified:
            failed = "; ".join(str(c) for c in list_result.checks if not c.passed)
            result.add(STATUS, False, f"status list {url} does not verify: {failed}")
            continue
        if _id_of(list_doc.get("issuer")) != _id_of(document.get("issuer")):
            result.add(
                STATUS, False, f"status list {url} was not issued by the credential's issuer"
            )
            continue
        try:
            bits, list_purpose = statuslist.list_from_credential(list_doc)
            flagged = bits.get(index)
        except statuslist.StatusListError as exc:
            result.add(STATUS, False, f"status list {url}: {exc}")
            continue
        word = STATUS_WORDS.get(purpose, f"flagged for {purpose}")
        if list_purpose != purpose:
            result.add(STATUS, False, f"status list {url} is for {list_purpose}, not {purpose}")
        elif flagged:
            result.add(STATUS, False, f"{word}: bit {index} is set in {url}")
        else:
            result.add(STATUS, True, f"not {word}: bit {index} of {url} is clear")


# Verified status lists, keyed by the exact list and issuer DID document: a list is
# re-published rarely but consulted for every credential, and re-canonicalising its
# 16 KiB bitstring each time would dominate verification. Validity is re-checked.
_STATUS_LIST_CACHE: OrderedDict[str, VerificationResult] = OrderedDict()
_STATUS_LIST_CACHE_SIZE = 64


def _verify_status_list(
    list_credential: Mapping[str, Any] | str, resolver: Resolver, now: datetime
) -> VerificationResult:
    try:
        loaded = _load(list_credential)
        issuer_did = (_id_of(loaded.document.get("issuer")) or "").split("#")[0]
        did_document = resolver.did_document(issuer_did)
    except (ValueError, LookupError):
        return verify_credential(list_credential, resolver, now=now, check_status=False)
    key = hashlib.sha256(
        json.dumps([list_credential, did_document], sort_keys=True).encode()
    ).hexdigest()
    cached = _STATUS_LIST_CACHE.get(key)
    if cached is None:
        cached = _verify_loaded_credential(loaded, resolver, now=now, check_status=False)
        _STATUS_LIST_CACHE[key] = cached
        if len(_STATUS_LIST_CACHE) > _STATUS_LIST_CACHE_SIZE:
            _STATUS_LIST_CACHE.popitem(last=False)
        return cached
    fresh = VerificationResult(
        kind=cached.kind, document=cached.document, mechanism=cached.mechanism
    )
    fresh.checks = [c for c in cached.checks if c.name != VALIDITY]
    _check_validity(fresh, loaded.document, now)
    return fresh


def _shape_check(result: VerificationResult, document: dict[str, Any]) -> None:
    report = shape.check_shape(document, require_issuer=True)
    result.add(
        SHAPE,
        report.ok,
        "conforms to the VC Data Model 2.0"
        if report.ok
        else "; ".join(str(v) for v in report.violations),
    )


def _verify_loaded_credential(
    loaded: _Loaded, resolver: Resolver, *, now: datetime, check_status: bool
) -> VerificationResult:
    result = VerificationResult(
        kind="credential", document=loaded.document, mechanism=loaded.mechanism
    )
    document = loaded.document
    _shape_check(result, document)
    if shape.VC_TYPE not in shape.types_of(document):
        return result
    issuer = _id_of(document.get("issuer"))
    _check_signature(result, loaded, resolver, issuer, "assertionMethod")
    _check_validity(result, document, now)
    if check_status:
        _check_status(result, document, resolver, now)
    return result


def verify_credential(
    credential: Mapping[str, Any] | str,
    resolver: Resolver,
    *,
    now: datetime | None = None,
    check_status: bool = True,
) -> VerificationResult:
    """Verify a credential given as a dict (Data Integrity), a vc+jwt string or an envelope."""
    try:
        loaded = _load(credential)
    except (jose.JoseProofError, dataintegrity.ProofError) as exc:
        result = VerificationResult(kind="credential")
        result.add(SHAPE, False, f"cannot read the credential: {exc}")
        return result
    return _verify_loaded_credential(
        loaded, _memo(resolver), now=now or datetime.now(UTC), check_status=check_status
    )


def _verify_loaded_presentation(
    loaded: _Loaded,
    resolver: Resolver,
    *,
    challenge: str | None,
    domain: str | None,
    now: datetime,
) -> VerificationResult:
    document = loaded.document
    result = VerificationResult(kind="presentation", document=document, mechanism=loaded.mechanism)
    _shape_check(result, document)
    holder = _id_of(document.get("holder"))
    _check_signature(
        result, loaded, resolver, holder, "authentication", challenge=challenge, domain=domain
    )
    for item in shape.as_list(document.get("verifiableCredential") or []):
        if not isinstance(item, dict):
            continue  # already a shape violation
        is_secured = "proof" in item or shape.ENVELOPED_VC in shape.types_of(item)
        if is_secured:
            result.credentials.append(verify_credential(item, resolver, now=now))
            continue
        # Secured only by the presentation's proof: a self-asserted credential (§5.12).
        nested = VerificationResult(kind="credential", document=item, mechanism=None)
        issuer = _id_of(item.get("issuer"))
        if holder is None:
            nested.add(HOLDER, False, "a self-asserted credential needs a presentation holder")
        elif issuer != holder:
            nested.add(
                HOLDER,
                False,
                f"self-asserted credential issuer {issuer} is not the holder {holder}",
            )
        else:
            nested.add(HOLDER, True, "self-asserted by the holder and secured by its proof")
        _check_validity(nested, item, now)
        _check_status(nested, item, resolver, now)
        result.credentials.append(nested)
    return result


def verify_presentation(
    presentation: Mapping[str, Any] | str,
    resolver: Resolver,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    now: datetime | None = None,
) -> VerificationResult:
    """Verify a presentation, its holder's proof and every credential inside it."""
    try:
        loaded = _load(presentation)
    except (jose.JoseProofError, dataintegrity.ProofError) as exc:
        result = VerificationResult(kind="presentation")
        result.add(SHAPE, False, f"cannot read the presentation: {exc}")
        return result
    return _verify_loaded_presentation(
        loaded,
        _memo(resolver),
        challenge=challenge,
        domain=domain,
        now=now or datetime.now(UTC),
    )


def verify(
    document: Mapping[str, Any] | str,
    resolver: Resolver,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    now: datetime | None = None,
) -> VerificationResult:
    """Verify either kind, deciding from the document's type (or the JWT's typ).

    The document is read once and every DID document and status list is resolved once
    for the whole verification."""
    try:
        loaded = _load(document)
    except (jose.JoseProofError, dataintegrity.ProofError):
        return verify_credential(document, resolver, now=now)
    now = now or datetime.now(UTC)
    resolver = _memo(resolver)
    if loaded.mechanism == jose.VP_JWT or shape.VP_TYPE in shape.types_of(loaded.document):
        return _verify_loaded_presentation(
            loaded, resolver, challenge=challenge, domain=domain, now=now
        )
    return _verify_loaded_credential(loaded, resolver, now=now, check_status=True)
