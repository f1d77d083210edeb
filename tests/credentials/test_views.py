"""The public DID document and status lists, holder downloads, the verifier page and
the VC-API endpoints."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from alliance.credentials.models import IssuedCredential
from alliance.engines.credentials import issue, jose
from alliance.engines.credentials.keys import SigningKey, public_key_bytes
from alliance.engines.credentials.multikey import encode_public_key
from tests.credentials.helpers import board_move
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def _login(user, client: Client | None = None) -> Client:
    return sign_in(client or Client(), user)


def test_did_document_lists_multikey_assertion_methods(client, partnership):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    assert "max-age" in response["Cache-Control"]
    doc = response.json()
    assert doc["id"] == "did:web:127.0.0.1%3A8000"
    method = doc["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    assert doc["assertionMethod"] == [method["id"]]


def test_status_list_is_public_and_cacheable(client, partnership, sam):
    url = reverse("credentials:status_list", args=["revocation"])
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    etag = response["ETag"]
    # The media type VC Data Model 2.0 registers (application/vc+ld+json was dropped).
    assert response["Content-Type"] == "application/vc"
    subject = json.loads(response.content)["credentialSubject"]
    assert subject["statusPurpose"] == "revocation" and subject["encodedList"].startswith("u")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    board_move(sam, partnership, "termination")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get(reverse("credentials:status_list", args=["nonsense"])).status_code == 404


@pytest.mark.parametrize("form", ["rdfc", "jcs", "jwt"])
def test_the_partner_contact_downloads_each_form(partnership, alice, form):
    credential = IssuedCredential.objects.get(partnership=partnership)
    response = _login(alice).get(reverse("credentials:download", args=[credential.public_id, form]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    if form == "jwt":
        assert response["Content-Type"] == "application/vc+jwt"
        assert body == credential.credential_jwt
    else:
        assert json.loads(body)["proof"]["cryptosuite"] == f"eddsa-{form}-2022"


def test_another_partner_and_staff_cannot_download(
    partnership, other_partnership, bob, sam, client
):
    credential = IssuedCredential.objects.get(partnership=partnership)
    url = reverse("credentials:download", args=[credential.public_id, "rdfc"])
    assert _login(bob).get(url).status_code == 403
    assert (
        _login(bob).get(reverse("credentials:qr", args=[credential.public_id, "png"])).status_code
        == 403
    )
    assert _login(sam).get(url).status_code == 403
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page


def test_qr_codes_of_the_jwt(partnership, alice):
    credential = IssuedCredential.objects.get(partnership=partnership)
    client = _login(alice)
    png = client.get(reverse("credentials:qr", args=[credential.public_id, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(reverse("credentials:qr", args=[credential.public_id, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_organisation_page_panel_offers_downloads_to_its_contact_only(partnership, alice, sam):
    url = reverse("web:organisation_detail", args=[partnership.organisation_id])
    credential = IssuedCredential.objects.get(partnership=partnership)
    download = reverse("credentials:download", args=[credential.public_id, "rdfc"])
    page = _login(alice).get(url).content.decode()
    assert "Partnership credential" in page and download in page
    staff_page = _login(sam).get(url).content.decode()
    assert "Partnership credential" in staff_page and download not in staff_page
    assert "Re-issue" in staff_page


def test_verifier_page_paste_and_upload(client, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    credential = IssuedCredential.objects.get(partnership=partnership)
    url = reverse("credentials:verifier")
    assert client.get(url).status_code == 200
    pasted = client.post(url, {"document": json.dumps(credential.credential_rdfc)})
    assert pasted.status_code == 200
    assert pasted.context["result"]["verified"] is True
    assert "Verified" in pasted.content.decode()
    upload = SimpleUploadedFile("c.jwt", credential.credential_jwt.encode(), "application/vc+jwt")
    uploaded = client.post(url, {"upload": upload})
    assert uploaded.context["result"]["verified"] is True


def test_verifier_page_refuses_bad_input(client, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.credentials import forms

    url = reverse("credentials:verifier")
    too_big = client.post(url, {"document": "x" * (forms.MAX_DOCUMENT_BYTES + 1)})
    assert str(forms.ERR_TOO_BIG) in too_big.content.decode()
    wrong_type = client.post(url, {"upload": SimpleUploadedFile("a.png", b"\x89PNG", "image/png")})
    assert str(forms.ERR_TYPE) in wrong_type.content.decode()
    garbage = client.post(url, {"document": "[1, 2]"})
    assert str(forms.ERR_NOT_DOCUMENT) in garbage.content.decode()
    assert str(forms.ERR_EMPTY) in client.post(url, {}).content.decode()


def test_tampered_credential_fails_in_words(client, partnership):
    credential = IssuedCredential.objects.get(partnership=partnership)
    tampered = json.loads(json.dumps(credential.credential_rdfc))
    tampered["credentialSubject"]["tier"] = "Founding partner"
    result = client.post(
        reverse("credentials:verifier"), {"document": json.dumps(tampered)}
    ).context["result"]
    assert result["verified"] is False
    signature = next(c for c in result["checks"] if c["name"] == "signature")
    assert not signature["passed"] and signature["message"]


def test_vc_api_verify_credential(client, partnership, sam):
    credential = IssuedCredential.objects.get(partnership=partnership)
    url = "/credentials/verify"
    ok = client.post(
        url, {"verifiableCredential": credential.credential_rdfc}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["verified"] is True and ok.json()["errors"] == []
    enveloped = client.post(
        url,
        {"verifiableCredential": jose.envelope(credential.credential_jwt)},
        content_type="application/json",
    )
    assert enveloped.json()["verified"] is True
    board_move(sam, partnership, "termination")
    revoked = client.post(
        url, {"verifiableCredential": credential.credential_jwt}, content_type="application/json"
    )
    assert revoked.status_code == 400
    assert any(e.startswith("status: revoked") for e in revoked.json()["errors"])
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    assert (
        client.post(url, {"verifiableCredential": 1}, content_type="application/json").status_code
        == 400
    )


def test_vc_api_verify_presentation_with_challenge(client, partnership):
    credential = IssuedCredential.objects.get(partnership=partnership)
    holder_key = SigningKey.generate("placeholder")
    holder = "did:key:" + encode_public_key(public_key_bytes(holder_key.private_key.public_key()))
    holder_key = SigningKey(f"{holder}#{holder.removeprefix('did:key:')}", holder_key.private_key)
    presentation = issue.secure_presentation(
        issue.presentation([credential.credential_jwt], holder=holder),
        holder_key,
        challenge="abc123",
        domain="verifier.example",
    )
    body = {
        "verifiablePresentation": presentation,
        "options": {"challenge": "abc123", "domain": "verifier.example"},
    }
    ok = client.post("/presentations/verify", body, content_type="application/json")
    assert ok.status_code == 200, ok.json()
    body["options"]["challenge"] = "other"
    replay = client.post("/presentations/verify", body, content_type="application/json")
    assert replay.status_code == 400


def test_vc_api_issue_is_for_the_secretariat_with_csrf(client, alice, sam):
    unsigned = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "credentialSubject": {"id": "https://example.org/subject", "name": "Example"},
    }
    body = {"credential": unsigned, "options": {"mechanism": "eddsa-jcs-2022"}}
    assert (
        client.post("/credentials/issue", body, content_type="application/json").status_code == 401
    )
    assert (
        _login(alice).post("/credentials/issue", body, content_type="application/json").status_code
        == 403
    )
    strict = _login(sam, Client(enforce_csrf_checks=True))
    assert (
        strict.post("/credentials/issue", body, content_type="application/json").status_code == 403
    )
    response = _login(sam).post("/credentials/issue", body, content_type="application/json")
    assert response.status_code == 201, response.content
    issued = response.json()["verifiableCredential"]
    assert issued["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    check = client.post(
        "/credentials/verify", {"verifiableCredential": issued}, content_type="application/json"
    )
    assert check.json()["verified"] is True
    wrong = {"credential": {**unsigned, "issuer": "did:web:elsewhere.example"}}
    assert (
        _login(sam).post("/credentials/issue", wrong, content_type="application/json").status_code
        == 400
    )


def test_keys_page_is_for_administrators_and_rotates(ada, sam, partnership):
    url = reverse("credentials:keys")
    assert _login(sam).get(url).status_code == 403
    admin = _login(ada)
    page = admin.get(url)
    assert page.status_code == 200 and "key-1" in page.content.decode()
    assert admin.post(url).status_code == 302
    assert "key-2" in admin.get(url).content.decode()
    did_document = json.loads(admin.get("/.well-known/did.json").content)
    assert [m.split("#")[1] for m in did_document["assertionMethod"]] == ["key-2"]


def test_reissue_from_the_organisation_page(partnership, sam, alice):
    url = reverse("credentials:reissue", args=[partnership.pk])
    assert _login(alice).post(url, {"reason": "renewal"}).status_code == 403
    old = IssuedCredential.objects.get(partnership=partnership)
    response = _login(sam).post(url, {"reason": "annual renewal"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.superseded_by is not None and old.state == "revoked"


def test_a_member_finds_and_downloads_a_personal_credential(sam, gus, alice):
    from alliance.credentials import actions

    credential = actions.membership_credential_issue(
        actor=sam,
        subject_id="mailto:gus@group.example",
        subject_name="Gus Group",
        group_name="Policy working group",
        holder=gus,
    )
    dashboard = _login(gus).get(reverse("web:dashboard")).content.decode()
    download = reverse("credentials:download", args=[credential.public_id, "jwt"])
    assert "Your credentials" in dashboard and download in dashboard
    assert _login(gus).get(download).content.decode() == credential.credential_jwt
    assert _login(alice).get(download).status_code == 403


def test_the_partner_home_shows_its_current_credential_with_downloads_and_qr(
    partnership, alice, bob, sam
):
    credential = IssuedCredential.objects.get(partnership=partnership)
    download = reverse("credentials:download", args=[credential.public_id, "rdfc"])
    qr = reverse("credentials:qr", args=[credential.public_id, "svg"])
    page = _login(alice).get("/dashboard/").content.decode()
    assert "Partnership credential of Amani Aid" in page
    assert download in page and qr in page
    assert '<span class="status status-active">Valid</span>' in page
    assert reverse("web:organisation_detail", args=[partnership.organisation_id]) in page
    # Another person's home and the secretariat's home do not offer it.
    for other in (bob, sam):
        assert download not in _login(other).get("/dashboard/").content.decode()


def test_the_partner_home_offers_the_reissued_credential_not_the_revoked_one(
    partnership, alice, sam
):
    old = IssuedCredential.objects.get(partnership=partnership)
    client = _login(sam)
    client.post(
        reverse("credentials:reissue", args=[partnership.pk]),
        {"reason": "Renewal", "replaces": str(old.public_id)},
    )
    new = IssuedCredential.objects.exclude(pk=old.pk).get(partnership=partnership)
    page = _login(alice).get("/dashboard/").content.decode()
    assert reverse("credentials:download", args=[new.public_id, "rdfc"]) in page
    assert reverse("credentials:download", args=[old.public_id, "rdfc"]) not in page
