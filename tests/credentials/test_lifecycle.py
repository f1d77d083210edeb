"""Issue on admission, revoke on termination, suspend and reinstate — through the real
lifecycle actions, with Board decisions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction

from alliance.core.errors import ActionError, NotAllowed
from alliance.credentials import actions, issuer
from alliance.credentials.models import IssuedCredential, StatusList
from alliance.credentials.resolver import verify_document
from alliance.engines.credentials import jose
from tests.credentials.helpers import board_move

pytestmark = pytest.mark.django_db


def _status_messages(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.message for c in result.checks if c.name == "status"]


def test_admission_issues_a_credential_in_three_forms_that_all_verify(partnership):
    credential = IssuedCredential.objects.get(partnership=partnership)
    subject = credential.credential_rdfc["credentialSubject"]
    assert subject["legalName"] == "Amani Aid"
    assert subject["tier"] == "Partner"
    assert subject["since"] == "2026-01-15"
    assert subject["id"] == f"urn:uuid:{partnership.organisation.public_id}"
    assert credential.credential_rdfc["issuer"] == issuer.issuer_did()
    assert credential.credential_rdfc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential.credential_jcs["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    # The JWT and Data Integrity forms carry the same credential.
    _, payload = jose.read_unverified(credential.credential_jwt)
    unsigned = {k: v for k, v in credential.credential_rdfc.items() if k != "proof"}
    assert payload == unsigned
    for form in (credential.credential_rdfc, credential.credential_jcs, credential.credential_jwt):
        result = verify_document(form)
        assert result.verified, result.lines()
        assert {c.name for c in result.checks} == {
            "shape",
            "issuer key",
            "signature",
            "validity period",
            "status",
        }


def test_termination_revokes_in_the_same_transaction(partnership, sam):
    credential = IssuedCredential.objects.get(partnership=partnership)
    before = StatusList.objects.get(purpose="revocation").etag
    board_move(sam, partnership, "termination")
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert StatusList.objects.get(purpose="revocation").etag != before
    for form in (credential.credential_rdfc, credential.credential_jwt):
        result = verify_document(form)
        assert not result.verified
        assert any(m.startswith("revoked:") for m in _status_messages(result))


def test_a_rolled_back_termination_leaves_the_credential_valid(partnership, sam):
    credential = IssuedCredential.objects.get(partnership=partnership)
    with pytest.raises(RuntimeError), transaction.atomic():
        board_move(sam, partnership, "termination")
        assert verify_document(credential.credential_rdfc).verified is False
        raise RuntimeError("the termination fails later in its transaction")
    assert verify_document(credential.credential_rdfc).verified


def test_suspension_and_reinstatement_flip_the_suspension_bit(partnership, sam):
    credential = IssuedCredential.objects.get(partnership=partnership)
    board_move(sam, partnership, "suspension")
    result = verify_document(credential.credential_jcs)
    assert not result.verified
    assert any(m.startswith("suspended:") for m in _status_messages(result))
    board_move(sam, partnership, "reinstatement")
    assert verify_document(credential.credential_jcs).verified
    credential.refresh_from_db()
    assert credential.state == "valid"


def test_an_expired_credential_fails_the_validity_check(partnership):
    credential = IssuedCredential.objects.get(partnership=partnership)
    with time_machine.travel(credential.valid_until + timedelta(days=1)):
        result = verify_document(credential.credential_rdfc)
    assert not result.verified
    assert result.check("validity period").message.startswith("expired")
    assert result.check("signature").passed


def test_reissue_revokes_the_old_credential(partnership, sam, alice):
    old = IssuedCredential.objects.get(partnership=partnership)
    with pytest.raises(NotAllowed):
        actions.credential_reissue(actor=alice, partnership=partnership, reason="renewal")
    with pytest.raises(ActionError, match=str(actions.ERR_REASON_REQUIRED)):
        actions.credential_reissue(actor=sam, partnership=partnership, reason=" ")
    new = actions.credential_reissue(actor=sam, partnership=partnership, reason="renewal")
    old.refresh_from_db()
    assert old.superseded_by == new and old.revoked_at is not None
    assert new.status_index != old.status_index
    assert verify_document(new.credential_rdfc).verified
    assert any(
        m.startswith("revoked:") for m in _status_messages(verify_document(old.credential_rdfc))
    )


def test_a_tier_change_reissues_with_the_new_tier(partnership, sam):
    """The tier-change flow (a renewal re-checks the tier): a tier that differs from the
    credential's re-issues it; saving the partnership alone issues nothing."""
    from alliance.governance import flows
    from alliance.organisations.models import Partnership

    Partnership.objects.filter(pk=partnership.pk).update(tier="Strategic partner")
    partnership.refresh_from_db()
    partnership.save()  # no receiver: a save is not a tier change
    assert IssuedCredential.objects.filter(partnership=partnership).count() == 1
    flows.partnership_tier_change(actor=sam, partnership=partnership)
    partnership.refresh_from_db()
    current = actions.current_partnership_credential(partnership)
    assert current.tier == partnership.tier
    assert current.credential_rdfc["credentialSubject"]["tier"] == partnership.tier
    assert IssuedCredential.objects.filter(partnership=partnership).count() == 2


def test_issuing_again_is_idempotent_and_needs_an_active_partnership(partnership, sam):
    first = IssuedCredential.objects.get(partnership=partnership)
    assert actions.partnership_credential_issue(actor=sam, partnership=partnership) == first
    board_move(sam, partnership, "termination")
    partnership.refresh_from_db()
    with pytest.raises(ActionError, match=str(actions.ERR_NOT_ACTIVE)):
        actions.partnership_credential_issue(actor=sam, partnership=partnership)


def test_membership_credential_for_a_group_member(sam, gus, alice):
    with pytest.raises(NotAllowed):
        actions.membership_credential_issue(
            actor=alice,
            subject_id="mailto:gus@group.example",
            subject_name="Gus Group",
            group_name="Policy working group",
        )
    credential = actions.membership_credential_issue(
        actor=sam,
        subject_id="mailto:gus@group.example",
        subject_name="Gus Group",
        group_name="Policy working group",
        role="chair",
        holder=gus,
    )
    subject = credential.credential_rdfc["credentialSubject"]
    assert subject["groupName"] == "Policy working group" and subject["role"] == "chair"
    assert verify_document(credential.credential_jwt).verified
    actions.credential_revoke(actor=sam, credential=credential, reason="left the group")
    assert not verify_document(credential.credential_jwt).verified
    with pytest.raises(ActionError, match=str(actions.ERR_ALREADY_REVOKED)):
        actions.credential_revoke(actor=sam, credential=credential, reason="again")
