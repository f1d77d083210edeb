"""Writes for organisations, applications and partnerships.

Each action takes the acting user, runs in one transaction, writes its audit
event and, for public facts, its log entry. Illegal transitions and refusals
raise :class:`~alliance.core.errors.ActionError` with one of the message
constants below, and change nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.accounts.models import RoleGrant
from alliance.accounts.roles import Role
from alliance.accounts.selectors import forget_roles
from alliance.core.audit import audit_record
from alliance.core.content_i18n import require_translator, translation_store
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.organisations.choices import ApplicationStatus as A
from alliance.organisations.choices import PartnershipStatus as P
from alliance.organisations.models import (
    Application,
    Attestation,
    Organisation,
    OrganisationPerson,
    Partnership,
)
from alliance.organisations.principles import (
    principle_entries,
    principle_text_hash,
    principles_shown,
    shown_language,
)
from alliance.organisations.public import partnership_fact
from alliance.organisations.selectors import current_principle_set
from alliance.transparency.services import publish_fact

ERR_NOT_DRAFT = _("Only a draft application can be edited.")
ERR_TOO_LONG = _("{field} is longer than its limit of {limit} characters.")
ERR_NOT_YOURS = _("You can only act for your own organisation.")
ERR_STAFF_ONLY = _("Only the secretariat can do this.")
ERR_MISSING_STANCE = _(
    "Disclose your commercial stance on digital identity, or state that you have none."
)
ERR_MISSING_MOTIVATION = _("State your humanitarian motivation.")
ERR_MISSING_BRINGS = _(
    "Say what your organisation brings (experience, expertise, networks or technology)."
)
ERR_MISSING_AML = _(
    "Certify your anti-money-laundering and counter-terrorist-financing compliance."
)
ERR_MISSING_ATTESTATION = _("Attest to every principle of the alliance.")
ERR_STALE_ATTESTATION = _(
    "The principles changed since you attested to them; please read and attest again."
)
ERR_INCOMPLETE_PROFILE = _("Complete the organisation profile.")
ERR_MISSING_CONSENT = _("Consent to the privacy notice.")
ERR_MISSING_CONTRIBUTION = _("Choose how your organisation will contribute.")
ERR_DECISION_REQUIRED = _(
    "This needs a recorded Board decision of the right kind for this subject."
)
ERR_DECISION_USED = _("This Board decision has already been carried out.")
ERR_REASON_REQUIRED = _("Give a reason.")
ERR_ALREADY_PARTNER = _("This organisation is already a partner.")

# A Board decision is governance's record (governance.models.BoardDecision), passed in by
# the flow that carries it out; this layer sees only its fields, never the model.
BoardDecision = Any
ADMISSION, DECLINE = "admission", "decline"

# action name -> (states it may start from, state it leads to)
APPLICATION_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({A.DRAFT}), A.SUBMITTED),
    "start_due_diligence": (frozenset({A.SUBMITTED}), A.IN_DUE_DILIGENCE),
    "mark_ready_for_board": (frozenset({A.IN_DUE_DILIGENCE}), A.READY_FOR_BOARD),
    "return_to_due_diligence": (frozenset({A.READY_FOR_BOARD}), A.IN_DUE_DILIGENCE),
    "approve": (frozenset({A.READY_FOR_BOARD}), A.APPROVED),
    "decline": (frozenset({A.READY_FOR_BOARD}), A.DECLINED),
    "withdraw": (
        frozenset({A.DRAFT, A.SUBMITTED, A.IN_DUE_DILIGENCE, A.READY_FOR_BOARD}),
        A.WITHDRAWN,
    ),
}
PARTNERSHIP_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "suspend": (frozenset({P.ACTIVE}), P.SUSPENDED),
    "reinstate": (frozenset({P.SUSPENDED}), P.ACTIVE),
    "terminate": (frozenset({P.ACTIVE, P.SUSPENDED}), P.TERMINATED),
    "withdraw": (frozenset({P.ACTIVE, P.SUSPENDED}), P.WITHDRAWN),
}

ORGANISATION_FIELDS = (
    "legal_name",
    "other_names",
    "type",
    "registration_country",
    "registration_number",
    "headquarters",
    "website",
    "sectors",
    "revenue_band",
    "staff_band",
    "income_group",
    "contact_email",
    "contact_phone",
)
APPLICATION_FIELDS = (
    "commercial_products",
    "commercial_services",
    "commercial_patents",
    "commercial_interests",
    "has_no_commercial_interest",
    "humanitarian_motivation",
    "brings_experience",
    "brings_expertise",
    "brings_networks",
    "brings_technology",
    "partnership_reasons",
    "aml_cft_certified",
    "contribution_kind",
    "contribution_amount",
    "contribution_note",
)


def _illegal(kind: str, action: str, current: str) -> IllegalTransition:
    return IllegalTransition(
        f"Cannot {action.replace('_', ' ')} {kind} while it is {current.replace('_', ' ')}."
    )


def _check_transition(
    table: dict[str, tuple[frozenset[str], str]], kind: str, action: str, current: str
) -> str:
    sources, target = table[action]
    if current not in sources:
        raise _illegal(kind, action, current)
    return target


def _move(
    obj: Application | Partnership,
    *,
    actor: Any,
    action: str,
    reason: str = "",
    audit_after: dict[str, Any] | None = None,
    **fields: Any,
) -> str:
    """Move ``obj`` by ``action`` (refused if illegal from its state), save it with any
    other ``fields``, and write the audit event. Returns the state it left."""
    if isinstance(obj, Application):
        table, kind, noun = APPLICATION_TRANSITIONS, "the application", "application"
    else:
        table, kind, noun = PARTNERSHIP_TRANSITIONS, "the partnership", "partnership"
    before = obj.status
    obj.status = _check_transition(table, kind, action, before)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["status", *fields, "updated_at"])
    audit_record(
        actor=actor,
        verb=f"{noun}.{action}",
        target=obj,
        organisation=obj.organisation,
        before={"status": before},
        after={"status": obj.status, **(audit_after or {})},
        reason=reason,
    )
    return before


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("organisation")
        .get(pk=application.pk)
    )


def _lock_partnership(partnership: Partnership) -> Partnership:
    return (
        Partnership.objects.select_for_update()
        .select_related("organisation")
        .get(pk=partnership.pk)
    )


def _require_own(actor: Any, obj: Any, perm: Perm = Perm.EDIT_OWN_APPLICATION) -> None:
    if not can(actor, perm, obj):
        raise NotAllowed(ERR_NOT_YOURS)


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: _jsonable(getattr(obj, f)) for f in fields}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


# --- Applications -----------------------------------------------------------------


@transaction.atomic
def application_start(*, actor: Any, organisation_fields: dict[str, Any]) -> Application:
    """Create the organisation and a draft application; the actor becomes its contact."""
    if not can(actor, Perm.APPLY):
        raise NotAllowed("Sign in to apply.")
    organisation = Organisation.objects.create(
        **{k: v for k, v in organisation_fields.items() if k in ORGANISATION_FIELDS}
    )
    RoleGrant.objects.get_or_create(
        user=actor, role=Role.PARTNER_CONTACT, organisation=organisation
    )
    forget_roles(actor)
    application = Application.objects.create(organisation=organisation, created_by=actor)
    audit_record(
        actor=actor,
        verb="application.started",
        target=application,
        organisation=organisation,
        after=_snapshot(organisation, ORGANISATION_FIELDS),
    )
    return application


@transaction.atomic
def application_update(
    *,
    actor: Any,
    application: Application,
    organisation_fields: dict[str, Any] | None = None,
    application_fields: dict[str, Any] | None = None,
    people: list[dict[str, Any]] | None = None,
    step_reached: int | None = None,
) -> Application:
    """Save part of a draft. ``people`` replaces the officers and owners when given."""
    application = _lock_application(application)
    _require_own(actor, application)
    if application.status != A.DRAFT:
        raise ActionError(ERR_NOT_DRAFT)
    organisation = application.organisation
    before = {
        **_snapshot(organisation, ORGANISATION_FIELDS),
        **_snapshot(application, APPLICATION_FIELDS),
    }
    for key, value in (organisation_fields or {}).items():
        if key in ORGANISATION_FIELDS:
            setattr(organisation, key, value)
    _check_lengths(organisation, ORGANISATION_FIELDS)
    organisation.save()
    for key, value in (application_fields or {}).items():
        if key in APPLICATION_FIELDS:
            setattr(application, key, value)
    _check_lengths(application, APPLICATION_FIELDS)
    if people is not None:
        organisation.people.all().delete()
        OrganisationPerson.objects.bulk_create(
            OrganisationPerson(organisation=organisation, **person) for person in people
        )
    if step_reached:
        application.step_reached = max(application.step_reached, step_reached)
    application.save()
    after = {
        **_snapshot(organisation, ORGANISATION_FIELDS),
        **_snapshot(application, APPLICATION_FIELDS),
    }
    changed = {k for k in after if after[k] != before.get(k)}
    audit_record(
        actor=actor,
        verb="application.draft_saved",
        target=application,
        organisation=organisation,
        # Officers' and owners' details are personal data: the trail notes the change only.
        before={k: before[k] for k in changed},
        after={
            **{k: after[k] for k in changed},
            **({"people_count": len(people)} if people is not None else {}),
        },
    )
    return application


def _check_lengths(instance: Any, names: tuple[str, ...]) -> None:
    """The model's length limits hold whoever calls the action (not only the forms)."""
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, name)
        if field.max_length and isinstance(value, str) and len(value) > field.max_length:
            label = str(field.verbose_name).capitalize()
            raise ActionError(ERR_TOO_LONG.format(field=label, limit=field.max_length), field=name)


@transaction.atomic
def application_attest(
    *,
    actor: Any,
    application: Application,
    principle_codes: list[str],
    privacy_consent: bool,
    language: str | None = None,
) -> Application:
    """Record the applicant's explicit attestation of each principle, pinned to the hash
    of exactly the text shown in ``language`` (default: the active language)."""
    application = _lock_application(application)
    _require_own(actor, application)
    if application.status != A.DRAFT:
        raise ActionError(ERR_NOT_DRAFT)
    principle_set = principle_set_store()
    shown_in = shown_language(principle_set, language)
    by_code = {p["code"]: p for p in principles_shown(principle_set, shown_in)}
    if set(principle_codes) != set(by_code):
        raise ActionError(ERR_MISSING_ATTESTATION, field="principles")
    if not privacy_consent:
        raise ActionError(ERR_MISSING_CONSENT, field="privacy_consent")
    application.attestations.all().delete()
    Attestation.objects.bulk_create(
        Attestation(
            application=application,
            principle_code=code,
            principle_set=principle_set,
            language=shown_in,
            text_shown=by_code[code],
            text_sha256=principle_text_hash(by_code[code]),
            attested_by=actor,
        )
        for code in sorted(by_code)
    )
    application.privacy_consent_at = timezone.now()
    application.step_reached = max(application.step_reached, 5)
    application.save(update_fields=["privacy_consent_at", "step_reached", "updated_at"])
    audit_record(
        actor=actor,
        verb="application.attested",
        target=application,
        organisation=application.organisation,
        after={
            "principle_set": principle_set.version,
            "principles": sorted(by_code),
            "language": shown_in,
        },
    )
    return application


@transaction.atomic
def principle_set_translation_set(
    *, actor: Any, principle_set: Any, language: str, texts: dict[str, str]
) -> Any:
    """Set the secretariat's translation of principle texts into ``language``. The English
    text and its hash stay as published; attestations already made keep the text they
    hashed, so a translation edited later never changes what someone attested."""
    require_translator(actor)
    if principle_set.pk is None:
        principle_set = principle_set_store()
    principle_set = type(principle_set).objects.select_for_update().get(pk=principle_set.pk)
    return translation_store(
        actor=actor,
        row=principle_set,
        verb="principle_set.translation_set",
        language=language,
        texts=texts,
        entries=principle_entries(principle_set.principles),
    )


def principle_set_store() -> Any:
    """The principle set in force, stored as its version the first time it is used
    (inside the attesting action's transaction)."""
    principle_set = current_principle_set()
    if principle_set.pk is None:
        principle_set.save()
    return principle_set


def application_problems(application: Application) -> list[tuple[str, str]]:
    """What still stops a draft from being submitted, as (step slug, message) pairs."""
    problems: list[tuple[str, str]] = []
    org = application.organisation
    if not (org.legal_name and org.type and org.registration_country):
        problems.append(("organisation", str(ERR_INCOMPLETE_PROFILE)))
    if not application.has_no_commercial_interest and not application.commercial_stance_summary:
        problems.append(("stance", str(ERR_MISSING_STANCE)))
    if not application.humanitarian_motivation.strip():
        problems.append(("motivation", str(ERR_MISSING_MOTIVATION)))
    if not any(
        getattr(application, f).strip()
        for f in ("brings_experience", "brings_expertise", "brings_networks", "brings_technology")
    ):
        problems.append(("motivation", str(ERR_MISSING_BRINGS)))
    if not application.aml_cft_certified:
        problems.append(("motivation", str(ERR_MISSING_AML)))
    if not application.contribution_kind:
        problems.append(("motivation", str(ERR_MISSING_CONTRIBUTION)))
    principle_set = current_principle_set()
    attested: dict[str, str] = {}
    expected: dict[str, str] = {}
    for code, language, digest in application.attestations.values_list(
        "principle_code", "language", "text_sha256"
    ):
        # Compared in the language it was attested in: a translation edited since (or
        # a changed English text) makes the attestation stale, to be made again.
        shown = {p["code"]: p for p in principles_shown(principle_set, language)}
        attested[code] = digest
        if code in shown:
            expected[code] = principle_text_hash(shown[code])
    codes = {p["code"] for p in principle_set.principles}
    if set(attested) != codes:
        problems.append(("principles", str(ERR_MISSING_ATTESTATION)))
    elif attested != expected:
        problems.append(("principles", str(ERR_STALE_ATTESTATION)))
    if application.privacy_consent_at is None:
        problems.append(("principles", str(ERR_MISSING_CONSENT)))
    return problems


@transaction.atomic
def application_submit(*, actor: Any, application: Application) -> Application:
    """Submit a complete draft. A second submit is refused and changes nothing.
    governance.flows.application_submit wraps it: the case opens and screening starts in
    the same transaction."""
    application = _lock_application(application)
    _require_own(actor, application)
    target = _check_transition(
        APPLICATION_TRANSITIONS, "the application", "submit", application.status
    )
    problems = application_problems(application)
    if problems:
        raise ActionError(problems[0][1], field=problems[0][0])
    application.status = target
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="application.submitted",
        target=application,
        organisation=application.organisation,
        before={"status": A.DRAFT},
        after={"status": target},
    )
    return application


# Statuses the application may take while its admission case is worked on: the case
# moves it (application_follow_case), never a button.
_FOLLOWS_CASE = frozenset({A.SUBMITTED, A.IN_DUE_DILIGENCE, A.READY_FOR_BOARD})


def application_follow_case(
    *, actor: Any, application: Application, case_signed: bool, reason: str = ""
) -> Application:
    """Set the application's status from its admission case, inside the case action's
    transaction: a case open or awaiting sign-off means "in due diligence"; a case signed
    off (four eyes, checked by the case action) means "ready for the Board". Not an
    action of its own: only diligence's case actions call it, after their own checks.
    A decided or withdrawn application is left alone (re-assessments of partners)."""
    application = _lock_application(application)
    if application.status not in _FOLLOWS_CASE:
        return application
    if application.status == A.SUBMITTED:
        _move(application, actor=actor, action="start_due_diligence", reason=reason)
    if case_signed and application.status == A.IN_DUE_DILIGENCE:
        _move(application, actor=actor, action="mark_ready_for_board", reason=reason)
    elif not case_signed and application.status == A.READY_FOR_BOARD:
        _move(application, actor=actor, action="return_to_due_diligence", reason=reason)
    return application


def _use_decision(decision: BoardDecision, *, kind: str, **subject: Any) -> BoardDecision:
    decision = type(decision)._default_manager.select_for_update().get(pk=decision.pk)
    ((field, obj),) = subject.items()
    if decision.kind != kind or getattr(decision, f"{field}_id") != obj.pk:
        raise ActionError(ERR_DECISION_REQUIRED)
    if decision.applied_at is not None:
        raise ActionError(ERR_DECISION_USED)
    decision.applied_at = timezone.now()
    decision.save(update_fields=["applied_at"])
    return decision


@transaction.atomic
def application_approve(
    *, actor: Any, application: Application, decision: BoardDecision, tier: str = ""
) -> Partnership:
    """Carry out a Board admission decision: the application is approved and a
    partnership begins. Only governance.flows.admission calls it (it fixes the tier,
    issues the credential and publishes the fact, in this order)."""
    application = _lock_application(application)
    if not can(actor, Perm.RECORD_BOARD_DECISION):
        raise NotAllowed("Only the Board chair or secretariat can carry out a Board decision.")
    # An illegal transition is reported before anything about the decision.
    _check_transition(APPLICATION_TRANSITIONS, "the application", "approve", application.status)
    decision = _use_decision(decision, kind=ADMISSION, application=application)
    if Partnership.objects.filter(organisation=application.organisation).exists():
        raise ActionError(ERR_ALREADY_PARTNER)
    _move(
        application,
        actor=actor,
        action="approve",
        reason=decision.reason,
        audit_after={"decision": decision.pk},
        decided_at=timezone.now(),
    )
    partnership = Partnership.objects.create(
        organisation=application.organisation,
        application=application,
        since=decision.decided_on,
        tier=tier,
    )
    audit_record(
        actor=actor,
        verb="partnership.created",
        target=partnership,
        organisation=application.organisation,
        after={"status": P.ACTIVE, "tier": tier},
    )
    # The public fact follows once funding has fixed the tier and the credential is
    # issued: governance.flows.admission publishes it (partnership_admission_publish).
    return partnership


def partnership_admission_publish(partnership: Partnership, *, decision_id: int) -> None:
    """The admission's public fact, with the partnership as the admission flow left it."""
    publish_fact(
        kind="partner.admitted",
        subject=f"organisation:{partnership.organisation.public_id}",
        fact={**partnership_fact(partnership), "board_decision": decision_id},
    )


@transaction.atomic
def application_decline(
    *, actor: Any, application: Application, decision: BoardDecision
) -> Application:
    application = _lock_application(application)
    if not can(actor, Perm.RECORD_BOARD_DECISION):
        raise NotAllowed("Only the Board chair or secretariat can carry out a Board decision.")
    _check_transition(APPLICATION_TRANSITIONS, "the application", "decline", application.status)
    decision = _use_decision(decision, kind=DECLINE, application=application)
    _move(
        application,
        actor=actor,
        action="decline",
        reason=decision.reason,
        audit_after={"decision": decision.pk},
        decided_at=timezone.now(),
    )
    publish_fact(
        kind="application.declined",
        subject=f"organisation:{application.organisation.public_id}",
        fact={
            "organisation": application.organisation.legal_name,
            "decided_on": decision.decided_on.isoformat(),
            "board_decision": decision.pk,
        },
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application, reason: str) -> Application:
    application = _lock_application(application)
    if not (can(actor, Perm.WITHDRAW_OWN, application) or can(actor, Perm.MANAGE_INTAKE)):
        raise NotAllowed(ERR_NOT_YOURS)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    _move(application, actor=actor, action="withdraw", reason=reason, decided_at=timezone.now())
    return application


ERR_PEOPLE_NOT_ALLOWED = _("Only the organisation's own contacts or the secretariat can do this.")


@transaction.atomic
def organisation_people_update(
    *, actor: Any, organisation: Organisation, people: list[dict[str, Any]], reason: str
) -> list[OrganisationPerson]:
    """Replace the officers and beneficial owners of an organisation whose application
    is past the draft (drafts use application_update). governance.flows wraps it so that
    the change is screened again."""
    if not (can(actor, Perm.EDIT_OWN_APPLICATION, organisation) or can(actor, Perm.MANAGE_INTAKE)):
        raise NotAllowed(ERR_PEOPLE_NOT_ALLOWED)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = organisation.people.count()
    organisation.people.all().delete()
    created = OrganisationPerson.objects.bulk_create(
        OrganisationPerson(organisation=organisation, **person) for person in people
    )
    audit_record(
        actor=actor,
        verb="organisation.people_updated",
        target=organisation,
        organisation=organisation,
        # Personal data stays out of the trail: counts only.
        before={"people_count": before},
        after={"people_count": len(created)},
        reason=reason,
    )
    return created


# --- Partnerships -----------------------------------------------------------------

_DECISION_FOR = {
    "suspend": "suspension",
    "reinstate": "reinstatement",
    "terminate": "termination",
}


def _board_partnership_move(
    *, actor: Any, partnership: Partnership, decision: BoardDecision, action: str
) -> Partnership:
    partnership = _lock_partnership(partnership)
    if not can(actor, Perm.RECORD_BOARD_DECISION):
        raise NotAllowed("Only the Board chair or secretariat can carry out a Board decision.")
    _check_transition(PARTNERSHIP_TRANSITIONS, "the partnership", action, partnership.status)
    decision = _use_decision(decision, kind=_DECISION_FOR[action], partnership=partnership)
    ended = {"ended_on": decision.decided_on} if action == "terminate" else {}
    before = _move(
        partnership,
        actor=actor,
        action=action,
        reason=decision.reason,
        audit_after={"decision": decision.pk},
        **ended,
    )
    _announce_partnership_change(
        partnership, before=before, actor=actor,
        extra={"board_decision": decision.pk, "reason": decision.reason},
    )  # fmt: skip
    return partnership


def _announce_partnership_change(
    partnership: Partnership, *, before: str, actor: Any, extra: dict[str, Any] | None = None
) -> None:
    """Publish the partnership's new state to the log. The consequences in other apps
    (pledges, memberships, motions, credentials) are governance.partnership_flow's,
    called explicitly by the passing Board motion."""
    publish_fact(
        kind=f"partner.{partnership.status}",
        subject=f"organisation:{partnership.organisation.public_id}",
        fact={**partnership_fact(partnership), **(extra or {})},
    )


@transaction.atomic
def partnership_suspend(
    *, actor: Any, partnership: Partnership, decision: BoardDecision
) -> Partnership:
    return _board_partnership_move(
        actor=actor, partnership=partnership, decision=decision, action="suspend"
    )


@transaction.atomic
def partnership_reinstate(
    *, actor: Any, partnership: Partnership, decision: BoardDecision
) -> Partnership:
    return _board_partnership_move(
        actor=actor, partnership=partnership, decision=decision, action="reinstate"
    )


@transaction.atomic
def partnership_terminate(
    *, actor: Any, partnership: Partnership, decision: BoardDecision
) -> Partnership:
    return _board_partnership_move(
        actor=actor, partnership=partnership, decision=decision, action="terminate"
    )


@transaction.atomic
def partnership_withdraw(*, actor: Any, partnership: Partnership, reason: str) -> Partnership:
    """The partner leaves of its own accord."""
    partnership = _lock_partnership(partnership)
    _require_own(actor, partnership, Perm.WITHDRAW_OWN)
    if not reason.strip():
        raise ActionError(ERR_REASON_REQUIRED, field="reason")
    before = _move(
        partnership, actor=actor, action="withdraw", reason=reason, ended_on=timezone.localdate()
    )
    _announce_partnership_change(partnership, before=before, actor=actor)
    return partnership
