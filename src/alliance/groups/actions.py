"""Writes for working groups and advisory committees, and for the recommendations
they send to the Board. Each action audits; public facts go to the log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from alliance.accounts.selectors import user_roles
from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.i18n import lazy_format
from alliance.core.notifications import notify
from alliance.core.permissions import Perm, can
from alliance.engines.tally import Choice, Outcome, tally
from alliance.groups import board_rules
from alliance.groups.models import (
    BoardAnswer,
    Document,
    Group,
    GroupKind,
    GroupMeeting,
    Membership,
    MembershipStatus,
    Recommendation,
    RecommendationStatus,
    RecommendationVote,
)
from alliance.groups.selectors import can_lead, is_member
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Organisation
from alliance.transparency.services import publish_fact

ERR_STAFF_ONLY = _("Only the secretariat can set up groups.")
ERR_NOT_LEAD = _("Only the group's chairs or the secretariat can do this.")
ERR_NOT_MEMBER = _("Only members of the group can do this.")
ERR_NOT_PARTNER_PERSON = _("Members come from an active partner organisation they belong to.")
ERR_ALREADY_ASKED = _("You have already asked to join this group.")
ERR_NOT_REQUESTED = _("This membership is not awaiting a decision.")
ERR_NOT_DRAFT = _("Only a draft can be put to the group's vote.")
ERR_NOT_VOTING = _("The group's vote on this recommendation is not open.")
ERR_NOT_SENT = _("Only a recommendation sent to the Board awaits its answer.")
ERR_NOT_BOARD = _("Only the Board chair or the secretariat records the Board's answer.")
ERR_ANSWER_REASONS = _("The Board's answer needs its reasons.")
ERR_EMPTY = _("This cannot be empty.")


def _require_lead(actor: Any, group: Group) -> None:
    if not can_lead(actor, group):
        raise NotAllowed(ERR_NOT_LEAD)


def _require_member_or_lead(actor: Any, group: Group) -> None:
    if not (is_member(actor, group) or can_lead(actor, group)):
        raise NotAllowed(ERR_NOT_MEMBER)


def _approved_members(group: Group) -> list[Any]:
    return [
        m.user
        for m in group.memberships.filter(status=MembershipStatus.APPROVED).select_related("user")
    ]


@transaction.atomic
def group_create(*, actor: Any, name: str, kind: str, charter: str, today: date) -> Group:
    if not can(actor, Perm.MANAGE_GROUPS):
        raise NotAllowed(ERR_STAFF_ONLY)
    if not name.strip() or not charter.strip():
        raise ActionError(ERR_EMPTY, field="charter")
    group = Group.objects.create(
        name=name.strip(),
        slug=slugify(name)[:80],
        kind=GroupKind(kind),
        charter=charter.strip(),
        created_on=today,
    )
    audit_record(
        actor=actor, verb="group.created", target=group, after={"name": group.name, "kind": kind}
    )
    publish_fact(
        kind="group.created",
        subject=f"group:{group.slug}",
        fact={
            "group": group.name,
            "kind": kind,
            "charter": group.charter,
            "created_on": today.isoformat(),
        },
    )
    return group


def _speaks_for(user: Any, organisation: Organisation) -> bool:
    return any(org == organisation.pk for _, org in user_roles(user))


@transaction.atomic
def membership_request(
    *, actor: Any, group: Group, organisation: Organisation, today: date
) -> Membership:
    """An individual from a partner organisation asks to join; a chair approves."""
    if not can(actor, Perm.TAKE_PART_IN_GROUPS) and not _speaks_for(actor, organisation):
        raise NotAllowed(ERR_NOT_PARTNER_PERSON)
    partnership = getattr(organisation, "partnership", None)
    if (
        partnership is None
        or partnership.status != PartnershipStatus.ACTIVE
        or not (_speaks_for(actor, organisation))
    ):
        raise ActionError(ERR_NOT_PARTNER_PERSON)
    if Membership.objects.filter(group=group, user=actor).exists():
        raise ActionError(ERR_ALREADY_ASKED)
    membership = Membership.objects.create(
        group=group, user=actor, organisation=organisation, requested_on=today
    )
    audit_record(
        actor=actor, verb="group.membership_requested", target=membership, organisation=organisation
    )
    chairs = [
        m.user
        for m in group.memberships.filter(
            is_chair=True, status=MembershipStatus.APPROVED
        ).select_related("user")
    ]
    notify(
        chairs,
        kind="group.request",
        text=lazy_format(
            _("{person} asks to join {group}."), person=actor.display_name, group=group.name
        ),
        url=f"/groups/{group.slug}/",
    )
    return membership


@transaction.atomic
def membership_decide(*, actor: Any, membership: Membership, approve: bool) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)
    )
    _require_lead(actor, membership.group)
    if membership.status != MembershipStatus.REQUESTED:
        raise IllegalTransition(ERR_NOT_REQUESTED)
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_by"])
    audit_record(
        actor=actor,
        verb="group.membership_decided",
        target=membership,
        after={"status": membership.status},
    )
    notify(
        [membership.user],
        kind="group.membership",
        text=lazy_format(
            _("Your request to join {group}: approved.")
            if approve
            else _("Your request to join {group}: declined."),
            group=membership.group.name,
        ),
        url=f"/groups/{membership.group.slug}/",
    )
    return membership


@transaction.atomic
def memberships_follow_partnership(
    *, actor: Any, organisation: Organisation, status: str, reason: str
) -> int:
    """Group memberships held for an organisation follow its partnership: suspended with
    it, restored on reinstatement, ended on termination. Called by governance's
    partnership flow in the Board decision's transaction. Returns how many changed."""
    if not (can(actor, Perm.MANAGE_GROUPS) or can(actor, Perm.RECORD_BOARD_DECISION)):
        raise NotAllowed(ERR_STAFF_ONLY)
    moves = {
        PartnershipStatus.SUSPENDED: ([MembershipStatus.APPROVED], MembershipStatus.SUSPENDED),
        PartnershipStatus.ACTIVE: ([MembershipStatus.SUSPENDED], MembershipStatus.APPROVED),
        PartnershipStatus.TERMINATED: (
            [MembershipStatus.APPROVED, MembershipStatus.SUSPENDED, MembershipStatus.REQUESTED],
            MembershipStatus.ENDED,
        ),
    }
    if status not in moves:
        return 0
    before, after = moves[PartnershipStatus(status)]
    changed = list(
        Membership.objects.select_for_update().filter(organisation=organisation, status__in=before)
    )
    for membership in changed:
        membership.status = after
        membership.save(update_fields=["status"])
        audit_record(
            actor=actor,
            verb="membership.followed_partnership",
            target=membership,
            organisation=organisation,
            after={"status": after},
            reason=reason,
        )
    return len(changed)


@transaction.atomic
def chair_appoint(
    *, actor: Any, group: Group, user: Any, organisation: Organisation | None, today: date
) -> Membership:
    """The secretariat appoints a chair (or makes an approved member one)."""
    if not can(actor, Perm.MANAGE_GROUPS):
        raise NotAllowed(ERR_STAFF_ONLY)
    membership, _ = Membership.objects.update_or_create(
        group=group,
        user=user,
        defaults={
            "organisation": organisation,
            "is_chair": True,
            "status": MembershipStatus.APPROVED,
            "requested_on": today,
            "decided_by": actor,
        },
    )
    audit_record(actor=actor, verb="group.chair_appointed", target=membership)
    return membership


@transaction.atomic
def group_meeting_record(
    *, actor: Any, group: Group, held_on: date, agenda: str, minutes: str = ""
) -> GroupMeeting:
    _require_lead(actor, group)
    if not agenda.strip():
        raise ActionError(ERR_EMPTY, field="agenda")
    meeting = GroupMeeting.objects.create(
        group=group, held_on=held_on, agenda=agenda.strip(), minutes=minutes.strip()
    )
    audit_record(actor=actor, verb="group.meeting_recorded", target=meeting)
    return meeting


@transaction.atomic
def document_add(*, actor: Any, group: Group, title: str, body: str, today: date) -> Document:
    _require_member_or_lead(actor, group)
    if not title.strip() or not body.strip():
        raise ActionError(ERR_EMPTY, field="title")
    document = Document.objects.create(
        group=group, title=title.strip(), body=body.strip(), added_by=actor, added_on=today
    )
    audit_record(actor=actor, verb="group.document_added", target=document)
    return document


@transaction.atomic
def recommendation_draft(
    *, actor: Any, group: Group, title: str, text: str, today: date
) -> Recommendation:
    _require_member_or_lead(actor, group)
    if not title.strip() or not text.strip():
        raise ActionError(ERR_EMPTY, field="title")
    recommendation = Recommendation.objects.create(
        group=group, title=title.strip(), text=text.strip(), drafted_by=actor, drafted_on=today
    )
    audit_record(actor=actor, verb="recommendation.drafted", target=recommendation)
    return recommendation


@transaction.atomic
def recommendation_open_vote(*, actor: Any, recommendation: Recommendation) -> Recommendation:
    recommendation = (
        Recommendation.objects.select_for_update().select_related("group").get(pk=recommendation.pk)
    )
    _require_lead(actor, recommendation.group)
    if recommendation.status != RecommendationStatus.DRAFT:
        raise IllegalTransition(ERR_NOT_DRAFT)
    recommendation.status = RecommendationStatus.VOTING
    recommendation.save(update_fields=["status"])
    audit_record(actor=actor, verb="recommendation.vote_opened", target=recommendation)
    notify(
        _approved_members(recommendation.group),
        kind="recommendation.vote",
        text=lazy_format(
            _("{group} votes on '{title}'."),
            group=recommendation.group.name,
            title=recommendation.title,
        ),
        url=f"/groups/recommendations/{recommendation.pk}/",
    )
    return recommendation


@transaction.atomic
def recommendation_vote(
    *, actor: Any, recommendation: Recommendation, choice: str
) -> RecommendationVote:
    recommendation = (
        Recommendation.objects.select_for_update().select_related("group").get(pk=recommendation.pk)
    )
    if not is_member(actor, recommendation.group):
        raise NotAllowed(ERR_NOT_MEMBER)
    if recommendation.status != RecommendationStatus.VOTING:
        raise IllegalTransition(ERR_NOT_VOTING)
    vote, _ = RecommendationVote.objects.update_or_create(
        recommendation=recommendation, member=actor, defaults={"choice": Choice(choice).value}
    )
    audit_record(
        actor=actor,
        verb="recommendation.voted",
        target=recommendation,
        after={"choice": vote.choice},
    )
    return vote


def group_tally(recommendation: Recommendation, *, closed: bool) -> Any:
    """The group's own vote, counted by the same engine as the Board's."""
    members = recommendation.group.memberships.filter(status=MembershipStatus.APPROVED)
    chair = members.filter(is_chair=True).values_list("user_id", flat=True).first()
    return tally(
        board_rules.current().group_voting,
        eligible=frozenset(str(u) for u in members.values_list("user_id", flat=True)),
        recused=frozenset(),
        votes={
            str(m): Choice(c) for m, c in recommendation.votes.values_list("member_id", "choice")
        },
        casting_member=str(chair) if chair else None,
        closed=closed,
    )


@transaction.atomic
def recommendation_close_vote(
    *, actor: Any, recommendation: Recommendation, today: date
) -> Recommendation:
    """Close the group's vote. Adopted advice goes to the Board at once, with the day
    its answer is due under the rules in force."""
    recommendation = (
        Recommendation.objects.select_for_update().select_related("group").get(pk=recommendation.pk)
    )
    _require_lead(actor, recommendation.group)
    if recommendation.status != RecommendationStatus.VOTING:
        raise IllegalTransition(ERR_NOT_VOTING)
    result = group_tally(recommendation, closed=True)
    recommendation.vote_result = {
        "outcome": result.outcome.value,
        "for": result.votes_for,
        "against": result.votes_against,
        "abstain": result.abstentions,
        "members": result.seats,
        "reasoning": list(result.reasoning),
    }
    rules = board_rules.current()
    if result.outcome == Outcome.PASSED:
        days = rules.answer_days
        recommendation.status = RecommendationStatus.SENT
        recommendation.adopted_on = recommendation.sent_on = today
        recommendation.answer_due = today + timedelta(days=days)
    else:
        recommendation.status = RecommendationStatus.REJECTED
    recommendation.save()
    audit_record(
        actor=actor,
        verb="recommendation.vote_closed",
        target=recommendation,
        after={"outcome": result.outcome.value},
    )
    if recommendation.status == RecommendationStatus.SENT:
        publish_fact(
            kind="group.recommendation",
            subject=f"recommendation:{recommendation.pk}",
            fact=_recommendation_fact(recommendation),
        )
        notify(
            rules.board_members,
            kind="recommendation.sent",
            text=lazy_format(
                _("{group} recommends: '{title}'. The Board's answer is due by {due}."),
                group=recommendation.group.name,
                title=recommendation.title,
                due=recommendation.answer_due or "",
            ),
            url=f"/groups/recommendations/{recommendation.pk}/",
        )
    return recommendation


def _recommendation_fact(recommendation: Recommendation) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "recommendation": recommendation.pk,
        "group": recommendation.group.name,
        "title": recommendation.title,
        "text": recommendation.text,
        "adopted_on": recommendation.adopted_on.isoformat() if recommendation.adopted_on else None,
        "group_vote": {k: recommendation.vote_result[k] for k in ("for", "against", "abstain")}
        if recommendation.vote_result
        else None,
        "answer_due": recommendation.answer_due.isoformat() if recommendation.answer_due else None,
    }
    if recommendation.answer:
        fact.update(
            answer=recommendation.answer,
            reasons=recommendation.answer_reasons,
            answered_on=recommendation.answered_on.isoformat()
            if recommendation.answered_on
            else None,
            late=recommendation.answered_late,
            board_motion=recommendation.answer_motion_id,
        )
    return fact


@transaction.atomic
def recommendation_answer_record(
    *,
    actor: Any,
    recommendation: Recommendation,
    answer: str,
    reasons: str,
    today: date,
    motion_id: int | None = None,
) -> Recommendation:
    """Record the Board's published answer: accepted, accepted with changes, or declined,
    and whether it came after its due date. Called by governance (its
    ``recommendation_flow``) once the Board's answer motion passes, or for the chair
    when the rules in force delegate the answer; ``motion_id`` names the motion."""
    if not (can(actor, Perm.CHAIR_BOARD) or can(actor, Perm.RECORD_BOARD_DECISION)):
        raise NotAllowed(ERR_NOT_BOARD)
    recommendation = (
        Recommendation.objects.select_for_update().select_related("group").get(pk=recommendation.pk)
    )
    if recommendation.status != RecommendationStatus.SENT:
        raise IllegalTransition(ERR_NOT_SENT)
    if not reasons.strip():
        raise ActionError(ERR_ANSWER_REASONS, field="reasons")
    recommendation.answer = BoardAnswer(answer).value
    recommendation.answer_reasons = reasons.strip()
    recommendation.answered_on = today
    recommendation.answered_by = actor
    recommendation.answered_late = (
        recommendation.answer_due is not None and today > recommendation.answer_due
    )
    recommendation.answer_motion_id = motion_id
    recommendation.status = RecommendationStatus.ANSWERED
    recommendation.save()
    audit_record(
        actor=actor,
        verb="recommendation.answered",
        target=recommendation,
        after={
            "answer": recommendation.answer,
            "late": recommendation.answered_late,
            "motion": motion_id,
        },
        reason=reasons,
    )
    publish_fact(
        kind="board.recommendation_answer",
        subject=f"recommendation:{recommendation.pk}",
        fact=_recommendation_fact(recommendation),
    )
    notify(
        _approved_members(recommendation.group),
        kind="recommendation.answered",
        text=lazy_format(
            _("The Board answered '{title}' (late): {answer}.")
            if recommendation.answered_late
            else _("The Board answered '{title}': {answer}."),
            title=recommendation.title,
            answer=recommendation.get_answer_display,
        ),
        url=f"/groups/recommendations/{recommendation.pk}/",
    )
    return recommendation
