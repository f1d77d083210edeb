"""C2SP signed notes (Ed25519) and tlog-checkpoint bodies.

Formats: https://c2sp.org/signed-note and https://c2sp.org/tlog-checkpoint,
wire-compatible with Go's ``golang.org/x/mod/sumdb/note``:

* verifier key ``<name>+<key id hex>+<base64(0x01 || public key)>``
* signer key ``PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 || seed)>``
* key id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key)
* note = text (ending in a newline), a blank line, then one line per signature
  ``— <name> <base64(key id || signature)>`` (U+2014 EM DASH).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from alliance.engines.merkle.hashing import HASH_SIZE

ALG_ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "  # em dash and a space
_MAX_SIGNATURES = 100
_DECIMAL = re.compile(r"(0|[1-9][0-9]*)")


class NoteError(ValueError):
    """A signed note or key is malformed, or no trusted signature verifies."""


class CheckpointError(ValueError):
    """A checkpoint body is malformed or is not the checkpoint that was expected."""


def _b64decode(text: str) -> bytes:
    """Strict standard base64: padding required, no stray characters, canonical."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"invalid base64 {text!r}") from exc
    if base64.b64encode(raw).decode() != text:
        raise NoteError(f"non-canonical base64 {text!r}")
    return raw


def _is_valid_name(name: str) -> bool:
    return bool(name) and "+" not in name and not any(c.isspace() for c in name)


def key_id(name: str, public_key: bytes) -> int:
    """The 32-bit key id: first 4 bytes of SHA-256(name || "\\n" || 0x01 || public key)."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([ALG_ED25519]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: int
    public_key: Ed25519PublicKey = field(repr=False)

    @classmethod
    def from_key(cls, vkey: str) -> Verifier:
        """Parse a verifier key string ``<name>+<key id hex>+<base64 key>``."""
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3:
            raise NoteError("verifier key must be <name>+<key id>+<key>")
        name, id_hex, key_b64 = parts
        return cls(name, *_parse_key_material(name, id_hex, key_b64, private=False))

    def __str__(self) -> str:
        blob = bytes([ALG_ED25519]) + _raw_public(self.public_key)
        return f"{self.name}+{self.key_id:08x}+{base64.b64encode(blob).decode()}"

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            self.public_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class Signer:
    name: str
    key_id: int
    private_key: Ed25519PrivateKey = field(repr=False)

    @classmethod
    def from_key(cls, skey: str) -> Signer:
        """Parse a signer key ``PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 || seed)>``."""
        parts = skey.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("signer key must be PRIVATE+KEY+<name>+<key id>+<key>")
        name, id_hex, key_b64 = parts[2:]
        return cls(name, *_parse_key_material(name, id_hex, key_b64, private=True))

    def __str__(self) -> str:
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        seed = self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        blob = base64.b64encode(bytes([ALG_ED25519]) + seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.key_id:08x}+{blob}"

    @property
    def verifier(self) -> Verifier:
        return Verifier(self.name, self.key_id, self.private_key.public_key())

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def _parse_key_material(name: str, id_hex: str, key_b64: str, *, private: bool) -> tuple:
    if not _is_valid_name(name):
        raise NoteError(f"invalid key name {name!r}")
    if not re.fullmatch(r"[0-9a-f]{8}", id_hex):
        raise NoteError("key id must be 8 lowercase hex digits")
    blob = _b64decode(key_b64)
    if len(blob) != 33 or blob[0] != ALG_ED25519:
        raise NoteError("only Ed25519 keys (algorithm 0x01, 32 bytes) are supported")
    if private:
        private_key = Ed25519PrivateKey.from_private_bytes(blob[1:])
        public = _raw_public(private_key.public_key())
        key: object = private_key
    else:
        key = Ed25519PublicKey.from_public_bytes(blob[1:])
        public = blob[1:]
    kid = key_id(name, public)
    if kid != int(id_hex, 16):
        raise NoteError("key id does not match the key")
    return kid, key


def generate_key(name: str) -> tuple[str, str]:
    """A fresh Ed25519 key pair as ``(signer key, verifier key)`` strings."""
    if not _is_valid_name(name):
        raise NoteError(f"invalid key name {name!r}")
    private_key = Ed25519PrivateKey.generate()
    signer = Signer(name, key_id(name, _raw_public(private_key.public_key())), private_key)
    return str(signer), str(signer.verifier)


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: int
    signature: bytes


@dataclass(frozen=True)
class SignedNote:
    text: str
    signatures: tuple[NoteSignature, ...]


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("note text must end in a newline")
    if any((ord(c) < 0x20 and c != "\n") or c == "\ufffd" for c in text):
        raise NoteError("note text contains control characters")


def sign_note(text: str, *signers: Signer) -> str:
    """Sign ``text`` (which must end in a newline) with every signer."""
    _check_text(text)
    lines = []
    for signer in signers:
        blob = signer.key_id.to_bytes(4, "big") + signer.sign(text.encode())
        lines.append(f"{SIGNATURE_PREFIX}{signer.name} {base64.b64encode(blob).decode()}\n")
    return text + "\n" + "".join(lines)


def parse_signed_note(note: str | bytes) -> SignedNote:
    """Split a signed note into its text and (unverified) signatures."""
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NoteError("note is not UTF-8") from exc
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteError("malformed note: no blank line before the signatures")
    text, sig_block = note[: split + 1], note[split + 2 :]
    _check_text(text)
    if not sig_block.endswith("\n"):
        raise NoteError("malformed note: signature block must end in a newline")
    signatures = []
    for line in sig_block[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError(f"malformed signature line {line!r}")
        fields = line[len(SIGNATURE_PREFIX) :].split(" ")
        if len(fields) != 2 or not _is_valid_name(fields[0]):
            raise NoteError(f"malformed signature line {line!r}")
        blob = _b64decode(fields[1])
        if len(blob) < 5:
            raise NoteError(f"signature too short in {line!r}")
        signatures.append(NoteSignature(fields[0], int.from_bytes(blob[:4], "big"), blob[4:]))
    if not signatures:
        raise NoteError("note has no signatures")
    if len(signatures) > _MAX_SIGNATURES:
        raise NoteError("note has too many signatures")
    return SignedNote(text, tuple(signatures))


def open_note(note: str | bytes, verifiers: Iterable[Verifier]) -> SignedNote:
    """Parse a note and require a valid signature by at least one of ``verifiers``.

    A signature by a known key that does not verify is an error even when
    another one does, as in Go's ``note.Open``.
    """
    parsed = parse_signed_note(note)
    known = {(v.name, v.key_id): v for v in verifiers}
    message = parsed.text.encode()
    verified = False
    for sig in parsed.signatures:
        verifier = known.get((sig.name, sig.key_id))
        if verifier is None:
            continue
        if not verifier.verify(message, sig.signature):
            raise NoteError(f"invalid signature by {sig.name} ({sig.key_id:08x})")
        verified = True
    if not verified:
        names = ", ".join(f"{s.name} ({s.key_id:08x})" for s in parsed.signatures)
        raise NoteError(f"no signature by a trusted key; note is signed by {names}")
    return parsed


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        """The checkpoint text (c2sp.org/tlog-checkpoint), newline-terminated."""
        if not self.origin or "\n" in self.origin:
            raise CheckpointError("origin must be one non-empty line")
        if self.size < 0 or len(self.root_hash) != HASH_SIZE:
            raise CheckpointError("checkpoint needs a size >= 0 and a 32-byte root hash")
        if any(not ext or "\n" in ext for ext in self.extensions):
            raise CheckpointError("extension lines must be non-empty single lines")
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint body (the text of a signed note)."""
    if not text.endswith("\n"):
        raise CheckpointError("checkpoint must end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise CheckpointError("checkpoint needs origin, size and root hash lines")
    origin, size_text, root_b64, *extensions = lines
    if not origin:
        raise CheckpointError("empty origin line")
    if not _DECIMAL.fullmatch(size_text):
        raise CheckpointError(f"tree size {size_text!r} is not a decimal number")
    try:
        root = _b64decode(root_b64)
    except NoteError as exc:
        raise CheckpointError(str(exc)) from exc
    if len(root) != HASH_SIZE:
        raise CheckpointError("root hash must be 32 bytes")
    if any(not ext for ext in extensions):
        raise CheckpointError("empty extension line")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


def sign_checkpoint(
    origin: str, size: int, root: bytes, signer: Signer | str, extensions: Iterable[str] = ()
) -> str:
    """A signed checkpoint note for the tree of ``size`` leaves with root ``root``."""
    if isinstance(signer, str):
        signer = Signer.from_key(signer)
    return sign_note(Checkpoint(origin, size, root, tuple(extensions)).body(), signer)


def verify_checkpoint(
    note_text: str | bytes,
    verifier_key: str | Verifier | Iterable[str | Verifier],
    origin: str | None = None,
) -> Checkpoint:
    """Check the signature (by any of the given keys) and return the parsed checkpoint.

    Raises ``NoteError`` for a bad or missing signature and ``CheckpointError``
    for a malformed body or an unexpected origin.
    """
    keys = [verifier_key] if isinstance(verifier_key, str | Verifier) else list(verifier_key)
    verifiers = [k if isinstance(k, Verifier) else Verifier.from_key(k) for k in keys]
    checkpoint = parse_checkpoint(open_note(note_text, verifiers).text)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"checkpoint origin {checkpoint.origin!r}, expected {origin!r}")
    return checkpoint
