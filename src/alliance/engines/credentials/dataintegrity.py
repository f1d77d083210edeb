"""Data Integrity proofs with the ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022`` cryptosuites.

Both follow the W3C "Data Integrity EdDSA Cryptosuites v1.0" algorithms: canonicalise
the proof configuration and the unsecured document (RDF Dataset Canonicalization via
pyld, or JSON Canonicalization Scheme via rfc8785), hash each with SHA-256, sign
``proofHash || documentHash`` with Ed25519, and encode the signature as multibase
base58btc.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

from alliance.engines.credentials import multikey
from alliance.engines.credentials.keys import SigningKey, verify_signature
from alliance.engines.credentials.loader import document_loader

RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
CRYPTOSUITES = (RDFC, JCS)
PROOF_TYPE = "DataIntegrityProof"


class ProofError(ValueError):
    """A proof that cannot be created or checked (malformed, unsupported, bad signature)."""


@dataclass(frozen=True)
class HashData:
    """The intermediate values of the algorithm, exposed so the W3C vectors can be compared.

    The canonical forms are kept as the UTF-8 bytes that were hashed; the text is decoded
    only when asked for."""

    canonical_document_bytes: bytes
    canonical_proof_config_bytes: bytes
    document_hash: bytes
    proof_hash: bytes

    @property
    def canonical_document(self) -> str:
        return self.canonical_document_bytes.decode("utf-8")

    @property
    def canonical_proof_config(self) -> str:
        return self.canonical_proof_config_bytes.decode("utf-8")

    @property
    def combined(self) -> bytes:
        return self.proof_hash + self.document_hash


def canonicalize_rdfc(document: Mapping[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) N-Quads of a JSON-LD document, contexts from the pinned loader."""
    # No copy here: pyld's expansion deep-copies its input before touching it.
    return jsonld.normalize(
        document if isinstance(document, dict) else dict(document),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )


def canonicalize_jcs(document: Mapping[str, Any]) -> str:
    return rfc8785.dumps(document if isinstance(document, dict) else dict(document)).decode("utf-8")


def _canonicalize(document: Mapping[str, Any], cryptosuite: str) -> bytes:
    if cryptosuite == RDFC:
        return canonicalize_rdfc(document).encode("utf-8")
    if cryptosuite == JCS:
        return rfc8785.dumps(document if isinstance(document, dict) else dict(document))
    raise ProofError(f"unsupported cryptosuite {cryptosuite!r}")


def proof_configuration(
    unsecured: Mapping[str, Any], options: Mapping[str, Any], cryptosuite: str
) -> dict[str, Any]:
    """The proof options without ``proofValue``, carrying the document's ``@context``."""
    config = {k: v for k, v in options.items() if k != "proofValue"}
    if config.get("type") != PROOF_TYPE or config.get("cryptosuite") != cryptosuite:
        raise ProofError(f"proof must be type {PROOF_TYPE} with cryptosuite {cryptosuite}")
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    return config


def hash_data(
    unsecured: Mapping[str, Any], options: Mapping[str, Any], cryptosuite: str
) -> HashData:
    config = proof_configuration(unsecured, options, cryptosuite)
    canonical_config = _canonicalize(config, cryptosuite)
    canonical_document = _canonicalize(unsecured, cryptosuite)
    return HashData(
        canonical_document_bytes=canonical_document,
        canonical_proof_config_bytes=canonical_config,
        document_hash=hashlib.sha256(canonical_document).digest(),
        proof_hash=hashlib.sha256(canonical_config).digest(),
    )


# The current second's timestamp, formatted once: issuing formats one per proof, and
# strftime costs as much as a quarter of a JCS signature.
_NOW_STAMP: list[Any] = [None, ""]


def utc_timestamp(moment: datetime | None = None) -> str:
    if moment is None:
        second = int(time.time())
        if _NOW_STAMP[0] != second:
            _NOW_STAMP[:] = [second, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))]
        return str(_NOW_STAMP[1])
    moment = moment.astimezone(UTC).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def add_proof(
    document: Mapping[str, Any],
    key: SigningKey,
    cryptosuite: str = RDFC,
    *,
    proof_purpose: str = "assertionMethod",
    created: datetime | str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
) -> dict[str, Any]:
    """Return a copy of ``document`` secured with a new Data Integrity proof."""
    if cryptosuite not in CRYPTOSUITES:
        raise ProofError(f"unsupported cryptosuite {cryptosuite!r}")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": cryptosuite,
        "created": created if isinstance(created, str) else utc_timestamp(created),
        "verificationMethod": key.verification_method,
        "proofPurpose": proof_purpose,
    }
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    hashed = hash_data(unsecured, options, cryptosuite)
    proof = dict(options)
    if cryptosuite == JCS and "@context" in unsecured:
        # jcs proofs carry the document's context; rdfc proofs re-derive it from the document.
        proof["@context"] = unsecured["@context"]
    proof["proofValue"] = multikey.encode_base58btc(key.sign(hashed.combined))
    unsecured["proof"] = proof  # ``unsecured`` is already this call's own copy
    return unsecured


def proofs_of(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    proof = document.get("proof")
    if proof is None:
        return []
    proofs = proof if isinstance(proof, list) else [proof]
    if not all(isinstance(p, dict) for p in proofs):
        raise ProofError("proof must be an object or a list of objects")
    return proofs


def verify_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    public_key: Ed25519PublicKey,
    *,
    expected_purpose: str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
) -> None:
    """Check one proof of ``document`` with ``public_key``; raise ``ProofError`` on failure."""
    if proof.get("type") != PROOF_TYPE:
        raise ProofError(f"proof type {proof.get('type')!r} is not {PROOF_TYPE}")
    cryptosuite = proof.get("cryptosuite")
    if cryptosuite not in CRYPTOSUITES:
        raise ProofError(f"unsupported cryptosuite {cryptosuite!r}")
    if expected_purpose and proof.get("proofPurpose") != expected_purpose:
        raise ProofError(
            f"proof purpose is {proof.get('proofPurpose')!r}, expected {expected_purpose!r}"
        )
    if challenge is not None and proof.get("challenge") != challenge:
        raise ProofError("proof challenge does not match the expected challenge")
    if domain is not None and proof.get("domain") != domain:
        raise ProofError("proof domain does not match the expected domain")
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str):
        raise ProofError("proof has no proofValue")
    try:
        signature = multikey.decode_base58btc(proof_value)
    except multikey.MultikeyError as exc:
        raise ProofError(f"proofValue: {exc}") from exc

    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "@context"}
    if cryptosuite == JCS and "@context" in proof:
        # The proof's context must be a prefix of the document's (eddsa-jcs-2022 verify step).
        proof_ctx = _as_list(proof["@context"])
        doc_ctx = _as_list(document.get("@context"))
        if doc_ctx[: len(proof_ctx)] != proof_ctx:
            raise ProofError("the proof's @context does not match the document's @context")
        unsecured["@context"] = proof["@context"]
    try:
        hashed = hash_data(unsecured, options, cryptosuite)
    except jsonld.JsonLdError as exc:
        raise ProofError(f"cannot canonicalise the document: {_jsonld_message(exc)}") from exc
    if not verify_signature(public_key, signature, hashed.combined):
        raise ProofError("the signature does not match the document (altered or wrong key)")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _jsonld_message(exc: BaseException) -> str:
    """The innermost readable message of a pyld error chain."""
    parts = []
    current: BaseException | None = exc
    while current is not None:
        message = getattr(current, "message", None) or str(current).split("\n")[0]
        parts.append(str(message))
        current = getattr(current, "cause", None) or current.__cause__
    return " / ".join(dict.fromkeys(p for p in parts if p))
