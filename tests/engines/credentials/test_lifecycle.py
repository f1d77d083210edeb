"""Issue -> verify -> revoke; key rotation; expiry; both securing mechanisms; presentations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from alliance.engines.credentials import did, issue, jose, statuslist
from alliance.engines.credentials.keys import SigningKey
from alliance.engines.credentials.verify import StaticResolver, verify

from .conftest import BASE_URL, ISSUER, LIST_URL, Issuer


@pytest.mark.parametrize("mechanism", issue.MECHANISMS)
def test_issue_verify_then_revoke_fails_with_revoked(issuer: Issuer, mechanism: str) -> None:
    credential = issuer.partnership()
    secured = issue.secure(credential, issuer.key, mechanism)
    result = verify(secured, issuer.resolver())
    assert result.verified, result.lines()
    assert [c.name for c in result.checks] == [
        "shape",
        "issuer key",
        "signature",
        "validity period",
        "status",
    ]

    # The Board terminates the partnership: the bit is set and the list re-published.
    index = int(credential["credentialStatus"]["statusListIndex"])
    issuer.status.set(index)
    revoked = verify(secured, issuer.resolver())
    assert not revoked.verified
    status = revoked.check("status")
    assert status is not None and not status.passed
    assert status.message.startswith("revoked")
    # Every other check still passes: only the status changed.
    assert all(c.passed for c in revoked.checks if c.name != "status")


def test_suspension_is_reported_as_suspended(issuer: Issuer) -> None:
    entry = statuslist.status_entry(LIST_URL, 42, statuslist.SUSPENSION)
    secured = issue.secure(issuer.partnership(status=entry), issuer.key, issue.JCS)
    suspended_list = statuslist.StatusList()
    suspended_list.set(42)
    unsigned = statuslist.status_list_credential(
        LIST_URL, ISSUER, suspended_list, statuslist.SUSPENSION
    )
    resolver = StaticResolver(
        {ISSUER: issuer.did_document}, {LIST_URL: issue.secure(unsigned, issuer.key)}
    )
    status = verify(secured, resolver).check("status")
    assert status is not None and not status.passed and status.message.startswith("suspended")


def test_forged_status_list_is_not_trusted(issuer: Issuer) -> None:
    secured = issue.secure(issuer.partnership(), issuer.key, issue.RDFC)
    forged = issuer.status_list_credential()
    forged["credentialSubject"]["encodedList"] = statuslist.StatusList().encode()
    forged["validFrom"] = "2020-01-01T00:00:00Z"
    resolver = StaticResolver({ISSUER: issuer.did_document}, {LIST_URL: forged})
    status = verify(secured, resolver).check("status")
    assert status is not None and not status.passed and "does not verify" in status.message


@pytest.mark.parametrize("mechanism", issue.MECHANISMS)
def test_key_rotation_keeps_old_credentials_verifiable(issuer: Issuer, mechanism: str) -> None:
    old_key = issuer.key
    before = issue.secure(issuer.partnership(), old_key, mechanism)
    issuer.rotate()
    after = issue.secure(issuer.partnership(), issuer.key, mechanism)
    document = issuer.did_document
    assert len(document["verificationMethod"]) == 2
    # The retired key is listed with its expiry, and no longer authorised for assertions.
    assert document["assertionMethod"] == [f"{ISSUER}#key-2"]
    assert "expires" in document["verificationMethod"][0]
    assert "expires" not in document["verificationMethod"][1]

    resolver = issuer.resolver()
    assert verify(before, resolver).verified
    assert verify(after, resolver).verified

    # A new signature by the retired key (made after it expired) does not verify.
    later = datetime.now(UTC) + timedelta(seconds=5)
    forged = issuer.partnership(valid_from=later)
    late = verify(issue.secure(forged, old_key, mechanism), resolver)
    late_check = late.check("issuer key")
    assert late_check is not None and not late_check.passed and "retired" in late_check.message

    # The old key is then withdrawn (say, compromised): what it signed stops verifying.
    issuer.published = did.remove_key(issuer.published, "key-1")
    resolver = issuer.resolver()
    withdrawn = verify(before, resolver)
    key_check = withdrawn.check("issuer key")
    assert key_check is not None and not key_check.passed
    assert "not listed" in key_check.message
    assert verify(after, resolver).verified


def test_a_key_not_in_the_issuer_document_fails(issuer: Issuer) -> None:
    intruder = SigningKey.generate(f"{ISSUER}#key-9")
    secured = issue.secure(issuer.partnership(), intruder, issue.RDFC)
    result = verify(secured, issuer.resolver())
    assert not result.verified
    assert not result.check("issuer key").passed  # type: ignore[union-attr]


def test_expired_and_not_yet_valid_credentials_fail(issuer: Issuer) -> None:
    now = datetime.now(UTC)
    expired = issuer.partnership(
        valid_from=now - timedelta(days=400), valid_until=now - timedelta(days=35)
    )
    result = verify(issue.secure(expired, issuer.key, issue.JCS), issuer.resolver())
    validity = result.check("validity period")
    assert validity is not None and not validity.passed and validity.message.startswith("expired")
    assert result.check("signature").passed  # type: ignore[union-attr]

    future = issuer.partnership(valid_from=now + timedelta(days=3))
    later = verify(issue.secure(future, issuer.key, issue.VC_JWT), issuer.resolver())
    assert later.check("validity period").message.startswith("not yet valid")  # type: ignore[union-attr]


def test_jwt_and_data_integrity_forms_of_the_same_credential_both_verify(issuer: Issuer) -> None:
    credential = issuer.partnership()
    resolver = issuer.resolver()
    data_integrity = issue.secure(credential, issuer.key, issue.RDFC)
    token = issue.secure(credential, issuer.key, issue.VC_JWT)
    assert isinstance(token, str)
    header, payload = jose.read_unverified(token)
    assert header["typ"] == "vc+jwt" and header["alg"] == "EdDSA"
    assert header["kid"] == issuer.key.verification_method
    assert payload == credential
    assert verify(data_integrity, resolver).verified
    assert verify(token, resolver).verified

    # A JWT whose payload is altered no longer verifies.
    head, _, sig = token.split(".")
    forged_payload = jose.sign({**credential, "validUntil": "2099-01-01T00:00:00Z"}, issuer.key)
    forged = ".".join([head, forged_payload.split(".")[1], sig])
    assert not verify(forged, resolver).verified


def test_membership_credential_verifies(issuer: Issuer) -> None:
    now = datetime.now(UTC)
    credential = issue.membership_credential(
        base_url=BASE_URL,
        issuer=ISSUER,
        member_id="did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj",
        member_name="Ada Lovelace",
        group_id="https://alliance.example/groups/policy",
        group_name="Policy working group",
        role="member",
        since=date(2024, 3, 1),
        valid_from=now - timedelta(hours=1),
        valid_until=now + timedelta(days=365),
        status=statuslist.status_entry(LIST_URL, 7),
    )
    for mechanism in issue.MECHANISMS:
        assert verify(issue.secure(credential, issuer.key, mechanism), issuer.resolver()).verified


def test_presentation_by_the_holder_verifies_with_challenge(issuer: Issuer) -> None:
    holder_key = SigningKey.generate("placeholder")
    holder_did = f"did:key:{holder_key.public_key_multibase}"
    holder_key = SigningKey(
        f"{holder_did}#{holder_key.public_key_multibase}", holder_key.private_key
    )
    credential = issuer.partnership(organisation_id=holder_did)
    presentation = issue.presentation(
        [
            issue.secure(credential, issuer.key, issue.RDFC),
            issue.secure(credential, issuer.key, issue.VC_JWT),
        ],
        holder=holder_did,
    )
    signed = issue.secure_presentation(presentation, holder_key, issue.JCS, challenge="n-0S6")
    result = verify(signed, issuer.resolver(), challenge="n-0S6")
    assert result.kind == "presentation"
    assert result.verified, result.lines()
    assert [r.mechanism for r in result.credentials] == ["eddsa-rdfc-2022", "vc+jwt"]
    assert not verify(signed, issuer.resolver(), challenge="replayed").verified

    issuer.status.set(int(credential["credentialStatus"]["statusListIndex"]))
    revoked = verify(signed, issuer.resolver(), challenge="n-0S6")
    assert not revoked.verified
    assert all(not r.check("status").passed for r in revoked.credentials)  # type: ignore[union-attr]
