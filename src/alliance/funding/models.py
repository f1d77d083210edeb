"""Tiers, contributions and the budget. Thin models: writes go through funding.actions,
reads through funding.selectors, arithmetic through alliance.engines.tiers.

Money is always a DecimalField in the currency named beside it, with the rate to the
base currency (US$) recorded when the amount was agreed; nothing is stored as a float.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY_DIGITS, MONEY_PLACES = 16, 2
RATE_DIGITS, RATE_PLACES = 18, 8


class Currency(models.TextChoices):
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")
    GBP = "GBP", _("Pound sterling")
    CHF = "CHF", _("Swiss franc")
    CAD = "CAD", _("Canadian dollar")
    JPY = "JPY", _("Japanese yen")


class TierScheduleVersion(models.Model):
    """One Board-adopted version of the tier schedule (the engine's JSON form)."""

    number = models.PositiveIntegerField(unique=True)
    label = models.CharField(max_length=40, help_text=_("the engine schedule's version string"))
    schedule = models.JSONField(help_text=_("alliance.engines.tiers.schedule_to_dict output"))
    effective_from = models.DateField()
    # Whether each partner's own contribution may be shown publicly (else totals only).
    publish_individual_amounts = models.BooleanField(default=False)
    partnership_period_years = models.PositiveSmallIntegerField(default=3)
    # The governance app records Board resolutions; keep a nullable link and a label.
    board_decision = models.ForeignKey(
        "governance.BoardDecision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField(max_length=300)
    # {"fr": {"<tier code>.name": ...}, ...}: the tier names in other languages (see
    # core.content_i18n), set only by funding.actions.tier_schedule_translation_set.
    translations = models.JSONField(default=dict, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Tier schedule v{self.number} ({self.label})"


class TierConfirmation(models.Model):
    """The secretariat's confirmation of an applicant's tier and contribution."""

    application = models.OneToOneField(
        "organisations.Application", on_delete=models.CASCADE, related_name="tier_confirmation"
    )
    schedule_version = models.ForeignKey(TierScheduleVersion, on_delete=models.PROTECT)
    tier_code = models.CharField(max_length=40)
    tier_name = models.CharField(max_length=80)
    annual_amount = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    currency = models.CharField(max_length=3, default=Currency.USD)
    waived = models.BooleanField(default=False)
    waiver_reason = models.TextField(blank=True)
    offered = models.BooleanField(
        default=False, help_text=_("the applicant offered above the schedule")
    )
    reasoning = models.JSONField(default=list)
    note = models.TextField(blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.tier_name} for application #{self.application_id}"


class AssignmentKind(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    RENEWAL = "renewal", _("Renewal")


class TierAssignment(models.Model):
    """The tier fixed for one period of a partnership (admission, then each renewal)."""

    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.CASCADE, related_name="tier_assignments"
    )
    kind = models.CharField(max_length=20, choices=AssignmentKind.choices)
    schedule_version = models.ForeignKey(
        TierScheduleVersion, on_delete=models.PROTECT, null=True, blank=True
    )
    tier_code = models.CharField(max_length=40, blank=True)
    tier_name = models.CharField(max_length=80)
    annual_amount = models.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, null=True, blank=True
    )
    waived = models.BooleanField(default=False)
    reasoning = models.JSONField(default=list)
    period_start = models.DateField()
    period_end = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership_id", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period_start"], name="one_tier_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tier_name} {self.period_start}–{self.period_end}"


class PledgeStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("pledge", "Active")
    CANCELLED = "cancelled", _("Cancelled")


class Pledge(models.Model):
    """A cash commitment in the pledge currency, paid in instalments."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="pledges"
    )
    total = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    rate_to_base = models.DecimalField(
        max_digits=RATE_DIGITS,
        decimal_places=RATE_PLACES,
        help_text=_("US$ per unit, recorded when pledged"),
    )
    start = models.DateField()
    years = models.PositiveSmallIntegerField()
    per_year = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.ACTIVE
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.currency} {self.total:,} over {self.years} year(s)"


class Instalment(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField()
    due = models.DateField()
    amount = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    # A future instalment cancelled (e.g. the partner was terminated): kept, with its
    # reason, but no longer counted as pledged, due or overdue.
    cancelled_on = models.DateField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["pledge_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="one_instalment_number")
        ]
        indexes = [models.Index(fields=["due"])]

    def __str__(self) -> str:
        return f"Instalment {self.number} due {self.due}"


class Receipt(models.Model):
    """Money received against a pledge, in the pledge currency; matched to instalments
    oldest first by the engine (``apply_receipt``)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="receipts")
    reference = models.CharField(max_length=100)
    received_on = models.DateField()
    amount = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    rate_to_base = models.DecimalField(
        max_digits=RATE_DIGITS,
        decimal_places=RATE_PLACES,
        help_text=_("US$ per unit on the day received"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "reference"], name="one_receipt_reference")
        ]

    def __str__(self) -> str:
        return f"Receipt {self.reference}"


class InKindCategory(models.TextChoices):
    EXPERTISE = "expertise", _("Expertise (hours)")
    TECHNOLOGY = "technology", _("Technology")
    NETWORKS = "networks", _("Networks")
    CONVENING = "convening", _("Convening")
    VENUES = "venues", _("Venues")


def evidence_path(instance: InKindContribution, filename: str) -> str:
    return f"funding/evidence/{instance.organisation_id}/{filename}"


class InKindContribution(models.Model):
    """A contribution in kind at its declared value; never counted as cash."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="in_kind"
    )
    category = models.CharField(max_length=20, choices=InKindCategory.choices)
    description = models.TextField()
    hours = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    declared_value = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.USD)
    rate_to_base = models.DecimalField(
        max_digits=RATE_DIGITS, decimal_places=RATE_PLACES, default=1
    )
    delivered_on = models.DateField()
    evidence = models.FileField(upload_to=evidence_path, blank=True)
    evidence_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.declared_value} {self.currency}"

    @property
    def evidenced(self) -> bool:
        return bool(self.evidence)


class Budget(models.Model):
    """The alliance's annual budget, in the base currency."""

    year = models.PositiveSmallIntegerField(unique=True)
    note = models.TextField(blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"Budget {self.year}"


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    label = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES)

    class Meta:
        ordering = ["budget_id", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class ReminderSent(models.Model):
    """One reminder per overdue instalment per day, so the daily task can be re-run."""

    instalment = models.ForeignKey(Instalment, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    sent_to = models.EmailField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instalment", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder {self.instalment_id} on {self.sent_on}"


class PublishedTotals(models.Model):
    """The last funding totals put on the public log, to publish only when they change."""

    totals = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"Funding totals published {self.published_at:%Y-%m-%d}"
