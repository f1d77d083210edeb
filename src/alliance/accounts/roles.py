"""The roles a person can hold. Organisation-scoped roles carry the organisation."""

from django.db import models


class Role(models.TextChoices):
    PARTNER_CONTACT = "partner_contact", "Applicant / partner contact"
    SECRETARIAT = "secretariat", "Secretariat staff"
    REVIEWER = "reviewer", "Due-diligence reviewer"
    BOARD_MEMBER = "board_member", "Board member"
    BOARD_CHAIR = "board_chair", "Board chair"
    GROUP_MEMBER = "group_member", "Working-group / committee member"
    ADMINISTRATOR = "administrator", "Administrator"


ORGANISATION_SCOPED = frozenset({Role.PARTNER_CONTACT})
# Roles whose holders must protect their login with a TOTP second factor.
MFA_REQUIRED = frozenset(
    {Role.SECRETARIAT, Role.REVIEWER, Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.ADMINISTRATOR}
)
