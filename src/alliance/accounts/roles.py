"""The roles a person can hold (defined in :mod:`alliance.core.roles`, below every app
that asks about them; re-exported here, where the role grants live)."""

from alliance.core.roles import MFA_REQUIRED, ORGANISATION_SCOPED, Role

__all__ = ["MFA_REQUIRED", "ORGANISATION_SCOPED", "Role"]
