"""Reads about people and their roles. Cached per request on the user object."""

from __future__ import annotations

from typing import Any

from alliance.accounts.roles import MFA_REQUIRED, Role

_CACHE_ATTR = "_alliance_roles"


def user_roles(user: Any) -> frozenset[tuple[str, int | None]]:
    """(role, organisation id) pairs the user holds; empty for anonymous users."""
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
