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
from django.utils.translation import gettext_lazy as _

from alliance.core.i18n import lazy_format
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
    # Issue 18: translations of content that is data (principles, tiers, rules, criteria)
    TRANSLATE_CONTENT = "translate_content"


_STAFF = {Role.SECRETARIAT, Role.ADMINISTRATOR}

# Permission -> roles that hold it without regard to the object.
GLOBAL_RULES: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_ANY_ORGANISATION: frozenset(
        {Role.SECRETARIAT, Role.REVIEWER, Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.ADMINISTRATOR}
    ),
    Perm.VIEW_PERSONAL_DATA: frozenset({Role.SECRETARIAT, Role.REVIEWER, Role.ADMINISTRATOR}),
    Perm.MANAGE_INTAKE: frozenset(_STAFF),
    Perm.TRANSLATE_CONTENT: frozenset({Role.SECRETARIAT}),
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


# What a refusal says the person may not do, in the reader's language (the English is
# the permission's code in words, as the refusal always said it).
PERM_WORDS: dict[Perm, Any] = {
    Perm.VIEW_PUBLIC: _("view public"),
    Perm.APPLY: _("apply"),
    Perm.VIEW_OWN_ORGANISATION: _("view own organisation"),
    Perm.EDIT_OWN_APPLICATION: _("edit own application"),
    Perm.WITHDRAW_OWN: _("withdraw own"),
    Perm.VIEW_ANY_ORGANISATION: _("view any organisation"),
    Perm.VIEW_PERSONAL_DATA: _("view personal data"),
    Perm.MANAGE_INTAKE: _("manage intake"),
    Perm.REVIEW_DILIGENCE: _("review diligence"),
    Perm.SIGN_OFF_DILIGENCE: _("sign off diligence"),
    Perm.OVERRIDE_RISK_LEVEL: _("override risk level"),
    Perm.RECORD_BOARD_DECISION: _("record board decision"),
    Perm.VIEW_BOARD_PAPERS: _("view board papers"),
    Perm.VOTE: _("vote"),
    Perm.CHAIR_BOARD: _("chair board"),
    Perm.MANAGE_FUNDING: _("manage funding"),
    Perm.MANAGE_SCREENING: _("manage screening"),
    Perm.MANAGE_GROUPS: _("manage groups"),
    Perm.TAKE_PART_IN_GROUPS: _("take part in groups"),
    Perm.VIEW_AUDIT: _("view audit"),
    Perm.ADMINISTER: _("administer"),
    Perm.ISSUE_CREDENTIALS: _("issue credentials"),
    Perm.HOLD_OWN_CREDENTIAL: _("hold own credential"),
    Perm.MANAGE_DATA_RIGHTS: _("manage data rights"),
    Perm.TRANSLATE_CONTENT: _("translate content"),
}
ERR_NOT_PERMITTED = _("You may not %(action)s here.")


def require(user: Any, perm: Perm, obj: Any = None) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied(lazy_format(ERR_NOT_PERMITTED, action=PERM_WORDS[perm]))


def can_view_organisation(user: Any, organisation: Any) -> bool:
    return can(user, Perm.VIEW_OWN_ORGANISATION, organisation)


# --- Who sees what on an organisation (issue 14) -----------------------------------------
#
# One table for every page, download and API endpoint that shows an organisation's
# history or one of its panels. A viewer's roles *for that organisation* are its global
# roles plus ``PARTNER_CONTACT`` when it speaks for the organisation (a contact of another
# organisation holds no role here). What a viewer sees is the union over those roles.


class EventKind(StrEnum):
    """What an audit event is, as far as who may read it is concerned."""

    OWN_ACTION = "own_action"  # done by one of the organisation's own contacts
    QUESTION = "question"  # a question put to the organisation
    DECISION = "decision"  # a decision about the organisation (Board, partnership, credential)
    PROGRESS = "progress"  # the application or partnership moved on (status only)
    DILIGENCE = "diligence"  # internal due-diligence work: notes, findings, overrides, risk log
    SCREENING = "screening"  # sanctions screening runs and results
    BOARD = "board"  # motions, votes, conflicts, interests
    INTERNAL = "internal"  # anything else; every verb not listed below falls here


class Seen(StrEnum):
    HIDDEN = "hidden"
    # When and what, and the recorded reason, but not who: the actor reads "The alliance".
    WITHOUT_NAMES = "without_names"
    # When and what only: no actor name, no reason.
    STATUS_ONLY = "status_only"
    FULL = "full"  # who, when, what and why


# Verb -> kind. An exact verb first, then its prefix up to the first dot; otherwise INTERNAL.
EVENT_KINDS: dict[str, EventKind] = {
    "diligence.information_requested": EventKind.QUESTION,
    "application.approve": EventKind.DECISION,
    "application.decline": EventKind.DECISION,
    "board_decision.recorded": EventKind.DECISION,
    "partnership.created": EventKind.DECISION,
    "partnership.suspend": EventKind.DECISION,
    "partnership.reinstate": EventKind.DECISION,
    "partnership.terminate": EventKind.DECISION,
    "partnership.tier_fixed": EventKind.DECISION,
    "partnership.renewed": EventKind.DECISION,
    "tier.confirmed": EventKind.DECISION,
    "notice.sent": EventKind.DECISION,
    "credential.issued": EventKind.DECISION,
    "credential.revoked": EventKind.DECISION,
    "credential.suspended": EventKind.DECISION,
    "credential.reinstated": EventKind.DECISION,
    # Consequences of a suspension or termination, in the Board decision's transaction.
    "pledge.instalments_cancelled": EventKind.DECISION,
    "membership.followed_partnership": EventKind.DECISION,
    "application.submitted": EventKind.PROGRESS,
    "application.start_due_diligence": EventKind.PROGRESS,
    "application.mark_ready_for_board": EventKind.PROGRESS,
    "application.return_to_due_diligence": EventKind.PROGRESS,
    "application.withdraw": EventKind.PROGRESS,
    "partnership.withdraw": EventKind.PROGRESS,
    "organisation.people_updated": EventKind.PROGRESS,
    "pledge.recorded": EventKind.PROGRESS,
    "pledge.amended": EventKind.PROGRESS,
    "pledge.cancelled": EventKind.PROGRESS,
    "receipt.recorded": EventKind.PROGRESS,
    "in_kind.recorded": EventKind.PROGRESS,
    "in_kind.evidenced": EventKind.PROGRESS,
    "diligence": EventKind.DILIGENCE,
    "screening": EventKind.SCREENING,
    "motion": EventKind.BOARD,
    "vote": EventKind.BOARD,
    "conflict": EventKind.BOARD,
    "interest": EventKind.BOARD,
    "neutrality": EventKind.BOARD,
}

_ALL_FULL = {kind: Seen.FULL for kind in EventKind}
_CONTACT_VIEW = {
    EventKind.OWN_ACTION: Seen.FULL,
    EventKind.QUESTION: Seen.WITHOUT_NAMES,
    EventKind.DECISION: Seen.WITHOUT_NAMES,
    EventKind.PROGRESS: Seen.STATUS_ONLY,
}
_BOARD_VIEW = {**_ALL_FULL, EventKind.SCREENING: Seen.HIDDEN}

# Role -> event kind -> how that role sees an organisation's history (unlisted: HIDDEN).
HISTORY_VIEW: dict[Role, dict[EventKind, Seen]] = {
    Role.PARTNER_CONTACT: _CONTACT_VIEW,
    Role.SECRETARIAT: _ALL_FULL,
    Role.REVIEWER: _ALL_FULL,
    Role.ADMINISTRATOR: _ALL_FULL,
    Role.BOARD_MEMBER: _BOARD_VIEW,
    Role.BOARD_CHAIR: _BOARD_VIEW,
    Role.GROUP_MEMBER: {},
}


class Panel(StrEnum):
    """The parts of an organisation page (and the downloads and API behind them)."""

    HISTORY = "history"  # the audit history, filtered by HISTORY_VIEW
    PEOPLE = "people"  # officers and beneficial owners (personal data)
    SCREENING = "screening"  # sanctions hits and decisions
    DILIGENCE_CASES = "diligence_cases"  # cases, findings, notes, risk log, Board pack
    INFORMATION_REQUESTS = "information_requests"  # the questions put to the organisation
    BOARD_MOTIONS = "board_motions"  # motions about the organisation, votes, recusals
    DUE_PROCESS_NOTICES = "due_process_notices"  # notices addressed to the partner
    FUNDING = "funding"  # tier, pledges, receipts, in-kind
    CREDENTIAL = "credential"  # the current partnership credential
    CREDENTIAL_HISTORY = "credential_history"  # every credential issued, revoked, re-issued


_BOARD_ROLES = {Role.BOARD_MEMBER, Role.BOARD_CHAIR}
_VIEWS_ANY = frozenset({Role.SECRETARIAT, Role.REVIEWER, Role.ADMINISTRATOR, *_BOARD_ROLES})

# Panel -> roles that see it on an organisation they may view.
PANEL_VIEW: dict[Panel, frozenset[Role]] = {
    Panel.HISTORY: _VIEWS_ANY | {Role.PARTNER_CONTACT},
    Panel.PEOPLE: frozenset(
        {Role.SECRETARIAT, Role.REVIEWER, Role.ADMINISTRATOR, Role.PARTNER_CONTACT}
    ),
    Panel.SCREENING: frozenset({Role.SECRETARIAT, Role.REVIEWER, Role.ADMINISTRATOR}),
    Panel.DILIGENCE_CASES: frozenset({Role.SECRETARIAT, Role.REVIEWER}),
    Panel.INFORMATION_REQUESTS: frozenset({Role.PARTNER_CONTACT}),
    Panel.BOARD_MOTIONS: frozenset({Role.SECRETARIAT, Role.ADMINISTRATOR, *_BOARD_ROLES}),
    Panel.DUE_PROCESS_NOTICES: frozenset(
        {Role.SECRETARIAT, Role.ADMINISTRATOR, Role.PARTNER_CONTACT, *_BOARD_ROLES}
    ),
    Panel.FUNDING: _VIEWS_ANY | {Role.PARTNER_CONTACT},
    Panel.CREDENTIAL: _VIEWS_ANY | {Role.PARTNER_CONTACT},
    Panel.CREDENTIAL_HISTORY: _VIEWS_ANY,
}


def viewer_roles(user: Any, organisation: Any = None) -> frozenset[Role]:
    """The roles ``user`` holds for ``organisation``: global roles, plus PARTNER_CONTACT
    only when it speaks for that organisation. Empty for anonymous or inactive users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    org_id = organisation_id_of(organisation)
    roles: set[Role] = set()
    for role, role_org in user_roles(user):
        if role == Role.PARTNER_CONTACT:
            if org_id is not None and role_org == org_id:
                roles.add(Role.PARTNER_CONTACT)
        else:
            roles.add(Role(role))
    return frozenset(roles)


def sees_panel(user: Any, panel: Panel, organisation: Any) -> bool:
    return bool(viewer_roles(user, organisation) & PANEL_VIEW[panel])


def event_kind(verb: str, *, by_own_contact: bool = False) -> EventKind:
    """The kind of an event with ``verb``; an event a contact of the organisation did
    itself is its own action (it never learns anything internal from it)."""
    if by_own_contact:
        return EventKind.OWN_ACTION
    return EVENT_KINDS.get(verb) or EVENT_KINDS.get(verb.split(".", 1)[0], EventKind.INTERNAL)


_SEEN_ORDER = (Seen.HIDDEN, Seen.STATUS_ONLY, Seen.WITHOUT_NAMES, Seen.FULL)


def history_seen(roles: frozenset[Role], kind: EventKind) -> Seen:
    """How a viewer with ``roles`` sees an event of ``kind``: the most any role allows."""
    best = Seen.HIDDEN
    for role in roles:
        seen = HISTORY_VIEW.get(role, {}).get(kind, Seen.HIDDEN)
        if _SEEN_ORDER.index(seen) > _SEEN_ORDER.index(best):
            best = seen
    return best


class File(StrEnum):
    """Files kept about an organisation and served only to some (never public)."""

    ANSWER_ATTACHMENT = "answer_attachment"  # sent with an answer to a diligence question
    NOTICE_ATTACHMENT = "notice_attachment"  # sent with a partner's response to a notice
    IN_KIND_EVIDENCE = "in_kind_evidence"  # evidence that a contribution in kind was delivered


# File -> roles that open it (PARTNER_CONTACT: its own organisation's files only).
# Evidence of a contribution is for the contributing partner's people and the roles that
# keep the accounts (the secretariat and administrators, Perm.MANAGE_FUNDING); the Board
# sees the figures on the funding dashboard, not the files.
FILE_VIEW: dict[File, frozenset[Role]] = {
    File.ANSWER_ATTACHMENT: frozenset({Role.PARTNER_CONTACT, Role.SECRETARIAT, Role.REVIEWER}),
    File.NOTICE_ATTACHMENT: frozenset(
        {Role.PARTNER_CONTACT, Role.SECRETARIAT, Role.ADMINISTRATOR, *_BOARD_ROLES}
    ),
    File.IN_KIND_EVIDENCE: frozenset({Role.PARTNER_CONTACT, Role.SECRETARIAT, Role.ADMINISTRATOR}),
}


def opens_file(user: Any, file: File, organisation: Any = None) -> bool:
    """Whether ``user`` may open a ``file`` of ``organisation``'s (with no organisation:
    whether its global roles open such files of any organisation)."""
    return bool(viewer_roles(user, organisation) & FILE_VIEW[file])
