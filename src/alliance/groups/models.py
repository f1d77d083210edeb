"""Working groups and advisory committees: charter, members, meetings, documents and
the policy recommendations they send to the Board. Writes go through groups.actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    ADVISORY_COMMITTEE = "advisory_committee", _("Advisory committee")


class Group(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    charter = models.TextField()
    created_on = models.DateField()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Member")
    DECLINED = "declined", _("Declined")
    # Follow the member's organisation (governance.partnership_flow).
    SUSPENDED = "suspended", _("Suspended with the partnership")
    ENDED = "ended", _("Ended with the partnership")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_chair = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED
    )
    requested_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group_id} ({self.status})"


class GroupMeeting(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    agenda = models.TextField()
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Meeting of {self.group_id} on {self.held_on}"


class Document(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    body = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_on = models.DateField()

    class Meta:
        ordering = ["-added_on", "-id"]

    def __str__(self) -> str:
        return self.title


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VOTING = "voting", _("Group vote open")
    REJECTED = "rejected", _("Not adopted by the group")
    SENT = "sent", _("Sent to the Board")
    ANSWERED = "answered", _("Answered by the Board")


class BoardAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_WITH_CHANGES = "accepted_with_changes", _("Accepted with changes")
    DECLINED = "declined", _("Declined")


class Recommendation(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="recommendations")
    title = models.CharField(max_length=300)
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drafted_on = models.DateField()
    vote_result = models.JSONField(null=True, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    answer_due = models.DateField(null=True, blank=True)
    answer = models.CharField(max_length=30, choices=BoardAnswer.choices, blank=True)
    answer_reasons = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Whether the answer came after answer_due, recorded when it is given.
    answered_late = models.BooleanField(default=False)
    # The Board motion that decided the answer (governance.Motion's id; none when the
    # rules in force delegated the answer to the chair). An id, not a key: groups sits
    # below governance.
    answer_motion_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-drafted_on", "-id"]
        indexes = [models.Index(fields=["status", "answer_due"])]

    def __str__(self) -> str:
        return self.title


class RecommendationVote(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "member"], name="one_group_vote_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.recommendation_id}: {self.choice}"
