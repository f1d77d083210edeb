"""Board writes: rules versions, meetings, interests and conflicts, motions, votes,
due-process notices, neutrality reviews and the recorded decisions they produce.

Every action takes the acting user, runs in one transaction, writes its audit event
and, for public facts, its log entry. Refusals raise ActionError with a constant below.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from alliance.accounts.models import User
from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.engines.tally import Outcome
from alliance.funding import actions as funding
from alliance.governance import conflicts as conflict_rules
from alliance.governance import flows
from alliance.governance import lifecycle as admission_guard
from alliance.governance.models import (
    SUBJECTLESS_DECISIONS,
    BoardDecision,
    BoardSeat,
    Conflict,
    ConflictStatus,
    DecisionKind,
    DueProcessNotice,
    Interest,
    Meeting,
    Motion,
    MotionKind,
    MotionStatus,
    NeutralityReview,
    NeutralityVerdict,
    NoticeKind,
    RulesVersion,
    Vote,
    VoteChoice,
    VoteEvent,
)
from alliance.governance.notifications import notify
from alliance.governance.rules import validate_rules
from alliance.governance.selectors import (
    motion_tally,
    notice_allows_termination,
    rules_in_force,
)
from alliance.organisations import actions as lifecycle
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Application, Organisation, Partnership
from alliance.transparency.services import publish_fact

ERR_NOT_BOARD = "Only the Board chair or the secretariat can record a Board decision."
ERR_SUBJECT = (
    "An admission or decline decides an application, a tier schedule the whole alliance; "
    "other decisions a partnership."
)
ERR_REASON = "A Board decision needs its reason."
ERR_RULES_EXIST = "The first rules version exists already; later ones need a rule-change motion."
ERR_NO_RULES = "No governance rules are in force yet."
ERR_SEATS = "Board seats need exactly one chair and at most the Board size in members."
ERR_NOT_CHAIR = "Only the Board chair or the secretariat can do this."
ERR_MOTION_SUBJECT = "This kind of motion needs its subject: {subject}."
ERR_APPLICATION_NOT_READY = admission_guard.ERR_NOT_READY
ERR_PARTNERSHIP_STATE = "The partnership is not in a state this motion can change."
ERR_NEEDS_NOTICE = "Send the partner a notice with reasons before this motion."
ERR_RESPONSE_PERIOD = (
    "The partner's response period has not ended and no response was received: the Board "
    "cannot decide on termination yet."
)
ERR_ALREADY_OPEN = "A motion on this subject is already open."
ERR_DEADLINE_OR_MEETING = "Decide in a meeting, or give a written resolution its deadline."
ERR_DEADLINE_TOO_SOON = "A written resolution's deadline must respect the notice period."
ERR_NOT_SEATED = "Only a seated Board member can vote on this motion."
ERR_MOTION_CLOSED = "Voting on this motion has closed."
ERR_DEADLINE_PASSED = "The deadline for this written resolution has passed."
ERR_RECUSED = "You are recused from this motion."
ERR_ANSWER_CONFLICT = "Answer the conflict-of-interest flag (recuse or explain) before voting."
ERR_EXPLAIN = "Explain why there is no conflict."
ERR_NOT_YOUR_CONFLICT = "Only the member concerned can answer this conflict flag."
ERR_NOT_YET_CLOSABLE = (
    "A written resolution closes at its deadline, or once every seated member has voted."
)
ERR_NEUTRALITY_REQUIRED = "An endorsement cannot pass without a completed neutrality review."
ERR_NEUTRALITY_FAVOURS_ONE = (
    "The neutrality review found the endorsement would favour a single party: it cannot pass."
)
ERR_NOT_ENDORSEMENT = "A neutrality review belongs to an endorsement motion."
ERR_NOT_REVIEWER = "Only the secretariat or a due-diligence reviewer records a neutrality review."
ERR_NOT_PARTNER = "Only the partner's own contact can respond to this notice."
ERR_ALREADY_RESPONDED = "The response to this notice has already been given."
ERR_EMPTY = "This cannot be empty."
ERR_SCHEDULE_DATE = "A tier schedule needs the date it takes effect, no earlier than today."

_APPLICATION_KINDS = {DecisionKind.ADMISSION, DecisionKind.DECLINE}
_PARTNERSHIP_KINDS = {MotionKind.SUSPENSION, MotionKind.REINSTATEMENT, MotionKind.TERMINATION}


def _can_chair(actor: Any) -> bool:
    return can(actor, Perm.CHAIR_BOARD) or can(actor, Perm.RECORD_BOARD_DECISION)


@transaction.atomic
def board_decision_record(
    *,
    actor: Any,
    kind: str,
    reason: str,
    decided_on: date,
    application: Application | None = None,
    partnership: Partnership | None = None,
) -> BoardDecision:
    if not can(actor, Perm.RECORD_BOARD_DECISION):
        raise NotAllowed(ERR_NOT_BOARD)
    if not reason.strip():
        raise ActionError(ERR_REASON, field="reason")
    wants_application = kind in _APPLICATION_KINDS
    if kind in SUBJECTLESS_DECISIONS:
        if application is not None or partnership is not None:
            raise ActionError(ERR_SUBJECT)
    elif (application is None) == wants_application or (partnership is None) != wants_application:
        raise ActionError(ERR_SUBJECT)
    decision = BoardDecision.objects.create(
        kind=kind,
        reason=reason.strip(),
        decided_on=decided_on,
        recorded_by=actor,
        application=application,
        partnership=partnership,
    )
    subject = application or partnership
    audit_record(
        actor=actor,
        verb="board_decision.recorded",
        target=decision,
        organisation=subject.organisation if subject else None,
        after={"kind": kind, "decided_on": decided_on.isoformat()},
        reason=reason,
    )
    return decision


# --- Rules -----------------------------------------------------------------------


def _seats_from_spec(version: RulesVersion, seats: list[dict[str, Any]]) -> list[BoardSeat]:
    chairs = [s for s in seats if s.get("chair")]
    if len(chairs) != 1 or not seats or len(seats) > version.rules["board_size"]:
        raise ActionError(ERR_SEATS)
    users = User.objects.in_bulk([s["member"] for s in seats])
    orgs = Organisation.objects.in_bulk([s["organisation"] for s in seats if s.get("organisation")])
    if len(users) != len({s["member"] for s in seats}):
        raise ActionError(ERR_SEATS)
    return BoardSeat.objects.bulk_create(
        BoardSeat(
            rules_version=version,
            member=users[s["member"]],
            organisation=orgs.get(s.get("organisation")),
            is_chair=bool(s.get("chair")),
            term_starts=date.fromisoformat(str(s["term_starts"])),
            term_ends=date.fromisoformat(str(s["term_ends"])),
        )
        for s in seats
    )


def seat_spec(seat: BoardSeat) -> dict[str, Any]:
    return {
        "member": seat.member_id,
        "organisation": seat.organisation_id,
        "chair": seat.is_chair,
        "term_starts": seat.term_starts.isoformat(),
        "term_ends": seat.term_ends.isoformat(),
    }


def _rules_fact(version: RulesVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "adopted_on": version.adopted_on.isoformat(),
        "rules": version.rules,
        "summary": version.summary,
        "motion": version.adopted_by_id,
        # Board members acting in office may be named; their organisation is public.
        "seats": [
            {
                "member": s.member.display_name,
                "organisation": s.organisation.legal_name if s.organisation else "",
                "chair": s.is_chair,
                "term_ends": s.term_ends.isoformat(),
            }
            for s in version.seats.select_related("member", "organisation")
        ],
    }


@transaction.atomic
def rules_seed_first(
    *,
    actor: Any,
    rules: dict[str, Any],
    seats: list[dict[str, Any]],
    adopted_on: date,
    summary: str = "The rules adopted at the founding meeting.",
) -> RulesVersion:
    """Bootstrap version 1 (the demo or the founding administrator does this once)."""
    if not (can(actor, Perm.ADMINISTER) or can(actor, Perm.MANAGE_INTAKE)):
        raise NotAllowed(ERR_NOT_CHAIR)
    if RulesVersion.objects.select_for_update().exists():
        raise ActionError(ERR_RULES_EXIST)
    version = RulesVersion.objects.create(
        version=1, rules=validate_rules(rules), adopted_on=adopted_on, summary=summary
    )
    _seats_from_spec(version, seats)
    audit_record(
        actor=actor, verb="rules.seeded", target=version, after={"version": 1, "seats": len(seats)}
    )
    publish_fact(kind="governance.rules", subject="rules:1", fact=_rules_fact(version))
    return version


def _adopt_rules(motion: Motion, actor: Any, today: date) -> RulesVersion:
    current = rules_in_force()
    assert current is not None
    version = RulesVersion.objects.create(
        version=current.version + 1,
        rules=validate_rules(motion.proposed_rules or {}),
        adopted_on=today,
        adopted_by=motion,
        summary=motion.title,
    )
    seats = motion.proposed_seats or [seat_spec(s) for s in current.seats.all()]
    _seats_from_spec(version, seats)
    audit_record(
        actor=actor,
        verb="rules.adopted",
        target=version,
        after={"version": version.version, "motion": motion.pk},
    )
    publish_fact(
        kind="governance.rules", subject=f"rules:{version.version}", fact=_rules_fact(version)
    )
    return version


# --- Meetings and interests ----------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *, actor: Any, title: str, starts_at: datetime, agenda: str, location: str = ""
) -> Meeting:
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    if not title.strip():
        raise ActionError(ERR_EMPTY, field="title")
    meeting = Meeting.objects.create(
        title=title.strip(), starts_at=starts_at, agenda=agenda, location=location, created_by=actor
    )
    audit_record(
        actor=actor,
        verb="meeting.scheduled",
        target=meeting,
        after={"title": meeting.title, "starts_at": starts_at.isoformat()},
    )
    version = rules_in_force()
    if version is not None:
        notify(
            [s.member for s in version.seats.select_related("member")],
            kind="meeting.scheduled",
            text=f"Board meeting scheduled: {meeting.title} on {starts_at:%d %B %Y}.",
            url=f"/board/meetings/{meeting.pk}/",
        )
    return meeting


@transaction.atomic
def meeting_record(*, actor: Any, meeting: Meeting, attendees: list[Any], minutes: str) -> Meeting:
    """Record attendance and minutes (recusals are appended at each motion's close)."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.attendees.set(attendees)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    audit_record(
        actor=actor, verb="meeting.minuted", target=meeting, after={"attendees": len(attendees)}
    )
    return meeting


@transaction.atomic
def interest_declare(
    *, actor: Any, description: str, today: date, organisation: Organisation | None = None
) -> Interest:
    if not can(actor, Perm.VOTE):
        raise NotAllowed(ERR_NOT_SEATED)
    if not description.strip():
        raise ActionError(ERR_EMPTY, field="description")
    interest = Interest.objects.create(
        member=actor, description=description.strip(), organisation=organisation, declared_on=today
    )
    audit_record(
        actor=actor,
        verb="interest.declared",
        target=interest,
        after={"organisation": organisation.pk if organisation else None},
    )
    return interest


# --- Motions -------------------------------------------------------------------------


def _check_subject(
    kind: str,
    application: Application | None,
    partnership: Partnership | None,
    notice: DueProcessNotice | None,
    today: date,
) -> None:
    if kind in (MotionKind.ADMISSION, MotionKind.DECLINE):
        if application is None:
            raise ActionError(ERR_MOTION_SUBJECT.format(subject="an application"))
        admission_guard.check_admission_ready(application)
    elif kind in _PARTNERSHIP_KINDS:
        if partnership is None:
            raise ActionError(ERR_MOTION_SUBJECT.format(subject="a partnership"))
        allowed = {
            MotionKind.SUSPENSION: {PartnershipStatus.ACTIVE},
            MotionKind.REINSTATEMENT: {PartnershipStatus.SUSPENDED},
            MotionKind.TERMINATION: {PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED},
        }
        if partnership.status not in allowed[MotionKind(kind)]:
            raise ActionError(ERR_PARTNERSHIP_STATE)
        if kind in (MotionKind.SUSPENSION, MotionKind.TERMINATION):
            if notice is None or notice.partnership_id != partnership.pk:
                raise ActionError(ERR_NEEDS_NOTICE)
            if kind == MotionKind.TERMINATION and (
                notice.kind != NoticeKind.TERMINATION
                or not notice_allows_termination(notice, today)
            ):
                raise ActionError(ERR_RESPONSE_PERIOD)


def _flag_conflicts(motion: Motion) -> list[Conflict]:
    seats = list(motion.rules_version.seats.select_related("member", "organisation"))
    interests: dict[int, list[Interest]] = {}
    for interest in Interest.objects.filter(
        member_id__in=[s.member_id for s in seats], withdrawn_on__isnull=True
    ):
        interests.setdefault(interest.member_id, []).append(interest)
    flagged = []
    for seat in seats:
        reasons = conflict_rules.flags_for(motion, seat, interests.get(seat.member_id, []))
        if not reasons:
            continue
        conflict, created = Conflict.objects.get_or_create(
            motion=motion, member=seat.member, defaults={"reasons": reasons}
        )
        if not created and conflict.status != ConflictStatus.RECUSED:
            new = [r for r in reasons if r not in conflict.reasons]
            if new:  # a fresh reason re-opens a cleared flag
                conflict.reasons = conflict.reasons + new
                conflict.status = ConflictStatus.FLAGGED
                conflict.save(update_fields=["reasons", "status"])
        flagged.append(conflict)
    return flagged


def _check_schedule_motion(
    schedule: dict[str, Any] | None, effective_from: date | None, period_years: int, today: date
) -> None:
    if schedule is None:
        raise ActionError(ERR_MOTION_SUBJECT.format(subject="the proposed tier schedule"))
    try:
        funding.tier_schedule_parse(schedule)
    except ActionError as error:
        raise ActionError(error.message, field="proposed_schedule") from error
    if effective_from is None or effective_from < today:
        raise ActionError(ERR_SCHEDULE_DATE, field="schedule_effective_from")
    if not 1 <= period_years <= 10:
        raise ActionError(funding.ERR_PERIOD_YEARS, field="schedule_period_years")


@transaction.atomic
def motion_open(
    *,
    actor: Any,
    kind: str,
    title: str,
    text: str,
    today: date,
    application: Application | None = None,
    partnership: Partnership | None = None,
    notice: DueProcessNotice | None = None,
    recommendation: Any = None,
    proposed_rules: dict[str, Any] | None = None,
    proposed_seats: list[dict[str, Any]] | None = None,
    endorsement_subject: str = "",
    tier: str = "",
    meeting: Meeting | None = None,
    deadline: date | None = None,
    proposed_schedule: dict[str, Any] | None = None,
    schedule_effective_from: date | None = None,
    schedule_publish_amounts: bool = False,
    schedule_period_years: int = 3,
) -> Motion:
    """Open a motion under the rules now in force; flag likely conflicts; tell the Board.

    A tier-schedule motion carries the schedule in its JSON form, checked here
    (funding.actions.ERR_SCHEDULE_INVALID), and the options the adopted version gets."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    version = rules_in_force()
    if version is None:
        raise ActionError(ERR_NO_RULES)
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
    if kind in admission_guard.ADMISSION_KINDS and application is not None:
        # The motion states the case it decides on (governance.lifecycle).
        title, text = admission_guard.admission_motion_wording(application, kind, title, text)
    if not title.strip() or not text.strip():
        raise ActionError(ERR_EMPTY, field="title")
    if partnership is not None:
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if notice is not None:
        notice = DueProcessNotice.objects.get(pk=notice.pk)
    _check_subject(kind, application, partnership, notice, today)
    if kind == MotionKind.RULE_CHANGE:
        proposed_rules = validate_rules(proposed_rules or {})
    if kind == MotionKind.TIER_SCHEDULE:
        _check_schedule_motion(
            proposed_schedule, schedule_effective_from, schedule_period_years, today
        )
    else:
        proposed_schedule, schedule_effective_from = None, None
    if kind == MotionKind.ENDORSEMENT and not endorsement_subject.strip():
        raise ActionError(ERR_MOTION_SUBJECT.format(subject="what is endorsed"))
    if (meeting is None) == (deadline is None):
        raise ActionError(ERR_DEADLINE_OR_MEETING)
    if deadline is not None and deadline < today + timedelta(
        days=version.rules["notice_period_days"]
    ):
        raise ActionError(ERR_DEADLINE_TOO_SOON, field="deadline")
    subject_filter: dict[str, Any] | None = (
        {"application": application}
        if application
        else ({"partnership": partnership} if partnership else None)
    )
    if (
        subject_filter
        and Motion.objects.filter(status=MotionStatus.OPEN, **subject_filter).exists()
    ):
        raise ActionError(ERR_ALREADY_OPEN)
    motion = Motion.objects.create(
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        rules_version=version,
        application=application,
        partnership=partnership,
        notice=notice,
        recommendation=recommendation,
        proposed_rules=proposed_rules,
        proposed_seats=proposed_seats,
        endorsement_subject=endorsement_subject.strip(),
        tier=tier,
        meeting=meeting,
        deadline=deadline,
        opened_by=actor,
        opened_on=today,
        proposed_schedule=proposed_schedule,
        schedule_effective_from=schedule_effective_from,
        schedule_publish_amounts=bool(schedule_publish_amounts),
        schedule_period_years=schedule_period_years,
    )
    flagged = _flag_conflicts(motion)
    audit_record(
        actor=actor,
        verb="motion.opened",
        target=motion,
        organisation=motion.subject_organisation,
        after={
            "kind": kind,
            "rules_version": version.version,
            "flagged": [c.member_id for c in flagged],
            "deadline": deadline.isoformat() if deadline else None,
        },
    )
    url = f"/board/motions/{motion.pk}/"
    members = [s.member for s in version.seats.select_related("member")]
    when = f"by {deadline:%d %B %Y}" if deadline else f"at {meeting}"
    notify(
        members, kind="motion.opened", text=f"Motion opened: {motion.title} — vote {when}.", url=url
    )
    notify(
        [c.member for c in flagged],
        kind="conflict.flagged",
        text=f"Possible conflict of interest on '{motion.title}': recuse or explain.",
        url=url,
    )
    return motion


@transaction.atomic
def conflict_resolve(
    *, actor: Any, conflict: Conflict, recuse: bool, explanation: str = ""
) -> Conflict:
    """The member confirms the conflict (recuses) or explains why there is none."""
    conflict = Conflict.objects.select_for_update().select_related("motion").get(pk=conflict.pk)
    if conflict.member_id != getattr(actor, "pk", None):
        raise NotAllowed(ERR_NOT_YOUR_CONFLICT)
    if conflict.motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if not recuse and not explanation.strip():
        raise ActionError(ERR_EXPLAIN, field="explanation")
    before = conflict.status
    conflict.status = ConflictStatus.RECUSED if recuse else ConflictStatus.CLEARED
    conflict.explanation = explanation.strip()
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["status", "explanation", "resolved_at"])
    # A recused member's earlier vote would be set aside by the tally; remove it outright.
    if recuse:
        Vote.objects.filter(motion=conflict.motion, member=actor).delete()
    audit_record(
        actor=actor,
        verb="conflict.resolved",
        target=conflict,
        before={"status": before},
        after={"status": conflict.status},
        reason=conflict.explanation,
    )
    return conflict


@transaction.atomic
def conflict_declare(*, actor: Any, motion: Motion, reason: str) -> Conflict:
    """A member recuses of their own accord."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if not motion.rules_version.seats.filter(member=actor).exists():
        raise NotAllowed(ERR_NOT_SEATED)
    if not reason.strip():
        raise ActionError(ERR_EMPTY, field="reason")
    conflict, _ = Conflict.objects.get_or_create(motion=motion, member=actor)
    conflict.reasons = [*conflict.reasons, f"Declared by the member: {reason.strip()}"]
    conflict.status = ConflictStatus.RECUSED
    conflict.resolved_at = timezone.now()
    conflict.save()
    Vote.objects.filter(motion=motion, member=actor).delete()
    audit_record(actor=actor, verb="conflict.declared", target=conflict, reason=reason)
    return conflict


@transaction.atomic
def vote_cast(*, actor: Any, motion: Motion, choice: str, today: date | None = None) -> Vote:
    """Cast or change a vote. The motion row is locked, so concurrent votes serialise,
    and the unique (motion, member) constraint makes a second row impossible."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    today = today or timezone.localdate()
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if motion.deadline is not None and today > motion.deadline:
        raise IllegalTransition(ERR_DEADLINE_PASSED)
    if not can(actor, Perm.VOTE) or not motion.rules_version.seats.filter(member=actor).exists():
        raise NotAllowed(ERR_NOT_SEATED)
    choice = VoteChoice(choice)
    conflict = motion.conflicts.filter(member=actor).first()
    if conflict is not None and conflict.status == ConflictStatus.RECUSED:
        raise ActionError(ERR_RECUSED)
    if conflict is not None and conflict.status == ConflictStatus.FLAGGED:
        raise ActionError(ERR_ANSWER_CONFLICT)
    vote = Vote.objects.filter(motion=motion, member=actor).first()
    previous = vote.choice if vote else ""
    if vote is None:
        vote = Vote.objects.create(motion=motion, member=actor, choice=choice)
    elif vote.choice != choice:
        vote.choice = choice
        vote.save(update_fields=["choice", "cast_at"])
    if previous != choice:
        VoteEvent.objects.create(motion=motion, member=actor, choice=choice, previous=previous)
        audit_record(
            actor=actor,
            verb="vote.changed" if previous else "vote.cast",
            target=motion,
            before={"choice": previous} if previous else None,
            after={"choice": choice},
        )
    return vote


def _recused_names(motion: Motion) -> list[str]:
    return sorted(
        c.member.display_name
        for c in motion.conflicts.select_related("member")
        if c.status != ConflictStatus.CLEARED
    )


def _check_closable(motion: Motion, today: date) -> None:
    if motion.deadline is None or today > motion.deadline:
        return
    result = motion_tally(motion, closed=False)
    if result.votes_for + result.votes_against + result.abstentions < result.seats:
        raise ActionError(ERR_NOT_YET_CLOSABLE)


def _check_neutrality(motion: Motion) -> None:
    review = NeutralityReview.objects.filter(motion=motion).first()
    if review is None:
        raise ActionError(ERR_NEUTRALITY_REQUIRED)
    if review.verdict != NeutralityVerdict.NEUTRAL:
        raise ActionError(ERR_NEUTRALITY_FAVOURS_ONE)


def _decision_reason(motion: Motion, counts: dict[str, Any]) -> str:
    recused = ", ".join(counts["recused"]) or "none"
    return (
        f"Board motion #{motion.pk} '{motion.title}' passed under rules "
        f"v{motion.rules_version.version}: {counts['for']} for, {counts['against']} "
        f"against, {counts['abstain']} abstaining; recused: {recused}."
    )


def _carry_out(motion: Motion, actor: Any, today: date, counts: dict[str, Any]) -> None:
    """A passed motion becomes a Board decision and flows into the lifecycle."""
    reason = _decision_reason(motion, counts)
    kind = MotionKind(motion.kind)
    if kind in (MotionKind.ADMISSION, MotionKind.DECLINE):
        application = motion.application
        assert application is not None
        decision = board_decision_record(
            actor=actor, kind=kind.value, reason=reason, decided_on=today, application=application
        )
        if kind == MotionKind.ADMISSION:
            flows.admission(
                actor=actor, application=application, decision=decision, tier=motion.tier
            )
        else:
            lifecycle.application_decline(actor=actor, application=application, decision=decision)
        decision.refresh_from_db()
        motion.decision = decision
    elif kind in _PARTNERSHIP_KINDS:
        partnership = motion.partnership
        assert partnership is not None
        if kind == MotionKind.TERMINATION:
            assert motion.notice is not None
            if not notice_allows_termination(motion.notice, today):
                raise ActionError(ERR_RESPONSE_PERIOD)
        decision = board_decision_record(
            actor=actor, kind=kind.value, reason=reason, decided_on=today, partnership=partnership
        )
        move = {
            MotionKind.SUSPENSION: lifecycle.partnership_suspend,
            MotionKind.REINSTATEMENT: lifecycle.partnership_reinstate,
            MotionKind.TERMINATION: lifecycle.partnership_terminate,
        }[kind]
        move(actor=actor, partnership=partnership, decision=decision)
        decision.refresh_from_db()
        motion.decision = decision
    elif kind == MotionKind.RULE_CHANGE:
        _adopt_rules(motion, actor, today)
    elif kind == MotionKind.TIER_SCHEDULE:
        _adopt_tier_schedule(motion, actor, today, reason)


def _adopt_tier_schedule(motion: Motion, actor: Any, today: date, reason: str) -> None:
    """The passed motion becomes a Board decision, and funding records the new version
    linked to it (published on the log as funding does), in this same transaction."""
    decision = board_decision_record(
        actor=actor, kind=DecisionKind.TIER_SCHEDULE, reason=reason, decided_on=today
    )
    motion.decision = decision
    motion.save()  # the decision's motion must read as closed and passed
    funding.tier_schedule_adopt(
        actor=actor,
        schedule=funding.tier_schedule_parse(motion.proposed_schedule),
        decision_note=f"Board motion #{motion.pk}: {motion.title}"[:300],
        # Never retroactive: a motion closed after its proposed date takes effect on closing.
        effective_from=max(motion.schedule_effective_from or today, today),
        publish_individual_amounts=motion.schedule_publish_amounts,
        partnership_period_years=motion.schedule_period_years,
        board_decision=decision,
    )


def _motion_fact(motion: Motion, counts: dict[str, Any]) -> dict[str, Any]:
    org = motion.subject_organisation
    named = org is not None and (motion.outcome == Outcome.PASSED or motion.partnership_id)
    fact = {
        "motion": motion.pk,
        "kind": motion.kind,
        "title": motion.title,
        "outcome": motion.outcome,
        "closed_on": motion.closed_on.isoformat() if motion.closed_on else None,
        "rules_version": motion.rules_version.version,
        "votes_for": counts["for"],
        "votes_against": counts["against"],
        "abstentions": counts["abstain"],
        "seats": counts["seats"],
        "quorum_needed": counts["quorum_needed"],
        "recused": counts["recused"],
        "board_decision": motion.decision_id,
    }
    if named:
        fact["organisation_id"] = str(org.public_id)
        fact["organisation"] = org.legal_name
    if motion.endorsement_subject:
        fact["endorsement_subject"] = motion.endorsement_subject
    if motion.rules_version.rules.get("votes_public"):
        fact["votes"] = counts["votes"]
    return fact


@transaction.atomic
def motion_close(*, actor: Any, motion: Motion, today: date) -> Motion:
    """Close voting; the tally becomes final. A passed motion is carried out at once."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related(
            "rules_version",
            "application__organisation",
            "partnership__organisation",
            "notice",
        )
        .get(pk=motion.pk)
    )
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    _check_closable(motion, today)
    admission_guard.check_motion_closable(motion)
    result = motion_tally(motion, closed=True)
    if motion.kind == MotionKind.ENDORSEMENT and result.outcome == Outcome.PASSED:
        _check_neutrality(motion)
    names = dict(motion.rules_version.seats.values_list("member_id", "member__full_name"))
    counts: dict[str, Any] = {
        "for": result.votes_for,
        "against": result.votes_against,
        "abstain": result.abstentions,
        "seats": result.seats,
        "quorum_needed": result.quorum_needed,
        "recused": _recused_names(motion),
        "votes": {
            names.get(m) or f"member {m}": c
            for m, c in motion.votes.values_list("member_id", "choice")
        },
    }
    motion.status = MotionStatus.CLOSED
    motion.closed_on = today
    motion.outcome = result.outcome.value
    motion.result = {
        **counts,
        "quorum_present": result.quorum_present,
        "casting_vote_used": result.casting_vote_used,
        "reasoning": list(result.reasoning),
    }
    if result.outcome == Outcome.PASSED:
        _carry_out(motion, actor, today, counts)
    motion.save()
    if motion.meeting_id:
        meeting = Meeting.objects.select_for_update().get(pk=motion.meeting_id)
        line = (
            f"\nMotion #{motion.pk} ({motion.title}): {motion.outcome.replace('_', ' ')}, "
            f"{counts['for']} for, {counts['against']} against, {counts['abstain']} "
            f"abstaining. Recused: {', '.join(counts['recused']) or 'none'}."
        )
        meeting.minutes = (meeting.minutes + line).strip()
        meeting.save(update_fields=["minutes"])
    audit_record(
        actor=actor,
        verb="motion.closed",
        target=motion,
        organisation=motion.subject_organisation,
        after={
            "outcome": motion.outcome,
            "for": counts["for"],
            "against": counts["against"],
            "abstain": counts["abstain"],
        },
    )
    publish_fact(
        kind="board.motion", subject=f"motion:{motion.pk}", fact=_motion_fact(motion, counts)
    )
    notify(
        [s.member for s in motion.rules_version.seats.select_related("member")],
        kind="motion.closed",
        text=f"Result: '{motion.title}' {motion.outcome.replace('_', ' ')}.",
        url=f"/board/motions/{motion.pk}/",
    )
    return motion


# --- Due process and neutrality ----------------------------------------------------------


@transaction.atomic
def notice_send(
    *, actor: Any, partnership: Partnership, kind: str, reasons: str, today: date
) -> DueProcessNotice:
    """Notice to the partner, with reasons; the response period comes from the rules."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    if not reasons.strip():
        raise ActionError(ERR_REASON, field="reasons")
    version = rules_in_force()
    if version is None:
        raise ActionError(ERR_NO_RULES)
    notice = DueProcessNotice.objects.create(
        partnership=partnership,
        kind=NoticeKind(kind),
        reasons=reasons.strip(),
        sent_on=today,
        response_due=today + timedelta(days=version.rules["response_period_days"]),
        sent_by=actor,
    )
    audit_record(
        actor=actor,
        verb="notice.sent",
        target=notice,
        organisation=partnership.organisation,
        after={"kind": kind, "response_due": notice.response_due.isoformat()},
        reason=reasons,
    )
    contacts = User.objects.filter(role_grants__organisation=partnership.organisation)
    notify(
        contacts,
        kind="notice.sent",
        text=f"{notice.get_kind_display()}: please respond by {notice.response_due:%d %B %Y}.",
        url=f"/board/notices/{notice.pk}/",
    )
    return notice


@transaction.atomic
def notice_respond(
    *, actor: Any, notice: DueProcessNotice, response: str, today: date
) -> DueProcessNotice:
    notice = (
        DueProcessNotice.objects.select_for_update()
        .select_related("partnership__organisation")
        .get(pk=notice.pk)
    )
    if not can(actor, Perm.WITHDRAW_OWN, notice.partnership):
        raise NotAllowed(ERR_NOT_PARTNER)
    if notice.responded_on is not None:
        raise ActionError(ERR_ALREADY_RESPONDED)
    if not response.strip():
        raise ActionError(ERR_EMPTY, field="response")
    notice.response = response.strip()
    notice.responded_on = today
    notice.save(update_fields=["response", "responded_on"])
    audit_record(
        actor=actor,
        verb="notice.responded",
        target=notice,
        organisation=notice.partnership.organisation,
    )
    return notice


def suggested_beneficiaries(subject: str) -> list[dict[str, Any]]:
    """Partners whose disclosed commercial stance touches the endorsement subject."""
    found = []
    for partnership in Partnership.objects.filter(
        status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED]
    ).select_related("organisation", "application"):
        why = conflict_rules.commercially_interested(partnership.organisation, subject)
        if why:
            found.append(
                {
                    "organisation_id": partnership.organisation_id,
                    "organisation": partnership.organisation.legal_name,
                    "why": why,
                }
            )
    for interest in Interest.objects.filter(withdrawn_on__isnull=True).select_related(
        "organisation"
    ):
        if interest.organisation and conflict_rules.mentions(
            interest.description, conflict_rules.subject_keywords(subject)
        ):
            found.append(
                {
                    "organisation_id": interest.organisation_id,
                    "organisation": interest.organisation.legal_name,
                    "why": "a Board member's declared interest",
                }
            )
    return list({b["organisation_id"]: b for b in found}.values())


@transaction.atomic
def neutrality_review_record(
    *,
    actor: Any,
    motion: Motion,
    open_standard: bool,
    independent_implementations: int,
    conclusion: str,
    today: date,
    beneficiaries: list[dict[str, Any]] | None = None,
) -> NeutralityReview:
    """Record the review; the verdict follows from the facts (one beneficiary without
    an open standard and several independent implementations favours a single party)."""
    if not can(actor, Perm.REVIEW_DILIGENCE):
        raise NotAllowed(ERR_NOT_REVIEWER)
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.kind != MotionKind.ENDORSEMENT:
        raise ActionError(ERR_NOT_ENDORSEMENT)
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if not conclusion.strip():
        raise ActionError(ERR_EMPTY, field="conclusion")
    if beneficiaries is None:
        beneficiaries = suggested_beneficiaries(motion.endorsement_subject)
    favours_one = not open_standard or independent_implementations < 2
    verdict = NeutralityVerdict.FAVOURS_ONE if favours_one else NeutralityVerdict.NEUTRAL
    review, _ = NeutralityReview.objects.update_or_create(
        motion=motion,
        defaults={
            "beneficiaries": beneficiaries,
            "open_standard": open_standard,
            "independent_implementations": independent_implementations,
            "conclusion": conclusion.strip(),
            "verdict": verdict,
            "reviewer": actor,
            "reviewed_on": today,
        },
    )
    motion.neutrality_review = review
    flagged = _flag_conflicts(motion)  # partners with a commercial interest recuse
    audit_record(
        actor=actor,
        verb="neutrality.reviewed",
        target=review,
        after={
            "verdict": verdict,
            "beneficiaries": len(beneficiaries),
            "flagged": [c.member_id for c in flagged],
        },
    )
    publish_fact(
        kind="board.neutrality_review",
        subject=f"motion:{motion.pk}",
        fact={
            "motion": motion.pk,
            "endorsement_subject": motion.endorsement_subject,
            "beneficiaries": [b["organisation"] for b in beneficiaries],
            "open_standard": open_standard,
            "independent_implementations": independent_implementations,
            "verdict": verdict,
            "conclusion": review.conclusion,
            "reviewed_on": today.isoformat(),
        },
    )
    return review


@transaction.atomic
def notification_mark_read(*, actor: Any, ids: list[int] | None = None) -> int:
    from alliance.governance.models import Notification

    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def remind_deadlines(*, today: date) -> int:
    """Remind seated members who have not voted on written resolutions due within two days."""
    told = 0
    for motion in Motion.objects.filter(
        status=MotionStatus.OPEN, deadline__gte=today, deadline__lte=today + timedelta(days=2)
    ).select_related("rules_version"):
        voted = set(motion.votes.values_list("member_id", flat=True))
        members = [
            s.member
            for s in motion.rules_version.seats.select_related("member")
            if s.member_id not in voted
        ]
        with transaction.atomic():
            told += notify(
                members,
                kind="motion.deadline",
                text=f"Deadline {motion.deadline:%d %B}: vote on '{motion.title}'.",
                url=f"/board/motions/{motion.pk}/",
            )
    return told
