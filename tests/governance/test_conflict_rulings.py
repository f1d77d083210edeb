"""A conflict flag is resolved by a ruling, not by the member; until ruled, the member
counts in neither quorum nor vote."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from alliance.core.errors import ActionError
from alliance.core.models import AuditEvent
from alliance.governance import actions, conflict_rulings
from alliance.governance.models import Conflict, ConflictStatus, MotionKind, Vote
from alliance.governance.rules import DEFAULT_RULES, rule, validate_rules
from alliance.governance.selectors import motion_tally
from tests.factories import ready_application
from tests.governance.conftest import TODAY, seat

pytestmark = pytest.mark.django_db

EXPLANATION = "We sell to different markets; no overlap."


def _seed(ada, carla, ben, members, *, chair_org=None, ben_org=None, rules=None):  # type: ignore[no-untyped-def]
    return actions.rules_seed_first(
        actor=ada,
        rules=rules or {},
        adopted_on=TODAY,
        seats=[seat(carla, chair_org, chair=True), seat(ben, ben_org)] + [seat(m) for m in members],
    )


def _admission(carla, application, meeting=None):  # type: ignore[no-untyped-def]
    return actions.motion_open(
        actor=carla,
        kind=MotionKind.ADMISSION,
        title=f"Admit {application.organisation}",
        text="The Board admits the applicant.",
        today=TODAY,
        application=application,
        meeting=meeting,
        deadline=None if meeting else TODAY + timedelta(days=14),
    )


def test_explained_flag_awaits_the_chairs_ruling_then_counts(carla, ben, members, ada, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members, ben_org=application.organisation)
    meeting = actions.meeting_schedule(
        actor=carla,
        title="Board meeting",
        starts_at=timezone.make_aware(datetime(2026, 3, 20, 14)),
        agenda="Admissions",
    )
    motion = _admission(carla, application, meeting=meeting)
    conflict = Conflict.objects.get(motion=motion, member=ben)
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False, explanation=EXPLANATION)
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.EXPLAINED
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_AWAITING_RULING
    assert motion_tally(motion).seats == 4  # out of quorum until ruled
    ruled = conflict_rulings.conflict_rule(
        actor=carla, conflict=conflict, accepted=True, reason="Different markets, as stated."
    )
    assert ruled.status == ConflictStatus.CLEARED and ruled.ruled_by == carla
    actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    result = motion_tally(motion)
    assert result.seats == 5 and result.votes_for == 1
    assert AuditEvent.objects.filter(verb="conflict.ruled", object_id=str(conflict.pk)).count() == 1
    meeting.refresh_from_db()
    assert "ruled on the conflict flag of Ben Board: explanation accepted" in meeting.minutes
    for voter in (carla, *members):
        actions.vote_cast(actor=voter, motion=motion, choice="for", today=TODAY)
    closed = actions.motion_close(actor=carla, motion=motion, today=TODAY)
    assert closed.result["rulings"] == [
        {
            "member": "Ben Board",
            "accepted": True,
            "ruled_by": "Carla Chair",
            "reason": "Different markets, as stated.",
        }
    ]


def test_rejected_explanation_recuses_the_member(carla, ben, members, ada, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members, ben_org=application.organisation)
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=ben)
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False, explanation="ok")
    ruled = conflict_rulings.conflict_rule(
        actor=carla, conflict=conflict, accepted=False, reason="He comes from the applicant."
    )
    assert ruled.status == ConflictStatus.RECUSED and ruled.ruling_accepted is False
    with pytest.raises(ActionError) as refused:
        actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert refused.value.message == actions.ERR_RECUSED
    with pytest.raises(ActionError) as refused:
        actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False, explanation="again")
    assert refused.value.message == actions.ERR_ALREADY_ANSWERED


def test_only_the_chair_rules_and_only_on_an_explanation(carla, ben, members, ada, alice, sam):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members, ben_org=application.organisation)
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=ben)
    with pytest.raises(ActionError) as refused:
        conflict_rulings.conflict_rule(actor=carla, conflict=conflict, accepted=True, reason="x")
    assert refused.value.message == conflict_rulings.ERR_NOTHING_TO_RULE
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False, explanation=EXPLANATION)
    for actor, message in (
        (members[0], conflict_rulings.ERR_NOT_RULER),
        (sam, conflict_rulings.ERR_NOT_RULER),
        (ben, conflict_rulings.ERR_OWN_FLAG),
    ):
        with pytest.raises(ActionError) as refused:
            conflict_rulings.conflict_rule(
                actor=actor, conflict=conflict, accepted=True, reason="x"
            )
        assert refused.value.message == message
    with pytest.raises(ActionError) as refused:
        conflict_rulings.conflict_rule(actor=carla, conflict=conflict, accepted=True, reason=" ")
    assert refused.value.message == conflict_rulings.ERR_RULING_REASON
    assert Conflict.objects.get(pk=conflict.pk).status == ConflictStatus.EXPLAINED


def test_chairs_own_flag_is_ruled_by_the_senior_member_by_default(
    carla, ben, members, ada, alice, sam
):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members, chair_org=application.organisation)
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=carla)
    actions.conflict_resolve(actor=carla, conflict=conflict, recuse=False, explanation=EXPLANATION)
    # Seats share a term start; the first seated after the chair (Ben) is the senior member.
    assert conflict_rulings.ruler_of(conflict) == ben
    with pytest.raises(ActionError) as refused:
        conflict_rulings.conflict_rule(actor=carla, conflict=conflict, accepted=True, reason="x")
    assert refused.value.message == conflict_rulings.ERR_OWN_FLAG
    with pytest.raises(ActionError) as refused:
        conflict_rulings.conflict_rule(
            actor=members[0], conflict=conflict, accepted=True, reason="x"
        )
    assert refused.value.message == conflict_rulings.ERR_NOT_RULER
    ruled = conflict_rulings.conflict_rule(
        actor=ben, conflict=conflict, accepted=False, reason="The chair's own organisation."
    )
    assert ruled.status == ConflictStatus.RECUSED and ruled.ruled_by == ben


def test_chairs_own_flag_is_ruled_by_the_member_the_rules_name(
    carla, ben, members, ada, alice, sam
):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _seed(
        ada,
        carla,
        ben,
        members,
        chair_org=application.organisation,
        rules={"chair_conflict_ruled_by": members[1].pk},
    )
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=carla)
    actions.conflict_resolve(actor=carla, conflict=conflict, recuse=False, explanation=EXPLANATION)
    with pytest.raises(ActionError) as refused:
        conflict_rulings.conflict_rule(actor=ben, conflict=conflict, accepted=True, reason="x")
    assert refused.value.message == conflict_rulings.ERR_NOT_RULER
    ruled = conflict_rulings.conflict_rule(
        actor=members[1], conflict=conflict, accepted=True, reason="No overlap."
    )
    assert ruled.status == ConflictStatus.CLEARED
    actions.vote_cast(actor=carla, motion=motion, choice="for", today=TODAY)


def test_unruled_members_vote_is_not_counted(carla, ben, members, ada, alice, sam):  # type: ignore[no-untyped-def]
    # Ben's organisation (an applicant here) is the one a revised review finds benefiting.
    wallet = ready_application(alice, sam, legal_name="Wallet Maker GmbH")
    _seed(ada, carla, ben, members, ben_org=wallet.organisation)
    motion = actions.motion_open(
        actor=carla,
        kind=MotionKind.ENDORSEMENT,
        title="Endorse open wallets",
        text="The alliance endorses open wallets.",
        today=TODAY,
        endorsement_subject="Plaintext calendars",
        deadline=TODAY + timedelta(days=14),
    )
    review = {
        "actor": sam,
        "motion": motion,
        "open_standard": True,
        "independent_implementations": 3,
        "conclusion": "Open standard.",
        "today": TODAY,
    }
    actions.neutrality_review_record(**review, beneficiaries=[])
    assert not Conflict.objects.filter(motion=motion).exists()
    actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    assert motion_tally(motion).votes_for == 1
    # A revised review lists Ben's organisation as benefiting: he is flagged again.
    beneficiary = {"organisation_id": wallet.organisation_id, "organisation": "W", "why": "x"}
    actions.neutrality_review_record(**review, beneficiaries=[beneficiary])
    assert Conflict.objects.get(motion=motion, member=ben).status == ConflictStatus.FLAGGED
    assert Vote.objects.filter(motion=motion, member=ben).exists()
    result = motion_tally(motion)
    assert result.votes_for == 0 and result.seats == 4 and str(ben.pk) in result.ignored_votes


def test_chair_records_the_ruling_from_the_motion_page(
    carla, ben, members, ada, alice, sam, client, login
):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members, ben_org=application.organisation)
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=ben)
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False, explanation=EXPLANATION)
    login(members[0])
    assert "Record the ruling" not in client.get(f"/board/motions/{motion.pk}/").content.decode()
    url = f"/board/conflicts/{conflict.pk}/rule/"
    assert client.post(url, {"accepted": "True", "reason": "x"}).status_code == 403
    login(carla)
    page = client.get(f"/board/motions/{motion.pk}/").content.decode()
    assert "Record the ruling" in page
    assert "Conflict flags awaiting your ruling" in client.get("/dashboard/").content.decode()
    response = client.post(url, {"accepted": "True", "reason": "Different markets."})
    assert response.status_code == 302
    page = client.get(f"/board/motions/{motion.pk}/").content.decode()
    assert "Explanation accepted" in page and "Different markets." in page
    assert "Explained; cleared by the ruling: " in page


def test_rules_name_who_rules_on_the_chairs_flag() -> None:
    assert validate_rules({})["chair_conflict_ruled_by"] == "senior_member"
    assert validate_rules({"chair_conflict_ruled_by": 7})["chair_conflict_ruled_by"] == 7
    with pytest.raises(ActionError):
        validate_rules({"chair_conflict_ruled_by": "the oldest"})
    # A rules version stored before the rule existed reads its default.
    stored = {k: v for k, v in DEFAULT_RULES.items() if k != "chair_conflict_ruled_by"}
    assert rule(stored, "chair_conflict_ruled_by") == "senior_member"


def test_an_interest_declared_during_a_vote_flags_the_open_motion(
    carla, ben, members, ada, alice, sam
):  # type: ignore[no-untyped-def]
    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members)
    motion = _admission(carla, application)
    assert not Conflict.objects.filter(motion=motion, member=ben).exists()
    actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY)
    actions.interest_declare(
        actor=ben,
        description="Advisor to the applicant since last week",
        today=TODAY,
        organisation=application.organisation,
    )
    assert Conflict.objects.get(motion=motion, member=ben).status == ConflictStatus.FLAGGED
    assert str(ben.pk) in motion_tally(motion).ignored_votes


def test_a_flag_stored_in_english_reads_in_the_readers_language():
    """Conflict.reasons keeps the flags as flags_for writes them; each known form is
    shown in the page's language, as the member and as anyone else reads it."""
    from django.utils import translation

    from alliance.governance.conflicts import reason_as_seen_by

    stored = "You declared an interest in Helix Biometrics Pvt Ltd."
    assert reason_as_seen_by(stored, "Ben Board", is_member=True) == stored
    assert (
        reason_as_seen_by(stored, "Ben Board", is_member=False)
        == "Ben Board declared an interest in Helix Biometrics Pvt Ltd."
    )
    with translation.override("fr"):
        assert (
            reason_as_seen_by(stored, "Ben Board", is_member=False)
            == "Ben Board a déclaré un intérêt dans Helix Biometrics Pvt Ltd."
        )
    assert reason_as_seen_by("Written before: kept.", "Ben", is_member=False) == (
        "Written before: kept."
    )


def test_a_refused_ruling_comes_back_with_the_choice_the_text_and_the_error(
    carla, ben, members, ada, alice, sam, client, login
):  # type: ignore[no-untyped-def]
    import re

    from django.utils.html import escape

    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members, ben_org=application.organisation)
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=ben)
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False, explanation=EXPLANATION)
    login(carla)
    url = f"/board/conflicts/{conflict.pk}/rule/"
    response = client.post(url, {"accepted": "False", "reason": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(conflict_rulings.ERR_RULING_REASON)) in page
    # The rejection stays chosen; acceptance does not.
    rejected = re.search(r'<input[^>]*value="False"[^>]*>', page)
    accepted = re.search(r'<input[^>]*value="True"[^>]*>', page)
    assert rejected and "checked" in rejected.group(0)
    assert accepted and "checked" not in accepted.group(0)
    conflict.refresh_from_db()
    assert conflict.ruling_accepted is None
    # A reason over the limit: what was typed comes back in the box.
    from alliance.core.forms import LONG_TEXT

    long_reason = "Different markets. " * (LONG_TEXT // 19 + 1)
    response = client.post(url, {"accepted": "True", "reason": long_reason})
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(long_reason.strip()) in page
    accepted = re.search(r'<input[^>]*value="True"[^>]*>', page)
    assert accepted and "checked" in accepted.group(0)


def test_a_refused_recusal_or_withdrawal_comes_back_open_with_the_error(
    carla, ben, members, ada, alice, sam, client, login
):  # type: ignore[no-untyped-def]
    from django.utils.html import escape

    from alliance.governance import outcomes

    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members)
    motion = _admission(carla, application)
    login(members[0])
    response = client.post(f"/board/motions/{motion.pk}/recuse/", {"reason": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(actions.ERR_EMPTY)) in page
    assert "<details open><summary>Recuse myself from this motion" in page
    assert not Conflict.objects.filter(motion=motion, member=members[0]).exists()
    login(carla)
    response = client.post(f"/board/motions/{motion.pk}/withdraw/", {"reason": " "})
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(str(outcomes.ERR_WITHDRAW_REASON)) in page
    assert "<details open><summary>Withdraw this motion" in page
    motion.refresh_from_db()
    assert motion.status == "open"


def test_the_answer_column_says_the_member_explained_and_the_ruling_recused_him(
    carla, ben, members, ada, alice, sam, client, login
):  # type: ignore[no-untyped-def]
    import re

    application = ready_application(alice, sam)
    _seed(ada, carla, ben, members, ben_org=application.organisation)
    motion = _admission(carla, application)
    conflict = Conflict.objects.get(motion=motion, member=ben)
    actions.conflict_resolve(actor=ben, conflict=conflict, recuse=False, explanation=EXPLANATION)
    conflict_rulings.conflict_rule(
        actor=carla, conflict=conflict, accepted=False, reason="He comes from the applicant."
    )
    login(carla)
    page = client.get(f"/board/motions/{motion.pk}/").content.decode()
    answer = re.search(r'<td class="conflict-answer">(.*?)</td>', page, re.S)
    assert answer is not None
    assert answer.group(1) == "Explained; recused by the ruling: " + EXPLANATION.replace(
        "'", "&#x27;"
    )
    assert "Recused: " + EXPLANATION[:10] not in page
