"""Organisations, their people, applications and partnerships. Thin models:
writes go through organisations.actions, reads through organisations.selectors."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import LONG_TEXT, TEXT
from alliance.organisations.choices import (
    ApplicationStatus,
    ContributionKind,
    IncomeGroup,
    OrganisationType,
    PartnershipStatus,
    PersonRole,
    RevenueBand,
    StaffBand,
)


class Organisation(models.Model):
    # A stable public identifier for open data and credentials; never reused.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    legal_name = models.CharField(max_length=300)
    other_names = models.JSONField(default=list, blank=True)
    type = models.CharField(max_length=20, choices=OrganisationType.choices)
    registration_country = models.CharField(max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    registration_number = models.CharField(max_length=100, blank=True)
    headquarters = models.CharField(max_length=300, blank=True)
    website = models.URLField(blank=True)
    sectors = models.JSONField(default=list, blank=True)
    revenue_band = models.CharField(max_length=20, choices=RevenueBand.choices, blank=True)
    staff_band = models.CharField(max_length=20, choices=StaffBand.choices, blank=True)
    income_group = models.CharField(max_length=20, choices=IncomeGroup.choices, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    is_founding_partner = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        indexes = [models.Index(fields=["type"]), models.Index(fields=["registration_country"])]

    def __str__(self) -> str:
        return self.legal_name


class OrganisationPerson(models.Model):
    """An officer or beneficial owner. Personal data: never public, never logged."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    position = models.CharField(max_length=200, blank=True)
    nationality = models.CharField(max_length=2, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    ownership_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class PrincipleSet(models.Model):
    """A version of the alliance's principles as shown to applicants."""

    version = models.PositiveIntegerField(unique=True)
    principles = models.JSONField(help_text=_("list of {code, title, text}"))
    text_sha256 = models.CharField(max_length=64)
    # {"fr": {"<code>.title": ..., "<code>.text": ...}, ...}: see core.content_i18n. The
    # English text (and its hash) never changes; a translation is set only through
    # organisations.actions.principle_set_translation_set, and an attestation keeps its
    # own copy of the text it hashed.
    translations = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Principles v{self.version}"


class Application(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Disclosures and statements (the commercial stance is published on the register).
    commercial_products = models.TextField(blank=True, max_length=TEXT)
    commercial_services = models.TextField(blank=True, max_length=TEXT)
    commercial_patents = models.TextField(blank=True, max_length=TEXT)
    commercial_interests = models.TextField(blank=True, max_length=TEXT)
    has_no_commercial_interest = models.BooleanField(default=False)
    humanitarian_motivation = models.TextField(blank=True, max_length=LONG_TEXT)
    brings_experience = models.TextField(blank=True, max_length=TEXT)
    brings_expertise = models.TextField(blank=True, max_length=TEXT)
    brings_networks = models.TextField(blank=True, max_length=TEXT)
    brings_technology = models.TextField(blank=True, max_length=TEXT)
    partnership_reasons = models.TextField(blank=True, max_length=LONG_TEXT)
    aml_cft_certified = models.BooleanField(default=False)
    contribution_kind = models.CharField(
        max_length=20, choices=ContributionKind.choices, blank=True
    )
    contribution_amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    contribution_note = models.TextField(blank=True, max_length=TEXT)
    privacy_consent_at = models.DateTimeField(null=True, blank=True)
    step_reached = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"Application #{self.pk} — {self.organisation}"

    @property
    def commercial_stance_summary(self) -> str:
        if self.has_no_commercial_interest:
            return "Declares no commercial interest in digital identity."
        parts = [
            self.commercial_products,
            self.commercial_services,
            self.commercial_patents,
            self.commercial_interests,
        ]
        return " ".join(p.strip() for p in parts if p.strip())


class Attestation(models.Model):
    """The applicant's explicit attestation of one principle, with the text version seen."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attestations"
    )
    principle_code = models.CharField(max_length=40)
    principle_set = models.ForeignKey(PrincipleSet, on_delete=models.PROTECT)
    # The language the principle was shown in and exactly what was shown: the hash is
    # over ``text_shown`` ({code, title, text}), so it still verifies after the
    # translation is later edited.
    language = models.CharField(max_length=10, default="en-gb")
    text_shown = models.JSONField(default=dict)
    text_sha256 = models.CharField(max_length=64)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "principle_code"], name="one_attestation_per_principle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.principle_code} ({self.text_sha256[:12]})"


class Partnership(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="partnership"
    )
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="partnership"
    )
    status = models.CharField(
        max_length=20, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE
    )
    tier = models.CharField(max_length=40, blank=True)
    since = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "since"])]

    def __str__(self) -> str:
        return f"Partnership of {self.organisation}"
