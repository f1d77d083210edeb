"""Endorsements pass only after a neutrality review; interested partners recuse."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from alliance.core.errors import ActionError
from alliance.governance import actions, outcomes
from alliance.governance.models import (
    Conflict,
    ConflictStatus,
    FailureReason,
    MotionKind,
    NeutralityReview,
    NeutralityVerdict,
    Notification,
)
from alliance.transparency.models import LogEntry
from tests.factories import admit, ready_application
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


def test_endorsement_without_neutrality_review_is_not_open_for_votes(board, carla, ben, members):  # type: ignore[no-untyped-def]
    motion = _endorsement(carla)
    for voter in (carla, ben):
        with pytest.raises(ActionError) as refused:
            actions.vote_cast(actor=voter, motion=motion, choice="for", today=TODAY)
        assert refused.value.message == actions.ERR_AWAITING_NEUTRALITY
    assert not motion.votes.exists()
    with pytest.raises(ActionError) as refused:
        actions.motion_close(actor=carla, motion=motion, today=TODAY + timedelta(days=15))
    assert refused.value.message == actions.ERR_NEUTRALITY_REQUIRED
    motion.refresh_from_db()
    assert motion.status == "open" and motion.outcome == ""
    # It can still end: its mover withdraws it.
    withdrawn = outcomes.motion_withdraw(
        actor=carla, motion=motion, reason="No reviewer is available.", today=TODAY
    )
    assert withdrawn.outcome_words == "Withdrawn: No reviewer is available."


def test_review_favouring_one_party_closes_the_endorsement_as_failed(
    board, carla, ben, members, sam
):  # type: ignore[no-untyped-def]
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
    motion.refresh_from_db()
    assert (motion.status, motion.outcome, motion.failed_because) == (
        "closed",
        "failed",
        FailureReason.NEUTRALITY,
    )
    assert motion.outcome_words == ("Failed: neutrality review found it favours a single party")
    assert (
        LogEntry.objects.get(kind="board.motion", subject=f"motion:{motion.pk}").body[
            "failed_because"
        ]
        == "neutrality"
    )
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_MOTION_CLOSED


def test_neutral_review_opens_the_endorsement_for_votes(board, carla, ben, rita):  # type: ignore[no-untyped-def]
    motion = _endorsement(carla)
    actions.neutrality_review_record(
        actor=rita,
        motion=motion,
        open_standard=True,
        independent_implementations=3,
        conclusion="Open standard, three implementations.",
        today=TODAY,
    )
    vote = actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert vote.choice == "for"
    assert Notification.objects.filter(user=ben, text__contains="is open for votes").exists()


def test_reviewer_named_in_the_docs_records_the_review_from_the_motion_page(
    board, carla, rita, client, login
):  # type: ignore[no-untyped-def]
    motion = _endorsement(carla)
    login(rita)
    page = client.get(f"/board/motions/{motion.pk}/")
    assert page.status_code == 200
    assert "Record the review" in page.content.decode()
    response = client.post(
        f"/board/motions/{motion.pk}/neutrality/",
        {
            "open_standard": "on",
            "independent_implementations": "3",
            "conclusion": "Open standard, three implementations.",
        },
    )
    assert response.status_code == 302
    assert NeutralityReview.objects.get(motion=motion).reviewer == rita
    assert client.get(f"/board/motions/{motion.pk}/").status_code == 200


def test_reviewer_sees_no_other_board_papers(board, carla, rita, alice, sam, client, login):  # type: ignore[no-untyped-def]

    admission = actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title="Admit",
        text="The Board admits the applicant.",
        today=TODAY,
        application=ready_application(alice, sam),
        deadline=TODAY + timedelta(days=14),
    )
    login(rita)
    assert client.get(f"/board/motions/{admission.pk}/").status_code == 403


def _interested_partner_endorsement(carla, ben, members, ada, alice, sam):  # type: ignore[no-untyped-def]
    """An endorsement motion while Ben's organisation, whose disclosed stance mentions
    credentials, is a partner (admitted by the Board he sits on, Ben recused)."""
    application = ready_application(alice, sam, legal_name="Wallet Maker GmbH")
    application.commercial_products = "Sells a credentials wallet app."
    application.save()
    actions.rules_seed_first(
        actor=ada,
        rules={},
        adopted_on=date(2025, 1, 1),
        seats=[seat(carla, chair=True), seat(ben, application.organisation)]
        + [seat(m) for m in members],
    )
    admit(application, sam)
    return _endorsement(carla)


def _wallet_review(sam, motion):  # type: ignore[no-untyped-def]
    return actions.neutrality_review_record(
        actor=sam,
        motion=motion,
        open_standard=True,
        independent_implementations=4,
        conclusion="W3C standard, four independent wallets.",
        today=TODAY,
    )


def test_commercially_interested_member_recuses_and_neutral_endorsement_passes(
    carla, ben, members, ada, alice, sam
):  # type: ignore[no-untyped-def]
    # Ben's organisation, a partner (admitted by the Board he sits on, Ben recused); its
    # stance comes from its application.
    motion = _interested_partner_endorsement(carla, ben, members, ada, alice, sam)
    conflict = Conflict.objects.get(motion=motion)
    assert conflict.member == ben and "commercial interest" in conflict.reasons[0]
    review = _wallet_review(sam, motion)
    assert review.verdict == NeutralityVerdict.NEUTRAL
    assert [b["organisation"] for b in review.beneficiaries] == ["Wallet Maker GmbH"]
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=True)
    _everyone_for(motion, [carla, *members])
    closed = actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert closed.outcome == "passed" and closed.result["recused"] == ["Ben Board"]
    assert Conflict.objects.get(pk=conflict.pk).status == ConflictStatus.RECUSED


def test_reviewer_dashboard_lists_endorsements_awaiting_review(board, carla, rita, client, login):  # type: ignore[no-untyped-def]
    motion = _endorsement(carla)
    login(rita)
    page = client.get("/dashboard/").content.decode()
    assert "Endorsements awaiting their neutrality review" in page
    assert f"/board/motions/{motion.pk}/" in page


def test_why_a_partner_benefits_is_stored_in_english_and_shown_in_the_readers_language(
    carla, ben, members, ada, alice, sam, client, login
):  # type: ignore[no-untyped-def]
    motion = _interested_partner_endorsement(carla, ben, members, ada, alice, sam)
    review = _wallet_review(sam, motion)
    why = review.beneficiaries[0]["why"]
    assert why == "its disclosed commercial stance mentions credentials"
    fact = LogEntry.objects.get(kind="board.neutrality_review").fact
    assert fact["fact"]["beneficiaries"] == ["Wallet Maker GmbH"]  # the log names, never the why
    login(carla)
    url = f"/board/motions/{review.motion_id}/"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    # The matched words are the stance's own (English) words, quoted as such.
    assert (
        "Wallet Maker GmbH (la position commerciale qu&#x27;elle a déclarée mentionne "
        "« credentials »)" in french
    )
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "(موقفها التجاري المُعلن يذكر «credentials»)" in arabic
    assert "disclosed commercial stance" not in french + arabic


def test_a_declared_interest_and_a_reviewers_own_words_read_as_they_should(
    board, carla, ben, rita, alice, sam, client, login
):  # type: ignore[no-untyped-def]
    organisation = ready_application(alice, sam, legal_name="Registry Co").organisation
    actions.interest_declare(
        actor=ben,
        description="Advises on refugee registration.",
        today=TODAY,
        organisation=organisation,
    )
    motion = _endorsement(carla)
    review = actions.neutrality_review_record(
        actor=rita,
        motion=motion,
        open_standard=True,
        independent_implementations=3,
        conclusion="Open standard, three implementations.",
        today=TODAY,
    )
    assert review.beneficiaries[0]["why"] == "a Board member's declared interest"
    # A row recorded with the reviewer's own words (or any older text): shown as stored.
    review.beneficiaries.append(
        {"organisation_id": 0, "organisation": "Other Org", "why": "sells it"}
    )
    review.save()
    login(carla)
    url = f"/board/motions/{motion.pk}/"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert (
        "Registry Co (l&#x27;intérêt déclaré d&#x27;un membre du Conseil "
        "d&#x27;administration)" in french
    )
    assert "Other Org (sells it)" in french
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "Registry Co (مصلحة أعلنها عضو في مجلس الإدارة)" in arabic
