"""Credentials any verifier can check: every context fetched over HTTP from the running
server (the W3C ones from the local pinned copies, only for W3C URLs), the status list
with its registered media type; rotation and re-issue serialised and idempotent."""

from __future__ import annotations

import hashlib
import json
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from pyld import jsonld

from alliance.credentials import actions, issuer
from alliance.credentials.models import IssuedCredential, IssuerKey
from alliance.engines.credentials import multikey
from alliance.engines.credentials.did import public_key_of, resolve_verification_method
from alliance.engines.credentials.keys import verify_signature
from alliance.engines.credentials.loader import PINNED_FILES, pinned_context
from tests.concurrency import run_at_once

W3C = ("https://www.w3.org/", "https://w3id.org/")


def _http_loader(fetched: list[str]):  # type: ignore[no-untyped-def]
    def load(url: str, options: dict | None = None) -> dict:  # type: ignore[type-arg]
        if url.startswith(W3C) and url in PINNED_FILES:
            return {"contextUrl": None, "documentUrl": url, "document": pinned_context(url)}
        with urllib.request.urlopen(url) as response:
            assert response.headers["Content-Type"].startswith("application/ld+json")
            fetched.append(url)
            return {"contextUrl": None, "documentUrl": url, "document": json.load(response)}

    return load


@pytest.mark.django_db(transaction=True)
def test_a_credential_verifies_with_every_context_fetched_over_http(live_server, settings, sam):
    settings.ALLIANCE_BASE_URL = live_server.url
    from tests.factories import admitted_partnership, make_user

    partnership = admitted_partnership(make_user("c@p.example"), sam, "Amani Aid")
    credential = IssuedCredential.objects.get(partnership=partnership).credential_rdfc
    assert f"{live_server.url}/ns/credentials/v1" in credential["@context"]
    assert "alliance.example" not in json.dumps(credential)

    fetched: list[str] = []
    loader = _http_loader(fetched)
    proof = credential["proof"]
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    config = {**{k: v for k, v in proof.items() if k != "proofValue"}}
    config["@context"] = credential["@context"]
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
    document_hash = hashlib.sha256(jsonld.normalize(unsecured, options).encode()).digest()
    proof_hash = hashlib.sha256(jsonld.normalize(config, options).encode()).digest()
    assert fetched and all(u == f"{live_server.url}/ns/credentials/v1" for u in fetched)

    with urllib.request.urlopen(f"{live_server.url}/.well-known/did.json") as response:
        did_document = json.load(response)
    method = resolve_verification_method(did_document, proof["verificationMethod"])
    signature = multikey.decode_base58btc(proof["proofValue"])
    assert verify_signature(public_key_of(method), signature, proof_hash + document_hash)

    status_url = credential["credentialStatus"][0]["statusListCredential"]
    with urllib.request.urlopen(status_url) as response:
        assert response.headers["Content-Type"] == "application/vc"


def test_the_context_digest_in_the_docs_is_what_the_site_serves(client, settings):
    settings.ALLIANCE_BASE_URL = "http://127.0.0.1:8000"
    body = client.get("/ns/credentials/v1").content
    docs = (Path(__file__).resolve().parents[2] / "docs" / "credentials.md").read_text()
    assert hashlib.sha256(body).hexdigest() in docs


def test_rotation_and_reissue_are_idempotent(ada, sam, partnership, key_folder):
    first = IssuerKey.objects.get(active=True)
    rotated = actions.issuer_key_rotate(actor=ada, replaces=first.fragment)
    again = actions.issuer_key_rotate(actor=ada, replaces=first.fragment)
    assert again == rotated and IssuerKey.objects.count() == 2
    current = actions.current_partnership_credential(partnership)
    assert current is not None
    new = actions.credential_reissue(
        actor=sam, partnership=partnership, reason="tier", replaces=current.public_id
    )
    repeat = actions.credential_reissue(
        actor=sam, partnership=partnership, reason="tier", replaces=current.public_id
    )
    assert repeat == new and IssuedCredential.objects.filter(partnership=partnership).count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_parallel_rotations_and_reissues(ada, sam, partnership, key_folder):
    first = IssuerKey.objects.get(active=True)
    current = actions.current_partnership_credential(partnership)
    jobs = [
        lambda: actions.issuer_key_rotate(actor=ada, replaces=first.fragment),
        lambda: actions.credential_reissue(
            actor=sam, partnership=partnership, reason="r", replaces=current.public_id
        ),
    ]
    errors = run_at_once([jobs[i % 2] for i in range(20)])
    assert errors == []
    assert IssuerKey.objects.count() == 2
    assert IssuedCredential.objects.filter(partnership=partnership).count() == 2
    secrets = sorted(
        p.name for p in key_folder.glob("*.secret*") if p.name != issuer.FIRST_KEY_FILE
    )
    assert secrets == sorted(f"{k.public_key_multibase}.secret" for k in IssuerKey.objects.all())
    assert issuer.signing_key()[1].fragment == "key-2"
