"""Ed25519 keys in Multikey form: multibase base58btc ('z') over a multicodec-prefixed key.

Public keys carry the multicodec prefix 0xed01 (ed25519-pub), secret keys 0x8026
(ed25519-priv), as in the W3C Controlled Identifiers / Data Integrity EdDSA specs.
"""

from __future__ import annotations

import base58

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class MultikeyError(ValueError):
    """A multibase / multicodec value that is not a usable Ed25519 key."""


def encode_base58btc(data: bytes) -> str:
    """Multibase base58btc: the 'z' prefix then base58 (Bitcoin alphabet)."""
    return "z" + base58.b58encode(data).decode("ascii")


def decode_base58btc(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise MultikeyError("expected a multibase base58btc value starting with 'z'")
    try:
        return base58.b58decode(value[1:])
    except ValueError as exc:
        raise MultikeyError(f"not base58btc: {exc}") from exc


def encode_public_key(raw: bytes) -> str:
    if len(raw) != 32:
        raise MultikeyError("an Ed25519 public key is 32 bytes")
    return encode_base58btc(ED25519_PUB_PREFIX + raw)


def decode_public_key(multibase: str) -> bytes:
    data = decode_base58btc(multibase)
    if not data.startswith(ED25519_PUB_PREFIX) or len(data) != 34:
        raise MultikeyError("not an Ed25519 public Multikey (multicodec 0xed01, 32 bytes)")
    return data[2:]


def encode_secret_key(raw: bytes) -> str:
    if len(raw) != 32:
        raise MultikeyError("an Ed25519 secret key seed is 32 bytes")
    return encode_base58btc(ED25519_PRIV_PREFIX + raw)


def decode_secret_key(multibase: str) -> bytes:
    data = decode_base58btc(multibase)
    if not data.startswith(ED25519_PRIV_PREFIX) or len(data) != 34:
        raise MultikeyError("not an Ed25519 secret Multikey (multicodec 0x8026, 32 bytes)")
    return data[2:]
