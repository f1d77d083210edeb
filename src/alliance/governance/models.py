"""Board governance: rules versions and seats, meetings, motions, votes, conflicts,
due-process notices, neutrality reviews, notifications. Thin models: writes go
through governance.actions, reads through governance.selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alliance.core.content_i18n import translated
from alliance.governance.motion_kinds import kind_constraint_condition
from alliance.groups.models import BoardAnswer


class DecisionKind(models.TextChoices):
    ADMISSION = "admission", _("Admit partner")
    DECLINE = "decline", _("Decline application")
    SUSPENSION = "suspension", _("Suspend partnership")
    REINSTATEMENT = "reinstatement", _("Reinstate partnership")
    TERMINATION = "termination", _("Terminate partnership")
    TIER_SCHEDULE = "tier_schedule", _("Adopt a tier schedule")


# Decisions that bind the whole alliance rather than one applicant or partner.
SUBJECTLESS_DECISIONS = (DecisionKind.TIER_SCHEDULE.value,)


class BoardDecision(models.Model):
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    application = models.ForeignKey(
        "organisations.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_decisions",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_decisions",
    )
    reason = models.TextField()
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set once the decision has been carried out by the lifecycle action it authorises.
    applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False)
                | models.Q(partnership__isnull=False)
                | models.Q(kind__in=SUBJECTLESS_DECISIONS),
                name="decision_has_subject",
            )
        ]

    def __str__(self) -> str:
        subject = self.application or self.partnership or "the alliance"
        return f"{self.get_kind_display()}: {subject} ({self.decided_on})"


class MotionKind(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    DECLINE = "decline", _("Decline an application")
    SUSPENSION = "suspension", _("Suspension")
    REINSTATEMENT = "reinstatement", _("Reinstatement")
    TERMINATION = "termination", _("Termination")
    RULE_CHANGE = "rule_change", _("Rule change")
    ENDORSEMENT = "endorsement", _("Endorsement")
    TIER_SCHEDULE = "tier_schedule", _("Tier schedule")
    RECOMMENDATION_ANSWER = "recommendation_answer", _("Answer to a recommendation")


class RulesVersion(models.Model):
    """One version of the governance rules. Version 1 is seeded; every later version
    comes from a passed rule-change motion (``adopted_by``)."""

    version = models.PositiveIntegerField(unique=True)
    rules = models.JSONField(help_text=_("see governance.rules.DEFAULT_RULES"))
    summary = models.TextField(blank=True)
    # {"fr": {"summary": ...}, ...}: the rules text in other languages (see
    # core.content_i18n), set only by governance.actions.rules_translation_set; the
    # version as adopted and logged stays in English.
    translations = models.JSONField(default=dict, blank=True)
    adopted_on = models.DateField()
    adopted_by = models.OneToOneField(
        "governance.Motion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_rules",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Governance rules v{self.version}"

    @property
    def summary_shown(self) -> str:
        """The summary in the active language, English where it has no translation."""
        return translated(self.translations, "summary", self.summary)


class BoardSeat(models.Model):
    rules_version = models.ForeignKey(RulesVersion, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("the organisation the member comes from"),
    )
    is_chair = models.BooleanField(default=False)
    term_starts = models.DateField()
    term_ends = models.DateField()

    class Meta:
        ordering = ["-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rules_version", "member"], name="one_seat_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({'chair' if self.is_chair else 'member'})"


class Meeting(models.Model):
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class MotionStatus(models.TextChoices):
    OPEN = "open", _("Open for votes")
    CLOSED = "closed", _("Closed")


class MotionOutcome(models.TextChoices):
    """Every closed motion ends in exactly one of these (a database constraint)."""

    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FailureReason(models.TextChoices):
    VOTES = "votes", _("the votes did not reach the majority needed")
    NO_QUORUM = "no_quorum", _("no quorum")
    NEUTRALITY = "neutrality", _("neutrality review found it favours a single party")


class Motion(models.Model):
    """One motion. The fields a kind carries, and those it must leave empty, are stated
    once in ``governance.motion_kinds.KIND_FIELDS``; the database refuses a row that does
    not fit its kind (``motion_fits_its_kind``)."""

    kind = models.CharField(max_length=30, choices=MotionKind.choices)
    title = models.CharField(max_length=300)
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=MotionStatus.choices, default=MotionStatus.OPEN
    )
    rules_version = models.ForeignKey(RulesVersion, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        "organisations.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
    )
    notice = models.ForeignKey(
        "governance.DueProcessNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
    )
    recommendation = models.ForeignKey(
        "groups.Recommendation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
    )
    proposed_rules = models.JSONField(null=True, blank=True)
    proposed_seats = models.JSONField(null=True, blank=True)
    # A tier-schedule motion: the schedule (engines.tiers.schedule_to_dict) and its options.
    proposed_schedule = models.JSONField(null=True, blank=True)
    schedule_effective_from = models.DateField(null=True, blank=True)
    schedule_publish_amounts = models.BooleanField(null=True, blank=True)
    schedule_period_years = models.PositiveSmallIntegerField(null=True, blank=True)
    endorsement_subject = models.CharField(max_length=300, blank=True)
    # A recommendation answer: the answer proposed (groups.BoardAnswer); the text gives
    # its reasons.
    proposed_answer = models.CharField(max_length=30, blank=True, choices=BoardAnswer.choices)
    tier = models.CharField(max_length=40, blank=True, help_text=_("for an admission"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="motions"
    )
    deadline = models.DateField(null=True, blank=True, help_text=_("for a written resolution"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True, choices=MotionOutcome.choices)
    failed_because = models.CharField(max_length=20, blank=True, choices=FailureReason.choices)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True, help_text=_("the final tally"))
    decision = models.OneToOneField(
        BoardDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="motion"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["status", "opened_on"])]
        constraints = [
            # An open motion has no outcome; a closed one exactly one: passed, failed
            # with its reason, or withdrawn with its reason.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status=MotionStatus.OPEN,
                        outcome="",
                        failed_because="",
                        withdrawal_reason="",
                    )
                    | models.Q(
                        status=MotionStatus.CLOSED,
                        outcome=MotionOutcome.PASSED,
                        failed_because="",
                        withdrawal_reason="",
                    )
                    | (
                        models.Q(status=MotionStatus.CLOSED, outcome=MotionOutcome.FAILED)
                        & models.Q(failed_because__in=FailureReason.values)
                        & models.Q(withdrawal_reason="")
                    )
                    | (
                        models.Q(
                            status=MotionStatus.CLOSED,
                            outcome=MotionOutcome.WITHDRAWN,
                            failed_because="",
                        )
                        & ~models.Q(withdrawal_reason="")
                    )
                ),
                name="motion_has_one_outcome",
            ),
            # Each kind carries exactly its own data (governance.motion_kinds).
            models.CheckConstraint(
                condition=kind_constraint_condition(), name="motion_fits_its_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"Motion #{self.pk}: {self.title}"

    @property
    def subject_organisation(self):  # type: ignore[no-untyped-def]
        if self.application_id:
            return self.application.organisation  # type: ignore[union-attr]
        if self.partnership_id:
            return self.partnership.organisation  # type: ignore[union-attr]
        return None

    @property
    def outcome_words(self) -> str:
        """The outcome in words: "Passed", "Failed: no quorum", "Withdrawn: <reason>"."""
        if self.outcome == MotionOutcome.PASSED:
            return str(_("Passed"))
        if self.outcome == MotionOutcome.FAILED:
            because = FailureReason(self.failed_because).label if self.failed_because else ""
            return (
                str(_("Failed: %(because)s") % {"because": because})
                if because
                else str(_("Failed"))
            )
        if self.outcome == MotionOutcome.WITHDRAWN:
            return str(_("Withdrawn: %(reason)s") % {"reason": self.withdrawal_reason})
        return ""


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    """A member's current vote; the unique constraint makes double counting impossible."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "member"], name="one_vote_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.motion_id}: {self.choice}"


class VoteEvent(models.Model):
    """Every vote cast or changed, in order: the record of changes before close."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="vote_events")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    previous = models.CharField(max_length=10, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.member} on {self.motion_id}: {self.previous or '-'} -> {self.choice}"

    def get_previous_display(self) -> str:
        """The earlier choice in words (``previous`` is a choice code without choices)."""
        if self.previous in VoteChoice.values:
            return str(VoteChoice(self.previous).label)
        return self.previous


class Interest(models.Model):
    """An interest a Board member declares (a role, holding, contract or relationship)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_interests"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField()
    declared_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-declared_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.description[:60]}"


class ConflictStatus(models.TextChoices):
    """A flag is resolved by a ruling, not by the member: the member recuses, or explains
    and the chair (for the chair's own flag, the member the rules name) accepts the
    explanation (cleared) or rejects it (recused). Until then the member counts in
    neither quorum nor vote."""

    FLAGGED = "flagged", _("Flagged, awaiting the member")
    EXPLAINED = "explained", _("Explained, awaiting the ruling")
    RECUSED = "recused", _("Recused")
    CLEARED = "cleared", _("No conflict: the explanation was accepted")


class Conflict(models.Model):
    """A likely conflict of one member on one motion: flagged by the system or declared."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.FLAGGED
    )
    explanation = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The ruling on the member's explanation (governance.conflict_rulings).
    ruling_accepted = models.BooleanField(null=True, blank=True)
    ruling_reason = models.TextField(blank=True)
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ruled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "member"], name="one_conflict_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.motion_id}: {self.status}"

    @property
    def reasons_shown(self) -> list[str]:
        """The flags as the member concerned reads them, in the active language."""
        from alliance.governance.conflicts import reason_as_seen_by

        return [reason_as_seen_by(r, "", is_member=True) for r in self.reasons]


class NoticeKind(models.TextChoices):
    SUSPENSION = "suspension", _("Notice of intended suspension")
    TERMINATION = "termination", _("Notice of intended termination")


class DueProcessNotice(models.Model):
    """Notice to a partner, with reasons, before the Board may suspend or terminate."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    reasons = models.TextField()
    sent_on = models.DateField()
    response_due = models.DateField()
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sent_on})"


def notice_attachment_path(instance: NoticeAttachment, filename: str) -> str:
    return f"governance/notices/{instance.notice_id}/{filename}"


class NoticeAttachment(models.Model):
    """A file the partner attaches to its response (size- and type-checked like
    funding's evidence: PDF, PNG or JPEG)."""

    notice = models.ForeignKey(
        DueProcessNotice, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=notice_attachment_path)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class NeutralityVerdict(models.TextChoices):
    NEUTRAL = "neutral", _("No single party is favoured")
    FAVOURS_ONE = "favours_one", _("Would favour a single party")


class NeutralityReview(models.Model):
    """The recorded review an endorsement must pass before it can be adopted."""

    motion = models.OneToOneField(
        Motion, on_delete=models.CASCADE, related_name="neutrality_review"
    )
    beneficiaries = models.JSONField(
        default=list, help_text=_("list of {organisation_id, organisation, why}")
    )
    open_standard = models.BooleanField()
    independent_implementations = models.PositiveIntegerField()
    conclusion = models.TextField()
    verdict = models.CharField(max_length=20, choices=NeutralityVerdict.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_on = models.DateField()

    def __str__(self) -> str:
        return f"Neutrality review of motion {self.motion_id}: {self.verdict}"


class Notification(models.Model):
    """In-app notice to one person; the same text also goes by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    # The same notice in the site's other languages ({"fr": text, ...}), rendered when it
    # was sent: the inbox shows the one of the page's language. Empty for notices sent
    # before they were kept; those read as sent.
    translations = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text_shown(self) -> str:
        """The notice in the active language, else as sent."""
        active = translation.get_language() or ""
        for code in (active, active.split("-")[0]):
            if isinstance(said := (self.translations or {}).get(code), str) and said:
                return said
        return self.text
