"""Due-diligence cases on a versioned policy. Thin models: writes go through
diligence.actions, reads through diligence.selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alliance.engines.risk import ControversyStatus, RiskLevel, Severity

USER = settings.AUTH_USER_MODEL


class Policy(models.Model):
    """A due-diligence policy (the UNDP-based default, or another the secretariat adds)."""

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    is_default = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "code"]

    def __str__(self) -> str:
        return self.title


class PolicyVersion(models.Model):
    """One immutable version of a policy: the engine's policy as JSON data."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    # {"fr": {"<criterion code>.name": ..., ".activity", ".involvement"}, ...}: the
    # criteria in other languages (core.content_i18n), set only by
    # diligence.actions.policy_translation_set; ``data`` (English) never changes.
    translations = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_policy_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.policy.title}, version {self.number}"

    @property
    def shown(self) -> SafeString:
        """The version for a page, in the reader's language; the policy's title is a
        document's name, kept as written (translate="no")."""
        title = format_html('<span translate="no">{}</span>', self.policy.title)
        return format_html(gettext("{policy}, version {number}"), policy=title, number=self.number)


class CaseKind(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    REASSESSMENT = "reassessment", _("Re-assessment")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AWAITING_SIGN_OFF = "awaiting_sign_off", _("Awaiting sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")


class Recommendation(models.TextChoices):
    ENGAGE = "engage", _("Engage")
    ENGAGE_WITH_MITIGATION = "engage_with_mitigation", _("Engage with mitigation")
    DO_NOT_ENGAGE = "do_not_engage", _("Do not engage")


class Case(models.Model):
    """One due-diligence case on one application. A signed case is frozen: a later change
    opens a new revision (``previous`` points at the signed one)."""

    application = models.ForeignKey(
        "organisations.Application", on_delete=models.PROTECT, related_name="diligence_cases"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="diligence_cases"
    )
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.ADMISSION)
    reason = models.CharField(max_length=500, blank=True)  # why it was opened
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_revision"
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    relationship = models.CharField(max_length=20)  # engine Relationship value
    high_risk_sectors = models.JSONField(default=list, blank=True)  # sector codes
    # The engine's assessment as last computed (kept frozen once signed off).
    assessment = models.JSONField(default=dict, blank=True)
    override_level = models.CharField(max_length=20, blank=True)
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recommendation = models.CharField(max_length=30, choices=Recommendation.choices, blank=True)
    recommendation_reasoning = models.TextField(blank=True)
    mitigations = models.TextField(blank=True)
    recommendation_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    monitoring_plan = models.TextField(blank=True)
    prepared_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    next_reassessment_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"Case #{self.pk} ({self.get_kind_display()}) — {self.organisation}"

    @property
    def relationship_label(self) -> str:
        from alliance.diligence.labels import relationship_label

        return relationship_label(self.relationship)

    @property
    def level(self) -> str:
        """The risk level in force: the override if any, else the computed one."""
        return self.override_level or self.assessment.get("computed_level") or ""

    @property
    def is_signed(self) -> bool:
        return self.status == CaseStatus.SIGNED_OFF


class Step(models.TextChoices):
    BACKGROUND = "background", _("Background and self-disclosure")
    CRITERIA = "criteria", _("Exclusionary criteria")
    SCREENING = "screening", _("Screening results")
    CONTROVERSIES = "controversies", _("Controversies research")
    ESG = "esg", _("ESG commitment")
    RISK = "risk", _("Risk level")
    RECOMMENDATION = "recommendation", _("Recommendation")
    MONITORING = "monitoring", _("Risk log and monitoring plan")
    SIGN_OFF = "sign_off", _("Sign-off")


class StepNote(models.Model):
    """A reviewer's record for a step: what was checked, with the evidence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    step = models.CharField(max_length=20, choices=Step.choices)
    text = models.TextField()
    evidence = models.TextField(blank=True)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.text[:60]}"


class Finding(models.TextChoices):
    NONE = "none", _("None found")
    POSSIBLE = "possible", _("Possible")
    CONFIRMED = "confirmed", _("Confirmed")


class CriterionFinding(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="criterion_findings")
    criterion_code = models.CharField(max_length=60)
    finding = models.CharField(max_length=10, choices=Finding.choices)
    evidence = models.TextField()
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion_code"], name="one_finding_each")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_code}: {self.finding}"


class ControversyRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="controversies")
    title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500)
    source_title = models.CharField(max_length=300, blank=True)
    severity = models.CharField(max_length=20, choices=[(s.value, s.value) for s in Severity])
    status = models.CharField(
        max_length=20, choices=[(s.value, s.value) for s in ControversyStatus]
    )
    summary = models.TextField(blank=True)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.severity}, {self.status})"


class EsgEvidence(models.Model):
    """Evidence for one of the ten UN Global Compact principles or the UNGPs."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="esg_evidence")
    principle = models.CharField(max_length=10)  # "ungc-1".."ungc-10", "ungp"
    evidence = models.TextField()
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "principle"], name="one_esg_evidence_each")
        ]

    def __str__(self) -> str:
        return f"{self.principle}: {self.evidence[:60]}"


class RiskLogEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_log")
    risk = models.CharField(max_length=300)
    mitigation = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.risk


class InformationRequest(models.Model):
    """A question to the applicant; the answer attaches to the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    question = models.TextField()
    asked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # A file sent with the answer (checked by alliance.core.uploads; stored 0640; served
    # only to the organisation's own people and the due-diligence staff, no-store).
    attachment = models.FileField(upload_to="diligence/answers/%Y/", blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return f"Request #{self.pk} on case #{self.case_id}"


class BoardPack(models.Model):
    """The Board pack of a signed case: the rendered PDF, kept with the case."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="board_pack")
    pdf = models.FileField(upload_to="diligence/board-packs/%Y/")
    sha256 = models.CharField(max_length=64)
    generated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    generated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Board pack of case #{self.case_id}"


LEVEL_CHOICES = [
    (level.value, pgettext_lazy("risk level", level.value.capitalize())) for level in RiskLevel
]
