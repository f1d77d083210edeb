"""An Ed25519 signing key bound to its verification method id."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from alliance.engines.credentials import multikey


@dataclass(frozen=True)
class SigningKey:
    """A private key and the verification method (``did#fragment``) that publishes it."""

    verification_method: str
    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls, verification_method: str) -> SigningKey:
        return cls(verification_method, Ed25519PrivateKey.generate())

    @classmethod
    def from_secret_multibase(cls, verification_method: str, secret: str) -> SigningKey:
        seed = multikey.decode_secret_key(secret)
        return cls(verification_method, Ed25519PrivateKey.from_private_bytes(seed))

    @property
    def controller(self) -> str:
        return self.verification_method.split("#", 1)[0]

    @property
    def public_key_multibase(self) -> str:
        return multikey.encode_public_key(public_key_bytes(self.private_key.public_key()))

    @property
    def secret_key_multibase(self) -> str:
        seed = self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return multikey.encode_secret_key(seed)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(multikey.decode_public_key(value))


def verify_signature(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
