"""Issuer keys: secrets outside the database, rotation keeps old credentials verifying."""

from __future__ import annotations

import stat

import pytest

from alliance.core.errors import NotAllowed
from alliance.credentials import actions, issuer
from alliance.credentials.models import IssuedCredential, IssuerKey
from alliance.credentials.resolver import verify_document
from alliance.engines.credentials.keys import SigningKey

pytestmark = pytest.mark.django_db


def test_first_use_generates_a_key_whose_secret_stays_in_a_private_file(
    key_folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        key, row = issuer.signing_key()
    assert row.fragment == "key-1" and row.active
    secret_file = key_folder / f"{row.public_key_multibase}.secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert secret_file.read_text().strip() == key.secret_key_multibase
    stored = [str(v) for v in IssuerKey.objects.values_list(flat=False).get()]
    assert key.secret_key_multibase not in " ".join(stored)
    assert issuer.signing_key()[1] == row  # the same key next time


def test_the_secret_can_come_from_the_environment(monkeypatch, key_folder):
    secret = SigningKey.generate("x#y").secret_key_multibase
    monkeypatch.setenv("ALLIANCE_ISSUER_KEY", secret)
    key, _ = issuer.signing_key()
    assert key.secret_key_multibase == secret
    assert not key_folder.exists()  # nothing written to disk


def test_a_missing_secret_is_an_error_not_a_silent_new_key(
    key_folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _, row = issuer.signing_key()
    (key_folder / f"{row.public_key_multibase}.secret").unlink()
    with pytest.raises(issuer.IssuerKeyUnavailable):
        issuer.signing_key()


def test_rotation_keeps_old_credentials_verifying(partnership, other_partnership, ada, sam, client):
    first = IssuedCredential.objects.get(partnership=partnership)
    with pytest.raises(NotAllowed, match=str(actions.ERR_ROTATE_ADMIN)):
        actions.issuer_key_rotate(actor=sam)
    new_row = actions.issuer_key_rotate(actor=ada)
    assert new_row.fragment == "key-2"
    renewed = actions.credential_reissue(actor=sam, partnership=other_partnership, reason="renewal")
    assert renewed.issuer_key == new_row
    assert renewed.credential_rdfc["proof"]["verificationMethod"].endswith("#key-2")
    assert first.credential_rdfc["proof"]["verificationMethod"].endswith("#key-1")
    for credential in (first, renewed):
        for form in (credential.credential_rdfc, credential.credential_jwt):
            assert verify_document(form).verified
    doc = client.get("/.well-known/did.json").json()
    assert [m["id"].split("#")[1] for m in doc["verificationMethod"]] == ["key-1", "key-2"]
    # The retired key is no longer authorised for assertions, and says since when.
    assert [m.split("#")[1] for m in doc["assertionMethod"]] == ["key-2"]
    old = IssuerKey.objects.get(fragment="key-1")
    assert not old.active and old.retired_at is not None
    assert doc["verificationMethod"][0]["expires"] == issuer.expires_stamp(old.retired_at)
    assert "expires" not in doc["verificationMethod"][1]


def test_a_fresh_database_takes_up_the_kept_first_key(
    key_folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _, first = issuer.signing_key()
    kept = key_folder / issuer.FIRST_KEY_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    public = first.public_key_multibase
    IssuerKey.objects.all().delete()  # as after a database reset
    with django_capture_on_commit_callbacks(execute=True):
        _, again = issuer.signing_key()
    assert again.public_key_multibase == public
    assert len(list(key_folder.iterdir())) == 2  # the key file and its kept link
