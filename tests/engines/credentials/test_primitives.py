"""Multikey encoding, the Bitstring Status List and did:web helpers."""

from __future__ import annotations

import base64
import gzip

import pytest

from alliance.engines.credentials import did, multikey, statuslist
from alliance.engines.credentials.keys import (
    SigningKey,
    public_key_from_multibase,
    verify_signature,
)
from alliance.engines.credentials.loader import ContextNotPinnedError, document_loader


def test_multikey_round_trip_and_prefixes() -> None:
    key = SigningKey.generate("did:web:alliance.example#key-1")
    public = key.public_key_multibase
    assert public.startswith("z6Mk")  # base58btc of 0xed01 + key
    assert multikey.decode_base58btc(public)[:2] == b"\xed\x01"
    assert multikey.decode_base58btc(key.secret_key_multibase)[:2] == b"\x80\x26"
    again = SigningKey.from_secret_multibase(key.verification_method, key.secret_key_multibase)
    assert again.public_key_multibase == public
    assert verify_signature(public_key_from_multibase(public), key.sign(b"x"), b"x")
    with pytest.raises(multikey.MultikeyError):
        multikey.decode_public_key(key.secret_key_multibase)


def test_status_list_size_bit_order_and_encoding() -> None:
    bits = statuslist.StatusList()
    assert bits.size == 131_072
    bits.set(0)
    bits.set(131_071)
    encoded = bits.encode()
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw[0] == 0x80 and raw[-1] == 0x01  # index 0 is the left-most bit
    decoded = statuslist.StatusList.decode(encoded)
    assert decoded.get(0) and decoded.get(131_071) and not decoded.get(1)
    decoded.set(0, False)
    assert not decoded.get(0)
    with pytest.raises(statuslist.StatusListError):
        statuslist.StatusList(1024)
    with pytest.raises(statuslist.StatusListError):
        bits.get(131_072)


def test_random_index_allocation_avoids_used_indexes() -> None:
    used: set[int] = set()
    for _ in range(200):
        index = statuslist.allocate_index(used)
        assert index not in used and 0 <= index < statuslist.MIN_ENTRIES
        used.add(index)
    assert max(used) > 1000  # random, not sequential


def test_did_web_identifiers_and_urls() -> None:
    assert did.did_web("alliance.example") == "did:web:alliance.example"
    assert did.did_web("localhost:8000") == "did:web:localhost%3A8000"
    assert did.did_web_url("did:web:alliance.example") == (
        "https://alliance.example/.well-known/did.json"
    )
    assert did.did_web_url("did:web:localhost%3A8000:org") == "https://localhost:8000/org/did.json"


def test_verification_method_must_be_listed_for_the_purpose() -> None:
    key = SigningKey.generate("did:web:a.example#k1")
    document = did.build_did_document(
        "did:web:a.example", [did.PublishedKey("k1", key.public_key_multibase)]
    )
    method = did.resolve_verification_method(document, "did:web:a.example#k1")
    assert did.public_key_of(method)
    document["assertionMethod"] = []
    with pytest.raises(did.DidResolutionError, match="not authorised"):
        did.resolve_verification_method(document, "did:web:a.example#k1")


def test_loader_refuses_unpinned_urls() -> None:
    with pytest.raises(ContextNotPinnedError, match="never fetches"):
        document_loader("https://example.org/evil/context")
    assert document_loader("https://www.w3.org/ns/credentials/v2")["document"]["@context"]
