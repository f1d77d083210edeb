"""Role grants change here, and only here: each grant or revocation checks that the actor
administers the site and writes its audit event in the same transaction. (The Django
admin only reads role grants.)"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alliance.accounts.models import RoleGrant, User
from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.i18n import site_languages
from alliance.core.permissions import Perm, can
from alliance.core.roles import ORGANISATION_SCOPED, Role, forget_roles

ERR_NOT_ADMINISTRATOR = _("Only an administrator may grant or revoke roles.")
ERR_UNKNOWN_ROLE = _("There is no such role.")
ERR_ORGANISATION_REQUIRED = _("A partner contact's role names the organisation.")
ERR_ORGANISATION_NOT_ALLOWED = _("This role is not held for an organisation.")
ERR_ALREADY_HELD = _("This person already holds this role.")
ERR_INACTIVE_USER = _("This account is deactivated.")
ERR_REASON_REQUIRED = _("Give the reason for revoking the role.")
ERR_OWN_ADMINISTRATOR = _("You cannot revoke your own administrator role.")
ERR_UNKNOWN_LANGUAGE = _("This site is not offered in that language.")
ERR_OWN_LANGUAGE_ONLY = _("Each person chooses their own language.")


def _snapshot(grant: RoleGrant) -> dict[str, Any]:
    return {
        "user": grant.user.email,
        "role": grant.role,
        "organisation_id": grant.organisation_id,
    }


@transaction.atomic
def role_grant(
    *, actor: Any, user: Any, role: str, organisation: Any = None, reason: str = ""
) -> RoleGrant:
    """Give ``user`` the role (a partner contact's for ``organisation``)."""
    if not can(actor, Perm.ADMINISTER):
        raise NotAllowed(str(ERR_NOT_ADMINISTRATOR))
    if role not in Role.values:
        raise ActionError(str(ERR_UNKNOWN_ROLE), field="role")
    if role in ORGANISATION_SCOPED and organisation is None:
        raise ActionError(str(ERR_ORGANISATION_REQUIRED), field="organisation")
    if role not in ORGANISATION_SCOPED and organisation is not None:
        raise ActionError(str(ERR_ORGANISATION_NOT_ALLOWED), field="organisation")
    if not user.is_active:
        raise ActionError(str(ERR_INACTIVE_USER), field="user")
    if RoleGrant.objects.filter(user=user, role=role, organisation=organisation).exists():
        raise ActionError(str(ERR_ALREADY_HELD), field="role")
    grant = RoleGrant.objects.create(user=user, role=role, organisation=organisation)
    audit_record(
        actor=actor,
        verb="role.granted",
        target=grant,
        after=_snapshot(grant),
        reason=reason.strip(),
        organisation=organisation,
    )
    forget_roles(user)
    return grant


@transaction.atomic
def role_revoke(*, actor: Any, grant: RoleGrant, reason: str) -> None:
    """Take the role away; the audit event keeps who held it, for what and why."""
    if not can(actor, Perm.ADMINISTER):
        raise NotAllowed(str(ERR_NOT_ADMINISTRATOR))
    if not reason.strip():
        raise ActionError(str(ERR_REASON_REQUIRED), field="reason")
    locked = RoleGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    if locked.user_id == actor.pk and locked.role == Role.ADMINISTRATOR:
        raise ActionError(str(ERR_OWN_ADMINISTRATOR))
    audit_record(
        actor=actor,
        verb="role.revoked",
        target=locked,
        before=_snapshot(locked),
        reason=reason.strip(),
        organisation=locked.organisation,
    )
    locked.delete()
    forget_roles(locked.user)
    forget_roles(grant.user)


@transaction.atomic
def user_language_set(*, actor: Any, user: User, language: str) -> User:
    """Record the language ``user`` chose with the switcher (their own choice only)."""
    if actor is None or actor.pk != user.pk:
        raise NotAllowed(str(ERR_OWN_LANGUAGE_ONLY))
    if language not in site_languages():
        raise ActionError(str(ERR_UNKNOWN_LANGUAGE), field="language")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.language == language:
        return locked
    before = {"language": locked.language}
    locked.language = language
    locked.save(update_fields=["language"])
    audit_record(
        actor=actor,
        verb="user.language_set",
        target=locked,
        before=before,
        after={"language": language},
    )
    user.language = language
    return locked
