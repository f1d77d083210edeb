"""Sanctions lists, their versions and entries, what is screened, hits, decisions, alerts.

Thin models: writes go through screening.actions (and the background tasks), reads through
screening.selectors. Subjects carry personal data (officers' and owners' names and birth
dates): never logged, never public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SanctionsList(models.Model):
    """One list we screen against (UN SC, OFAC SDN, ...), across all its versions."""

    list_id = models.CharField(max_length=40, unique=True)  # the engine's id, e.g. "un-sc"
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=200, blank=True)  # file format, e.g. "un-xml"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["list_id"]

    def __str__(self) -> str:
        return self.name


class ListVersion(models.Model):
    """One load of one list. Only the newest version of each list is current."""

    list = models.ForeignKey(SanctionsList, on_delete=models.CASCADE, related_name="versions")
    digest = models.CharField(max_length=64)
    source_filename = models.CharField(max_length=300)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entry_count = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=True)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The diff against ``previous``: {"added": [...], "removed": [...], "changed": [...]}.
    diff = models.JSONField(default=dict, blank=True)
    rescreened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        indexes = [models.Index(fields=["list", "is_current"])]

    def __str__(self) -> str:
        return f"{self.list.list_id} {self.loaded_at:%Y-%m-%d %H:%M} ({self.digest[:12]})"

    def diff_counts(self) -> dict[str, int]:
        return {key: len(self.diff.get(key, [])) for key in ("added", "removed", "changed")}


class ListEntryRecord(models.Model):
    """A list entry as loaded, kept whole so diffs and explanations survive the file."""

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="entries")
    entry_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=20)
    primary_name = models.CharField(max_length=500)
    data = models.JSONField()  # dataclasses.asdict(ListEntry)
    digest = models.CharField(max_length=64)  # ListEntry.digest()

    class Meta:
        ordering = ["entry_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "entry_id"], name="one_entry_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.primary_name}"


class SubjectKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class SubjectSource(models.TextChoices):
    LEGAL_NAME = "legal_name", _("Legal name")
    OTHER_NAME = "other_name", _("Other name")
    OFFICER = "officer", _("Officer")
    OWNER = "owner", _("Beneficial owner")


class ScreeningSubject(models.Model):
    """A name screened for an organisation: its legal or other name, an officer or owner.

    ``key`` identifies the subject across edits of the organisation's people (which are
    re-created on every save), so decisions stay with the same person."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="screening_subjects"
    )
    person = models.ForeignKey(
        "organisations.OrganisationPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(max_length=400)
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    source = models.CharField(max_length=20, choices=SubjectSource.choices)
    name = models.CharField(max_length=300)
    birth_date = models.CharField(max_length=10, blank=True)  # ISO
    country = models.CharField(max_length=2, blank=True)  # nationality or registration
    active = models.BooleanField(default=True)  # False once the name is no longer disclosed
    screened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "source", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_subject_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} of organisation #{self.organisation_id}"


class ScreeningResult(models.Model):
    """A current hit: one subject against one list entry, at or above the threshold."""

    subject = models.ForeignKey(ScreeningSubject, on_delete=models.CASCADE, related_name="results")
    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="results")
    list_id = models.CharField(max_length=40)
    entry_id = models.CharField(max_length=100)
    matched_name = models.CharField(max_length=500)
    score = models.FloatField()
    explanation = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)

    # Filled in by selectors.results_for_organisation; not stored on this row.
    decision: str | None = None  # the standing verdict, if any
    decision_record: ScreeningDecision | None = None
    list_name: str = ""
    subject_removed: bool = False

    class Meta:
        ordering = ["-score", "list_id", "entry_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "list_id", "entry_id"], name="one_result_per_subject_entry"
            )
        ]
        indexes = [models.Index(fields=["list_id", "entry_id"])]

    def __str__(self) -> str:
        return f"{self.list_id}/{self.entry_id} {self.score:.2f}"


class Verdict(models.TextChoices):
    TRUE_MATCH = "true_match", _("True match")
    FALSE_POSITIVE = "false_positive", _("False positive")


class ScreeningDecision(models.Model):
    """A reviewer's verdict on a subject against a list entry, as that entry then stood.

    It holds while the entry is unchanged; a list update that changes or removes the entry
    lapses it (``lapsed_at``) and the hit must be decided afresh."""

    subject = models.ForeignKey(
        ScreeningSubject, on_delete=models.CASCADE, related_name="decisions"
    )
    list_id = models.CharField(max_length=40)
    entry_id = models.CharField(max_length=100)
    entry_digest = models.CharField(max_length=64)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    lapsed_in = models.ForeignKey(
        ListVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["subject", "list_id", "entry_id"])]

    def __str__(self) -> str:
        return f"{self.verdict} on {self.list_id}/{self.entry_id}"


class ScreeningAlert(models.Model):
    """What a list update changed: exactly the subjects whose results changed."""

    version = models.OneToOneField(ListVersion, on_delete=models.CASCADE, related_name="alert")
    created_at = models.DateTimeField(auto_now_add=True)
    subjects_screened = models.PositiveIntegerField(default=0)
    entries_rescreened = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Alert for {self.version}"


class AlertChange(models.TextChoices):
    NEW = "new", _("New hit")
    CHANGED = "changed", _("Hit changed")
    CLEARED = "cleared", _("Hit cleared")


class ScreeningAlertItem(models.Model):
    alert = models.ForeignKey(ScreeningAlert, on_delete=models.CASCADE, related_name="items")
    subject = models.ForeignKey(ScreeningSubject, on_delete=models.CASCADE, related_name="+")
    entry_id = models.CharField(max_length=100)
    change = models.CharField(max_length=10, choices=AlertChange.choices)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["subject_id", "entry_id"]

    def __str__(self) -> str:
        return f"{self.get_change_display()}: {self.entry_id}"
