"""The one place that decides who may do what on which object.

Every view and API endpoint asks :func:`can` (or :func:`require`). Rules are a
table from permission to the roles that hold it; organisation-scoped
permissions additionally need the object to belong to one of the user's own
organisations, so a partner never sees another partner's records.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from alliance.core.roles import Role, organisation_ids, user_roles


class Perm(StrEnum):
    VIEW_PUBLIC = "view_public"
    APPLY = "apply"
    VIEW_OWN_ORGANISATION = "view_own_organisation"
    EDIT_OWN_APPLICATION = "edit_own_application"
    WITHDRAW_OWN = "withdraw_own"
    VIEW_ANY_ORGANISATION = "view_any_organisation"
    VIEW_PERSONAL_DATA = "view_personal_data"
    MANAGE_INTAKE = "manage_intake"
    REVIEW_DILIGENCE = "review_diligence"
    SIGN_OFF_DILIGENCE = "sign_off_diligence"
    OVERRIDE_RISK_LEVEL = "override_risk_level"
    RECORD_BOARD_DECISION = "record_board_decision"
    VIEW_BOARD_PAPERS = "view_board_papers"
    VOTE = "vote"
    CHAIR_BOARD = "chair_board"
    MANAGE_FUNDING = "manage_funding"
    MANAGE_SCREENING = "manage_screening"
    MANAGE_GROUPS = "manage_groups"
    TAKE_PART_IN_GROUPS = "take_part_in_groups"
    VIEW_AUDIT = "view_audit"
    ADMINISTER = "administer"
    # Credentials (issue 8)
    ISSUE_CREDENTIALS = "issue_credentials"
    HOLD_OWN_CREDENTIAL = "hold_own_credential"
    # Privacy (issue 17): the data-rights queue, erasure and retention
    MANAGE_DATA_RIGHTS = "manage_data_rights"


_STAFF = {Role.SECRETARIAT, Role.ADMINISTRATOR}

# Permission -> roles that hold it without regard to the object.
GLOBAL_RULES: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_ANY_ORGANISATION: frozenset(
        {Role.SECRETARIAT, Role.REVIEWER, Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.ADMINISTRATOR}
    ),
    Perm.VIEW_PERSONAL_DATA: frozenset({Role.SECRETARIAT, Role.REVIEWER, Role.ADMINISTRATOR}),
    Perm.MANAGE_INTAKE: frozenset(_STAFF),
    Perm.REVIEW_DILIGENCE: frozenset({Role.SECRETARIAT, Role.REVIEWER}),
    Perm.SIGN_OFF_DILIGENCE: frozenset({Role.REVIEWER, Role.SECRETARIAT}),
    # Overriding the computed risk level is the second line's judgement, not the preparer's.
    Perm.OVERRIDE_RISK_LEVEL: frozenset({Role.REVIEWER}),
    Perm.RECORD_BOARD_DECISION: frozenset({Role.BOARD_CHAIR, Role.SECRETARIAT}),
    Perm.VIEW_BOARD_PAPERS: frozenset(
        {Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.SECRETARIAT, Role.ADMINISTRATOR}
    ),
    Perm.VOTE: frozenset({Role.BOARD_MEMBER, Role.BOARD_CHAIR}),
    Perm.CHAIR_BOARD: frozenset({Role.BOARD_CHAIR}),
    Perm.MANAGE_FUNDING: frozenset(_STAFF),
    Perm.MANAGE_SCREENING: frozenset(_STAFF),
    Perm.MANAGE_GROUPS: frozenset(_STAFF),
    Perm.TAKE_PART_IN_GROUPS: frozenset(
        {
            Role.GROUP_MEMBER,
            Role.PARTNER_CONTACT,
            Role.SECRETARIAT,
            Role.BOARD_MEMBER,
            Role.BOARD_CHAIR,
        }
    ),
    Perm.VIEW_AUDIT: frozenset({Role.SECRETARIAT, Role.ADMINISTRATOR}),
    Perm.ADMINISTER: frozenset({Role.ADMINISTRATOR}),
}

# Permissions a partner contact holds only on its own organisation's objects.
ORGANISATION_SCOPED_RULES: frozenset[Perm] = frozenset(
    {Perm.VIEW_OWN_ORGANISATION, Perm.EDIT_OWN_APPLICATION, Perm.WITHDRAW_OWN}
)

# Credentials (issue 8): the secretariat issues; only the partner's own contacts hold
# (download) its partnership credential — staff see its status but not the credential.
GLOBAL_RULES[Perm.ISSUE_CREDENTIALS] = frozenset({Role.SECRETARIAT})
ORGANISATION_SCOPED_RULES = ORGANISATION_SCOPED_RULES | {Perm.HOLD_OWN_CREDENTIAL}

# Privacy (issue 17): the secretariat answers data-rights requests; administrators too.
GLOBAL_RULES[Perm.MANAGE_DATA_RIGHTS] = frozenset(_STAFF)


def organisation_id_of(obj: Any) -> int | None:
    """The organisation an object belongs to (organisation, application, partnership...)."""
    if obj is None:
        return None
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label == "organisations.Organisation":
        return int(obj.pk)
    org_id = getattr(obj, "organisation_id", None)
    if org_id is not None:
        return int(org_id)
    for attr in ("application", "partnership"):
        related = getattr(obj, attr, None)
        if related is not None and related is not obj:
            return organisation_id_of(related)
    return None


def can(user: Any, perm: Perm, obj: Any = None) -> bool:
    if perm == Perm.VIEW_PUBLIC:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if perm == Perm.APPLY:
        return True
    roles = {role for role, _ in user_roles(user)}
    if perm in ORGANISATION_SCOPED_RULES:
        if roles & GLOBAL_RULES[Perm.VIEW_ANY_ORGANISATION] and perm == Perm.VIEW_OWN_ORGANISATION:
            return True
        org_id = organisation_id_of(obj)
        return org_id is not None and org_id in organisation_ids(user)
    return bool(roles & GLOBAL_RULES.get(perm, frozenset()))


def require(user: Any, perm: Perm, obj: Any = None) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied(f"You may not {perm.value.replace('_', ' ')} here.")


def can_view_organisation(user: Any, organisation: Any) -> bool:
    return can(user, Perm.VIEW_OWN_ORGANISATION, organisation)
