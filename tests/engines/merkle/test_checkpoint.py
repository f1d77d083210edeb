"""Signed notes and checkpoints against the Go ``note`` package and C2SP vectors."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.engines.merkle import (
    Checkpoint,
    CheckpointError,
    NoteError,
    Signer,
    Verifier,
    generate_key,
    parse_signed_note,
    sign_checkpoint,
    verify_checkpoint,
)
from alliance.engines.merkle.checkpoint import (
    key_id,
    open_note,
    parse_checkpoint,
    sign_note,
)

# golang.org/x/mod/sumdb/note: example_test.go (ExampleSign / ExampleOpen) and note_test.go.
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
# EnochRoot's key is the one Go's GenerateKey derives from an all-zero seed.
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_LINE = (
    "\u2014 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
ENOCH_LINE = (
    "\u2014 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
)
# The example in the C2SP signed-note specification (c2sp.org/signed-note).
C2SP_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
C2SP_NOTE = (
    "This is an example message.\n\n\u2014 example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)


def test_signing_reproduces_the_go_note_vector() -> None:
    signer = Signer.from_key(PETER_SKEY)
    assert str(signer) == PETER_SKEY
    assert str(signer.verifier) == PETER_VKEY
    assert sign_note(GO_TEXT, signer) == GO_TEXT + "\n" + PETER_LINE


def test_zero_seed_gives_the_go_enoch_key_and_signature() -> None:
    private = Ed25519PrivateKey.from_private_bytes(bytes(32))
    public = private.public_key().public_bytes_raw()
    signer = Signer("EnochRoot", key_id("EnochRoot", public), private)
    assert str(signer.verifier) == ENOCH_VKEY
    assert sign_note(GO_TEXT, signer) == GO_TEXT + "\n" + ENOCH_LINE


def test_open_go_and_c2sp_notes() -> None:
    both = GO_TEXT + "\n" + PETER_LINE + ENOCH_LINE
    opened = open_note(both, [Verifier.from_key(PETER_VKEY)])
    assert opened.text == GO_TEXT
    assert [(s.name, f"{s.key_id:08x}") for s in opened.signatures] == [
        ("PeterNeumann", "c74f20a3"),
        ("EnochRoot", "af0cfe78"),
    ]
    open_note(both, [Verifier.from_key(ENOCH_VKEY)])
    assert open_note(C2SP_NOTE, [Verifier.from_key(C2SP_VKEY)]).text == (
        "This is an example message.\n"
    )


def test_note_with_only_unknown_keys_is_rejected() -> None:
    with pytest.raises(NoteError, match="no signature by a trusted key"):
        open_note(GO_TEXT + "\n" + ENOCH_LINE, [Verifier.from_key(PETER_VKEY)])


def test_tampered_text_fails() -> None:
    tampered = GO_TEXT.replace("answer", "Answer") + "\n" + PETER_LINE
    with pytest.raises(NoteError, match="invalid signature"):
        open_note(tampered, [Verifier.from_key(PETER_VKEY)])


@pytest.mark.parametrize(
    "bad_key",
    [
        PETER_VKEY[:-1],
        PETER_VKEY.replace("c74f20a3", "c74f20a4"),
        PETER_VKEY.replace("PeterNeumann", "PeterNeuman"),
        PETER_VKEY.replace("+ARpc", "+AhRpc"),
        "PeterNeumann+c74f20a3",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_mangled_verifier_keys_are_rejected(bad_key: str) -> None:
    with pytest.raises(NoteError):
        Verifier.from_key(bad_key)


@pytest.mark.parametrize(
    "bad_note",
    [
        GO_TEXT + PETER_LINE,  # no blank line
        GO_TEXT + "\n" + PETER_LINE.rstrip("\n"),  # last line without newline
        GO_TEXT + "\n" + PETER_LINE.replace("\u2014", "-"),  # not an em dash
        GO_TEXT + "\n" + PETER_LINE.replace("=\n", "\n"),  # bad base64
        "a\tb\n\n" + PETER_LINE,  # control character in the text
        GO_TEXT + "\n",  # no signatures
    ],
)
def test_malformed_notes_are_rejected(bad_note: str) -> None:
    with pytest.raises(NoteError):
        parse_signed_note(bad_note)


def test_checkpoint_round_trip_and_format() -> None:
    skey, vkey = generate_key("alliance.example/log")
    root = bytes(range(32))
    note = sign_checkpoint("alliance.example/log", 42, root, skey, extensions=["ts 1"])
    body = note.split("\n\n")[0] + "\n"
    assert body == f"alliance.example/log\n42\n{base64.b64encode(root).decode()}\nts 1\n"
    checkpoint = verify_checkpoint(note, vkey, origin="alliance.example/log")
    assert checkpoint == Checkpoint("alliance.example/log", 42, root, ("ts 1",))
    line = note.split("\n\n")[1]
    assert line.startswith("\u2014 alliance.example/log ")
    assert base64.b64decode(line.split(" ")[2])[:4] == bytes.fromhex(vkey.split("+")[1])


def test_checkpoint_errors() -> None:
    skey, vkey = generate_key("log")
    _, other_vkey = generate_key("log")
    note = sign_checkpoint("origin", 7, bytes(32), skey)
    with pytest.raises(NoteError):
        verify_checkpoint(note, other_vkey)  # same name, other key: different key id
    with pytest.raises(CheckpointError, match="origin"):
        verify_checkpoint(note, vkey, origin="another origin")
    forged = note.replace("\n7\n", "\n8\n")
    with pytest.raises(NoteError, match="invalid signature"):
        verify_checkpoint(forged, vkey)
    for body in [
        "o\n07\n" + "A" * 43 + "=\n",
        "o\n7\nAAAA\n",
        "o\n7\n",
        "\n7\n" + "A" * 43 + "=\n",
    ]:
        with pytest.raises(CheckpointError):
            parse_checkpoint(body)


@settings(max_examples=30, deadline=None)
@given(
    origin=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x2FF), min_size=1),
    size=st.integers(0, 2**63),
    root=st.binary(min_size=32, max_size=32),
)
def test_checkpoint_properties(origin: str, size: int, root: bytes) -> None:
    signer = Signer.from_key(PETER_SKEY)
    note = sign_checkpoint(origin, size, root, signer)
    assert verify_checkpoint(note, PETER_VKEY) == Checkpoint(origin, size, root)
    with pytest.raises(NoteError):
        verify_checkpoint(note, ENOCH_VKEY)
