"""The data inventory: every model field that holds personal data, declared once.

Privacy sits above every domain app, so it declares their fields here by model label
(``app_label.model.field``); no lower app imports privacy. A field whose name looks
personal but is not (an organisation's legal name, a tier's name) is declared in
``NOT_PERSONAL`` with the reason. ``tests/privacy/test_inventory.py`` walks every
model's fields and fails on a personal-looking field, or a link to a person, that
is declared in neither.

The privacy notice is generated from this table (see privacy.notice), so it cannot
drift from what the platform holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Category:
    code: str
    title: str | Promise
    purpose: str | Promise
    basis: str | Promise
    who_sees: str | Promise
    # A rule code of privacy.retention (its period comes from the current schedule),
    # or a fixed text when the data is kept for as long as the record it belongs to.
    retention_rule: str = ""
    retention_text: str | Promise = ""


_CONTRACT = _("Contract: needed to provide the account you asked for (GDPR Art. 6(1)(b)).")
_INTERESTS = _(
    "Legitimate interests of the alliance in running a transparent, accountable "
    "coalition (GDPR Art. 6(1)(f))."
)
_LEGAL = _(
    "Legal obligation and public interest: sanctions compliance and UN due-diligence "
    "policy (GDPR Art. 6(1)(c) and (e))."
)
_CONSENT = _("Your acceptance, recorded with the notice version (GDPR Art. 7(1)).")

CATEGORIES: dict[str, Category] = {
    c.code: c
    for c in (
        Category(
            "account",
            _("Your account"),
            _("Signing you in, contacting you about your account and your roles."),
            _CONTRACT,
            _("You, the secretariat and administrators."),
            retention_text=_("While your account exists; erased on request."),
        ),
        Category(
            "security",
            _("Sign-in security"),
            _("Protecting your account with a second factor and your sessions."),
            _CONTRACT,
            _("Nobody reads it; the system checks it when you sign in."),
            retention_text=_("While your account exists; removed on erasure."),
        ),
        Category(
            "organisation_contact",
            _("Organisation contact details"),
            _("Corresponding with an applicant or partner about its application and partnership."),
            _INTERESTS,
            _("The organisation's own contacts and the secretariat."),
            retention_text=_("While the organisation is an applicant or partner."),
        ),
        Category(
            "officers",
            _("Officers and beneficial owners"),
            _(
                "Due diligence under UN policy: knowing who runs and owns an applicant, and "
                "screening them against sanctions lists."
            ),
            _LEGAL,
            _("The secretariat and due-diligence reviewers. Never public, never on the log."),
            retention_rule="officer_identity",
        ),
        Category(
            "screening",
            _("Sanctions screening"),
            _("Screening officers and owners against UN and national sanctions lists."),
            _LEGAL,
            _("The secretariat and due-diligence reviewers."),
            retention_rule="screening_hits",
        ),
        Category(
            "board",
            _("Board participation"),
            _(
                "Seats, votes, declared interests and conflicts, meeting attendance: recusal and "
                "transparent decisions."
            ),
            _INTERESTS,
            _(
                "The Board and the secretariat; votes and recusals are published where the "
                "governance rules say so."
            ),
            retention_text=_("As long as the Board records the governance rules say to keep."),
        ),
        Category(
            "groups",
            _("Working groups and committees"),
            _("Membership, documents and votes on recommendations."),
            _INTERESTS,
            _("The group's members, its chairs and the secretariat."),
            retention_text=_("While the group's records are kept; pseudonymised on erasure."),
        ),
        Category(
            "work_records",
            _("Who did what"),
            _("Accountability: which person recorded, reviewed, decided or signed off a record."),
            _INTERESTS,
            _("The secretariat, reviewers and administrators."),
            retention_text=_("As long as the record; pseudonymised on erasure."),
        ),
        Category(
            "communications",
            _("Messages to and from you"),
            _("Notifications, information requests and answers, reminders, due-process notices."),
            _INTERESTS,
            _("You and the secretariat."),
            retention_rule="notifications",
        ),
        Category(
            "credentials",
            _("Credentials you hold"),
            _("Issuing and revoking the verifiable credentials you hold."),
            _INTERESTS,
            _("You and the secretariat; a credential shows what it states to whom you show it."),
            retention_text=_("While the credential is valid, then as long as its record."),
        ),
        Category(
            "audit",
            _("Audit trail"),
            _("Security and accountability: who changed what, and when."),
            _INTERESTS,
            _("The secretariat and administrators."),
            retention_text=_("Kept; your name and e-mail are replaced by a pseudonym on erasure."),
        ),
        Category(
            "privacy",
            _("Your privacy choices and requests"),
            _("Recording the notice you accepted and answering your data-rights requests."),
            _CONSENT,
            _("You and the secretariat."),
            retention_rule="closed_requests",
        ),
        Category(
            "exports",
            _("Your data downloads"),
            _("Preparing the download of your data you asked for."),
            _CONTRACT,
            _("Only you."),
            retention_rule="exports",
        ),
    )
}

# "app_label.model.field" -> category code. Links to a person (foreign keys to the user
# model) are declared too: a vote is personal data because of whose it is.
FIELDS: dict[str, str] = {
    # Accounts and sign-in
    "accounts.user.email": "account",
    "accounts.user.full_name": "account",
    "accounts.user.first_name": "account",
    "accounts.user.last_name": "account",
    "accounts.user.groups": "account",
    "accounts.user.user_permissions": "account",
    "accounts.rolegrant.user": "account",
    "account.emailaddress.email": "account",
    "account.emailaddress.user": "account",
    "account.emailconfirmation.email_address": "account",
    "mfa.authenticator.user": "security",
    "admin.logentry.user": "audit",
    # Organisations
    "organisations.organisation.contact_email": "organisation_contact",
    "organisations.organisation.contact_phone": "organisation_contact",
    "organisations.organisationperson.name": "officers",
    "organisations.organisationperson.position": "officers",
    "organisations.organisationperson.nationality": "officers",
    "organisations.organisationperson.birth_date": "officers",
    "organisations.organisationperson.ownership_percent": "officers",
    "organisations.application.created_by": "work_records",
    "organisations.attestation.attested_by": "work_records",
    # Screening
    "screening.screeningsubject.name": "screening",
    "screening.screeningsubject.birth_date": "screening",
    "screening.screeningsubject.country": "screening",
    "screening.screeningsubject.key": "screening",
    "screening.screeningresult.matched_name": "screening",
    "screening.screeningdecision.decided_by": "work_records",
    "screening.listversion.loaded_by": "work_records",
    # Due diligence
    "diligence.policy.created_by": "work_records",
    "diligence.policyversion.created_by": "work_records",
    "diligence.case.override_by": "work_records",
    "diligence.case.recommendation_by": "work_records",
    "diligence.case.prepared_by": "work_records",
    "diligence.case.signed_off_by": "work_records",
    "diligence.stepnote.author": "work_records",
    "diligence.criterionfinding.author": "work_records",
    "diligence.controversyrecord.author": "work_records",
    "diligence.esgevidence.author": "work_records",
    "diligence.risklogentry.author": "work_records",
    "diligence.risklogentry.owner": "work_records",
    "diligence.informationrequest.asked_by": "communications",
    "diligence.informationrequest.answered_by": "communications",
    "diligence.boardpack.generated_by": "work_records",
    # Governance
    "governance.boarddecision.recorded_by": "work_records",
    "governance.rulesversion.adopted_by": "work_records",
    "governance.boardseat.member": "board",
    "governance.meeting.attendees": "board",
    "governance.meeting.created_by": "work_records",
    "governance.motion.opened_by": "work_records",
    "governance.motion.withdrawn_by": "work_records",
    "governance.conflict.ruled_by": "work_records",
    "governance.noticeattachment.uploaded_by": "communications",
    "governance.vote.member": "board",
    "governance.voteevent.member": "board",
    "governance.interest.member": "board",
    "governance.conflict.member": "board",
    "governance.dueprocessnotice.sent_by": "communications",
    "governance.neutralityreview.reviewer": "work_records",
    "governance.notification.user": "communications",
    # Groups
    "groups.membership.user": "groups",
    "groups.membership.decided_by": "work_records",
    "groups.document.added_by": "groups",
    "groups.recommendation.drafted_by": "groups",
    "groups.recommendation.answered_by": "work_records",
    "groups.recommendationvote.member": "groups",
    # Funding
    "funding.tierscheduleversion.adopted_by": "work_records",
    "funding.tierconfirmation.confirmed_by": "work_records",
    "funding.pledge.recorded_by": "work_records",
    "funding.receipt.recorded_by": "work_records",
    "funding.inkindcontribution.recorded_by": "work_records",
    "funding.budget.adopted_by": "work_records",
    "funding.remindersent.sent_to": "communications",
    # Credentials
    "credentials.issuedcredential.holder": "credentials",
    # Audit
    "core.auditevent.actor": "audit",
    "core.auditevent.actor_label": "audit",
    # Privacy itself
    "privacy.noticeacceptance.user": "privacy",
    "privacy.datarequest.requester": "privacy",
    "privacy.datarequest.decided_by": "work_records",
    "privacy.legalhold.person": "privacy",
    "privacy.erasure.person": "privacy",
    "privacy.dataexport.person": "exports",
    "privacy.retentionschedule.adopted_by": "work_records",
    "privacy.retentionrun.ran_by": "work_records",
}

# Fields whose names look personal but hold no personal data, with the reason.
NOT_PERSONAL: dict[str, str] = {
    "governance.noticeattachment.name": "the attached file's name, as the partner chose it",
    "diligence.informationrequest.attachment_name": "an answer's file name, as chosen",
    "auth.permission.name": "a permission's label",
    "auth.group.name": "a permission group's label",
    "contenttypes.contenttype.app_label": "a code module's label",
    "django_tasks_database.dbtaskresult.queue_name": "a task queue's name",
    "django_tasks_database.dbtaskresult.backend_name": "a task backend's name",
    "organisations.organisation.legal_name": "an organisation's name (public on the register)",
    "organisations.organisation.other_names": "an organisation's other names",
    "screening.sanctionslist.name": "a sanctions list's name",
    "screening.listversion.source_filename": "an official list file's name",
    "screening.listentryrecord.primary_name": "a published sanctions-list entry (public source)",
    "funding.tierconfirmation.tier_name": "a contribution tier's name",
    "funding.tierassignment.tier_name": "a contribution tier's name",
    "credentials.issuedcredential.subject_name": "the partner organisation's name",
    "credentials.issuedcredential.group_name": "a working group's name",
    "groups.group.name": "a working group's name",
}

# A field name looks personal when one of its words is one of these (or the pair
# document/number), or it is an e-mail or IP address field.
PERSONAL_WORDS = frozenset(
    {"name", "names", "email", "birth", "nationality", "phone", "address", "ip", "passport", "dob"}
)
PERSONAL_TYPES = frozenset({"EmailField", "GenericIPAddressField"})


def looks_personal(field: Any) -> bool:
    words = set(re.split(r"[_\W]+", field.name.lower()))
    return (
        bool(words & PERSONAL_WORDS)
        or {"document", "number"} <= words
        or type(field).__name__ in PERSONAL_TYPES
    )


def category_of(path: str) -> Category | None:
    code = FIELDS.get(path)
    return CATEGORIES[code] if code else None


def fields_by_category() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {code: [] for code in CATEGORIES}
    for path, code in FIELDS.items():
        grouped[code].append(path)
    return grouped
