"""Privacy: the notice and its acceptances, data-rights requests, legal holds, exports,
retention schedules and runs. Thin models: writes go through privacy.actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

USER = settings.AUTH_USER_MODEL


class PrivacyNotice(models.Model):
    """One published version of the notice, generated from the data inventory."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    sections = models.JSONField(help_text=_("the structured notice the text was rendered from"))
    text_sha256 = models.CharField(max_length=64, unique=True)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Privacy notice v{self.version}"


class AcceptanceContext(models.TextChoices):
    SIGNUP = "signup", _("Sign-up")
    APPLICATION = "application", _("Application")
    PROMPT = "prompt", _("New version")


class NoticeAcceptance(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notice_acceptances")
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="+")
    text_sha256 = models.CharField(max_length=64)
    context = models.CharField(max_length=20, choices=AcceptanceContext.choices)
    application = models.ForeignKey(
        "organisations.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at", "-id"]

    def __str__(self) -> str:
        return f"v{self.notice.version} accepted ({self.context})"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (a copy of my data)")
    PORTABILITY = "portability", _("Portability (my data, machine-readable)")
    RECTIFICATION = "rectification", _("Rectification (correct my data)")
    ERASURE = "erasure", _("Erasure (delete my data)")
    OBJECTION = "objection", _("Objection (stop a use of my data)")


class RequestStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("data-rights request", "Open")
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DataRequest(models.Model):
    """A data-rights request, answered within the statutory deadline (one month)."""

    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    requester = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="data_requests")
    details = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    received_on = models.DateField()
    due_on = models.DateField()
    reminded_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Data request #{self.pk} ({self.kind})"


class HoldKind(models.TextChoices):
    DUE_DILIGENCE = "due_diligence", _("Open due diligence")
    SANCTIONS = "sanctions", _("Confirmed sanctions match")
    BOARD_RECORDS = "board_records", _("Board records the rules say to keep")


class LegalHold(models.Model):
    """A record kept despite an erasure request, with its reason and end date."""

    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="legal_holds")
    request = models.ForeignKey(
        DataRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="holds"
    )
    kind = models.CharField(max_length=20, choices=HoldKind.choices)
    reason = models.TextField()
    model_label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    ends_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ends_on", "id"]
        indexes = [models.Index(fields=["model_label", "object_pk"])]

    def __str__(self) -> str:
        return f"Hold on {self.model_label}#{self.object_pk} until {self.ends_on}"


class Erasure(models.Model):
    """The stable pseudonym an erased person's records now carry."""

    person = models.OneToOneField(USER, on_delete=models.PROTECT, related_name="erasure")
    pseudonym = models.CharField(max_length=40, unique=True)
    request = models.ForeignKey(
        DataRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(auto_now_add=True)
    report = models.JSONField(default=dict, help_text=_("rows changed per table; no personal data"))

    def __str__(self) -> str:
        return self.pseudonym


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Preparing")
    READY = "ready", _("Ready")
    FAILED = "failed", pgettext_lazy("data download", "Failed")


class DataExport(models.Model):
    person = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="data_exports")
    request = models.ForeignKey(
        DataRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    status = models.CharField(
        max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="privacy/exports/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    tables = models.JSONField(default=dict, blank=True, help_text=_("rows per table"))
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Export #{self.pk} ({self.status})"


class RetentionSchedule(models.Model):
    """A version of the retention rules, per category (see privacy.retention.DEFAULTS)."""

    version = models.PositiveIntegerField(unique=True)
    rules = models.JSONField()
    note = models.TextField(blank=True)
    adopted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Retention schedule v{self.version}"


class RetentionRun(models.Model):
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="runs")
    run_on = models.DateField()
    dry_run = models.BooleanField()
    report = models.JSONField(help_text=_("per rule: how many rows, which ids; no personal data"))
    ran_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Retention {'dry run' if self.dry_run else 'run'} on {self.run_on}"
