"""Reads for working groups, committees and their recommendations."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from alliance.core.permissions import Perm, can
from alliance.groups.models import (
    Group,
    Membership,
    MembershipStatus,
    Recommendation,
    RecommendationStatus,
)


def groups_listing() -> QuerySet[Group]:
    return Group.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPROVED)),
        recommendation_count=Count("recommendations", distinct=True),
    )


def membership_of(user: Any, group: Group) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return group.memberships.filter(user=user).first()


def is_member(user: Any, group: Group) -> bool:
    m = membership_of(user, group)
    return m is not None and m.status == MembershipStatus.APPROVED


def can_lead(user: Any, group: Group) -> bool:
    """The group's chairs and the secretariat run the group."""
    if can(user, Perm.MANAGE_GROUPS):
        return True
    m = membership_of(user, group)
    return m is not None and m.status == MembershipStatus.APPROVED and m.is_chair


def is_overdue(recommendation: Recommendation, today: date) -> bool:
    """Sent, unanswered, and past the day the rules gave the Board to answer."""
    return (
        recommendation.status == RecommendationStatus.SENT
        and recommendation.answer_due is not None
        and today > recommendation.answer_due
    )


def recommendations_public() -> QuerySet[Recommendation]:
    """Every recommendation a group has adopted, answered or not (drafts stay in the group)."""
    return (
        Recommendation.objects.filter(
            status__in=[RecommendationStatus.SENT, RecommendationStatus.ANSWERED]
        )
        .select_related("group")
        .order_by("-sent_on", "-id")
    )


def overdue_recommendations(today: date) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(status=RecommendationStatus.SENT, answer_due__lt=today)
        .select_related("group")
        .order_by("answer_due")
    )


def awaiting_answer() -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(status=RecommendationStatus.SENT)
        .select_related("group")
        .order_by("answer_due")
    )


# --- What needs a group's chair now (the homes: web.home) -------------------------------


def chaired_groups(user: Any) -> list[Group]:
    """The groups ``user`` chairs (an approved membership with the chair's seat)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Group.objects.filter(
            memberships__user=user,
            memberships__is_chair=True,
            memberships__status=MembershipStatus.APPROVED,
        ).order_by("name")
    )


def membership_requests(groups: list[Group]) -> list[Membership]:
    """People waiting for the chair to let them into one of ``groups``, oldest first."""
    return list(
        Membership.objects.filter(group__in=groups, status=MembershipStatus.REQUESTED)
        .select_related("group", "user", "organisation")
        .order_by("requested_on", "id")
    )


def group_drafts(groups: list[Group]) -> list[Recommendation]:
    """Recommendations of ``groups`` still in the group: drafts and group votes, oldest
    first."""
    return list(
        Recommendation.objects.filter(
            group__in=groups,
            status__in=[RecommendationStatus.DRAFT, RecommendationStatus.VOTING],
        )
        .select_related("group")
        .order_by("drafted_on", "id")
    )


def awaiting_answer_for(groups: list[Group]) -> list[Recommendation]:
    """Recommendations ``groups`` sent to the Board that await its answer, due first."""
    return list(awaiting_answer().filter(group__in=groups))


def groups_of(user: Any) -> list[Membership]:
    """The groups ``user`` takes part in (approved memberships)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, status=MembershipStatus.APPROVED)
        .select_related("group")
        .order_by("group__name")
    )
