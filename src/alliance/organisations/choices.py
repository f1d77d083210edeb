from django.db import models


class OrganisationType(models.TextChoices):
    COMPANY = "company", "Company"
    NGO = "ngo", "NGO"
    GOVERNMENT = "government", "Government"
    UN_AGENCY = "un_agency", "UN agency"
    ACADEMIC = "academic", "Academic"
    FOUNDATION = "foundation", "Foundation"
    NETWORK = "network", "Network"
    OTHER = "other", "Other"


class RevenueBand(models.TextChoices):
    UNDER_1M = "under_1m", "Under US$1M"
    FROM_1M_TO_10M = "1m_10m", "US$1M–10M"
    FROM_10M_TO_100M = "10m_100m", "US$10M–100M"
    FROM_100M_TO_1BN = "100m_1bn", "US$100M–1bn"
    OVER_1BN = "over_1bn", "Over US$1bn"


class StaffBand(models.TextChoices):
    FROM_1_TO_10 = "1_10", "1–10"
    FROM_11_TO_50 = "11_50", "11–50"
    FROM_51_TO_250 = "51_250", "51–250"
    FROM_251_TO_1000 = "251_1000", "251–1,000"
    OVER_1000 = "over_1000", "Over 1,000"


class IncomeGroup(models.TextChoices):
    LOW = "low", "Low income"
    LOWER_MIDDLE = "lower_middle", "Lower-middle income"
    UPPER_MIDDLE = "upper_middle", "Upper-middle income"
    HIGH = "high", "High income"


class PersonRole(models.TextChoices):
    OFFICER = "officer", "Officer / director"
    BENEFICIAL_OWNER = "owner", "Beneficial owner"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_DUE_DILIGENCE = "in_due_diligence", "In due diligence"
    READY_FOR_BOARD = "ready_for_board", "Ready for Board"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    TERMINATED = "terminated", "Terminated"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ContributionKind(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    IN_KIND = "in_kind", "In kind"
    BOTH = "both", "Financial and in kind"
    WAIVER = "waiver", "Asking for a waiver"
