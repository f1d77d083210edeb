"""Reads about people and their roles (the role reads live in :mod:`alliance.core.roles`
so the permission module can use them; re-exported here)."""

from __future__ import annotations

from alliance.core.roles import forget_roles, has_role, needs_mfa, organisation_ids, user_roles

__all__ = ["forget_roles", "has_role", "needs_mfa", "organisation_ids", "user_roles"]
