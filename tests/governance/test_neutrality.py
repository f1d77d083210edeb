"""Endorsements pass only after a neutrality review; interested partners recuse."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alliance.core.errors import ActionError
from alliance.governance import actions
from alliance.governance.models import Conflict, ConflictStatus, MotionKind, NeutralityVerdict
from alliance.organisations import actions as lifecycle
from tests.factories import admitted_partnership
from tests.governance.conftest import TODAY, seat

pytestmark = pytest.mark.django_db

SUBJECT = "Verifiable credentials wallets for refugee registration"


def _endorsement(carla):  # type: ignore[no-untyped-def]
    return actions.motion_open(
        actor=carla,
        kind=MotionKind.ENDORSEMENT,
        title="Endorse VC wallets",
        text="The alliance endorses the approach.",
        today=TODAY,
        endorsement_subject=SUBJECT,
        deadline=TODAY + timedelta(days=14),
    )


def _everyone_for(motion, voters):  # type: ignore[no-untyped-def]
    for voter in voters:
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=TODAY)


def test_endorsement_without_neutrality_review_cannot_pass(board, carla, ben, members):  # type: ignore[no-untyped-def]
    motion = _endorsement(carla)
    _everyone_for(motion, [carla, ben, *members])
    with pytest.raises(ActionError) as refused:
        actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert refused.value.message == actions.ERR_NEUTRALITY_REQUIRED
    motion.refresh_from_db()
    assert motion.status == "open" and motion.outcome == ""


def test_review_favouring_one_party_blocks_the_endorsement(board, carla, ben, members, sam):  # type: ignore[no-untyped-def]
    motion = _endorsement(carla)
    review = actions.neutrality_review_record(
        actor=sam,
        motion=motion,
        open_standard=False,
        independent_implementations=1,
        conclusion="One vendor's proprietary format.",
        today=TODAY,
    )
    assert review.verdict == NeutralityVerdict.FAVOURS_ONE
    _everyone_for(motion, [carla, ben, *members])
    with pytest.raises(ActionError) as refused:
        actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert refused.value.message == actions.ERR_NEUTRALITY_FAVOURS_ONE


def test_commercially_interested_member_recuses_and_neutral_endorsement_passes(
    carla, ben, members, ada, alice, sam
):  # type: ignore[no-untyped-def]
    wallet = admitted_partnership(alice, sam, legal_name="Wallet Maker GmbH")
    lifecycle.Partnership.objects.filter(pk=wallet.pk)  # stance comes from the application
    wallet.application.commercial_products = "Sells a credentials wallet app."
    wallet.application.save()
    actions.rules_seed_first(
        actor=ada,
        rules={},
        adopted_on=TODAY,
        seats=[seat(carla, chair=True), seat(ben, wallet.organisation)]
        + [seat(m) for m in members],
    )
    motion = _endorsement(carla)
    conflict = Conflict.objects.get(motion=motion)
    assert conflict.member == ben and "commercial interest" in conflict.reasons[0]
    review = actions.neutrality_review_record(
        actor=sam,
        motion=motion,
        open_standard=True,
        independent_implementations=4,
        conclusion="W3C standard, four independent wallets.",
        today=TODAY,
    )
    assert review.verdict == NeutralityVerdict.NEUTRAL
    assert [b["organisation"] for b in review.beneficiaries] == ["Wallet Maker GmbH"]
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=True)
    _everyone_for(motion, [carla, *members])
    closed = actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert closed.outcome == "passed" and closed.result["recused"] == ["Ben Board"]
    assert Conflict.objects.get(pk=conflict.pk).status == ConflictStatus.RECUSED
