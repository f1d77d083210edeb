from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    COMPANY = "company", _("Company")
    NGO = "ngo", _("NGO")
    GOVERNMENT = "government", _("Government")
    UN_AGENCY = "un_agency", _("UN agency")
    ACADEMIC = "academic", _("Academic")
    FOUNDATION = "foundation", _("Foundation")
    NETWORK = "network", _("Network")
    OTHER = "other", _("Other")


class RevenueBand(models.TextChoices):
    UNDER_1M = "under_1m", _("Under US$1M")
    FROM_1M_TO_10M = "1m_10m", _("US$1M–10M")
    FROM_10M_TO_100M = "10m_100m", _("US$10M–100M")
    FROM_100M_TO_1BN = "100m_1bn", _("US$100M–1bn")
    OVER_1BN = "over_1bn", _("Over US$1bn")


class StaffBand(models.TextChoices):
    FROM_1_TO_10 = "1_10", "1–10"
    FROM_11_TO_50 = "11_50", "11–50"
    FROM_51_TO_250 = "51_250", "51–250"
    FROM_251_TO_1000 = "251_1000", "251–1,000"
    OVER_1000 = "over_1000", _("Over 1,000")


class IncomeGroup(models.TextChoices):
    LOW = "low", _("Low income")
    LOWER_MIDDLE = "lower_middle", _("Lower-middle income")
    UPPER_MIDDLE = "upper_middle", _("Upper-middle income")
    HIGH = "high", _("High income")


class PersonRole(models.TextChoices):
    OFFICER = "officer", _("Officer / director")
    BENEFICIAL_OWNER = "owner", _("Beneficial owner")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_DUE_DILIGENCE = "in_due_diligence", _("In due diligence")
    READY_FOR_BOARD = "ready_for_board", _("Ready for Board")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ContributionKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    IN_KIND = "in_kind", _("In kind")
    BOTH = "both", _("Financial and in kind")
    WAIVER = "waiver", _("Asking for a waiver")
