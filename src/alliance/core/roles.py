"""The roles a person can hold, and which ones a user holds.

Organisation-scoped roles carry the organisation. The grants themselves are
``accounts.RoleGrant`` rows (reached here as ``user.role_grants``); this module sits in
``core`` so that the one permission module can ask about roles without importing an
app above it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARTNER_CONTACT = "partner_contact", _("Applicant / partner contact")
    SECRETARIAT = "secretariat", _("Secretariat staff")
    REVIEWER = "reviewer", _("Due-diligence reviewer")
    BOARD_MEMBER = "board_member", _("Board member")
    BOARD_CHAIR = "board_chair", _("Board chair")
    GROUP_MEMBER = "group_member", _("Working-group / committee member")
    ADMINISTRATOR = "administrator", _("Administrator")


ORGANISATION_SCOPED = frozenset({Role.PARTNER_CONTACT})
# Roles whose holders must protect their login with a TOTP second factor.
MFA_REQUIRED = frozenset(
    {Role.SECRETARIAT, Role.REVIEWER, Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.ADMINISTRATOR}
)


_CACHE_ATTR = "_alliance_roles"


def user_roles(user: Any) -> frozenset[tuple[str, int | None]]:
    """(role, organisation id) pairs the user holds; empty for anonymous users.
    Cached per request on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(user.role_grants.values_list("role", "organisation_id"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, role: Role) -> bool:
    return any(r == role for r, _ in user_roles(user))


def organisation_ids(user: Any) -> frozenset[int]:
    """Organisations the user speaks for as applicant / partner contact."""
    return frozenset(org for r, org in user_roles(user) if r == Role.PARTNER_CONTACT and org)


def needs_mfa(user: Any) -> bool:
    """Staff and Board roles, and anyone who can reach the Django admin."""
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return any(r in MFA_REQUIRED for r, _ in user_roles(user))
