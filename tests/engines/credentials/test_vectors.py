"""The W3C vc-di-eddsa test vectors reproduce exactly, and a tampered document fails."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from alliance.engines.credentials import dataintegrity, multikey
from alliance.engines.credentials.keys import SigningKey
from alliance.engines.credentials.verify import StaticResolver, verify_credential

# The key pair published in the Data Integrity EdDSA specification (Appendix A.1);
# the vectors' verification method is the did:key of its public half.
SPEC_SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"

VECTORS = [
    ("eddsa-rdfc-2022", "DataInt", dataintegrity.RDFC),
    ("eddsa-rdfc-2022/employ", "DataInt", dataintegrity.RDFC),
    ("eddsa-jcs-2022", "JCS", dataintegrity.JCS),
]


def _read(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("folder", "suffix", "suite"), VECTORS)
def test_vector_reproduces_exactly(real_data: Path, folder: str, suffix: str, suite: str) -> None:
    base = real_data / "vc" / "vc-di-eddsa-test-vectors" / folder
    signed = json.loads(_read(base, f"signed{suffix}.json"))
    proof = signed.pop("proof")
    config = json.loads(_read(base, f"proofConfig{suffix}.json"))

    hashed = dataintegrity.hash_data(signed, proof, suite)
    assert hashed.canonical_document == _read(base, f"canonDoc{suffix}.txt")
    assert hashed.canonical_proof_config == _read(base, f"proofCanon{suffix}.txt")
    assert dataintegrity.proof_configuration(signed, proof, suite) == config
    assert hashed.document_hash.hex() == _read(base, f"docHash{suffix}.txt").strip()
    assert hashed.proof_hash.hex() == _read(base, f"proofHash{suffix}.txt").strip()
    assert hashed.combined.hex() == _read(base, f"combinedHash{suffix}.txt").strip()

    key = SigningKey.from_secret_multibase(proof["verificationMethod"], SPEC_SECRET_KEY)
    assert proof["verificationMethod"].endswith("#" + key.public_key_multibase)
    signature = key.sign(hashed.combined)
    assert signature.hex() == _read(base, f"sigHex{suffix}.txt").strip()
    assert multikey.encode_base58btc(signature) == _read(base, f"sigBTC58{suffix}.txt").strip()

    # Creating the proof from scratch gives the published secured document.
    recreated = dataintegrity.add_proof(signed, key, suite, created=proof["created"])
    assert recreated["proof"] == proof


@pytest.mark.parametrize(("folder", "suffix", "suite"), VECTORS)
def test_vector_verifies_and_tampering_fails(
    real_data: Path, folder: str, suffix: str, suite: str
) -> None:
    base = real_data / "vc" / "vc-di-eddsa-test-vectors" / folder
    signed = json.loads(_read(base, f"signed{suffix}.json"))
    resolver = StaticResolver()  # the did:key resolves from the identifier itself

    result = verify_credential(signed, resolver, check_status=False)
    assert result.check("signature") and result.check("signature").passed, result.lines()
    assert result.check("issuer key") is not None

    tampered = copy.deepcopy(signed)
    tampered["validFrom"] = "2000-01-01T00:00:00Z"
    broken = verify_credential(tampered, resolver, check_status=False)
    signature = broken.check("signature")
    assert signature is not None and not signature.passed
    assert "does not match" in signature.message
    assert not broken.verified

    bad_proof = copy.deepcopy(signed)
    bad_proof["proof"]["created"] = "2024-01-01T00:00:00Z"
    assert not verify_credential(bad_proof, resolver, check_status=False).verified
