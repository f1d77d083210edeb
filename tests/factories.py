"""Builders for test data. Plain functions; every write goes through the real actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from allauth.account.models import EmailAddress

from alliance.accounts.models import RoleGrant, User
from alliance.accounts.roles import Role
from alliance.core.permissions import Perm, can
from alliance.governance import actions as board
from alliance.governance import flows
from alliance.governance.models import MotionKind, MotionOutcome
from alliance.governance.selectors import excluded_member_ids, rules_in_force
from alliance.organisations import actions
from alliance.organisations.models import Application, Partnership
from alliance.organisations.selectors import current_principle_set

PASSWORD = "correct horse battery staple"


def make_user(
    email: str, role: Role | None = None, organisation: Any = None, full_name: str = ""
) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if role is not None:
        RoleGrant.objects.create(user=user, role=role, organisation=organisation)
    return user


ORG_DEFAULTS: dict[str, Any] = {
    "type": "ngo",
    "registration_country": "KE",
    "revenue_band": "1m_10m",
    "staff_band": "11_50",
    "income_group": "lower_middle",
}

COMPLETE_APPLICATION: dict[str, Any] = {
    "has_no_commercial_interest": False,
    "commercial_products": "An open-source wallet, no licence fees.",
    "humanitarian_motivation": "Registration for refugees who lack papers.",
    "brings_expertise": "Field registration in camps.",
    "aml_cft_certified": True,
    "contribution_kind": "financial",
}


def draft_application(applicant: User, legal_name: str = "Amani Aid", **org: Any) -> Application:
    return actions.application_start(
        actor=applicant, organisation_fields={"legal_name": legal_name, **ORG_DEFAULTS, **org}
    )


def complete_draft(applicant: User, legal_name: str = "Amani Aid", **org: Any) -> Application:
    application = draft_application(applicant, legal_name, **org)
    actions.application_update(
        actor=applicant, application=application, application_fields=COMPLETE_APPLICATION
    )
    codes = [p["code"] for p in current_principle_set().principles]
    actions.application_attest(
        actor=applicant, application=application, principle_codes=codes, privacy_consent=True
    )
    return application


def submitted_application(applicant: User, legal_name: str = "Amani Aid") -> Application:
    application = complete_draft(applicant, legal_name)
    return flows.application_submit(actor=applicant, application=application)


def complete_case(
    case: Any,
    staff: User,
    *,
    confirmed: tuple[str, ...] = (),
    esg: int | None = None,
    recommendation: str = "engage",
) -> Any:
    """Record every step of the due-diligence method on ``case``, up to (not including)
    preparation: criteria in ``confirmed`` are found, the first ``esg`` ESG principles
    evidenced (all by default)."""
    from alliance.diligence import actions as dd
    from alliance.diligence.policies import engine_policy
    from alliance.engines.risk import ESG_EVIDENCE_CODES

    dd.case_note_add(
        actor=staff,
        case=case,
        step="background",
        text="Registry extract matches the disclosure.",
        evidence="Companies registry extract, 2026-01-10",
    )
    for criterion in engine_policy(case.policy_version).criteria:
        dd.criterion_finding_record(
            actor=staff,
            case=case,
            criterion_code=criterion.code,
            finding="confirmed" if criterion.code in confirmed else "none",
            evidence="Annual report and media search.",
        )
    dd.case_note_add(
        actor=staff,
        case=case,
        step="screening",
        text="All hits reviewed.",
        evidence="Screening run of today",
    )
    dd.case_note_add(
        actor=staff,
        case=case,
        step="controversies",
        text="Media and BHRRC search: nothing found.",
        evidence="BHRRC",
    )
    codes = ESG_EVIDENCE_CODES if esg is None else ESG_EVIDENCE_CODES[:esg]
    for code in codes:
        dd.esg_evidence_record(
            actor=staff, case=case, principle=code, evidence="Sustainability report 2025"
        )
    if not codes:
        dd.case_note_add(actor=staff, case=case, step="esg", text="No ESG policy found.")
    dd.case_recommend(
        actor=staff,
        case=case,
        recommendation=recommendation,
        reasoning="Low risk.",
        mitigations="Annual check-in." if recommendation == "engage_with_mitigation" else "",
    )
    dd.case_monitoring_plan_set(actor=staff, case=case, plan="Annual media scan.")
    case.refresh_from_db()
    return case


def second_reviewer(staff: User) -> User:
    """A reviewer other than ``staff``, for the four-eyes sign-off."""
    email = "rex@review.example" if staff.email != "rex@review.example" else "ria@review.example"
    existing = User.objects.filter(email=email).first()
    return existing or make_user(email, Role.REVIEWER, full_name="Rex Reviewer")


def sign_off_with_pack(application: Application, staff: User) -> Application:
    """The real path to "ready for the Board": the case opened on submission is completed
    and prepared by ``staff``, signed off by a second reviewer, and gets its Board pack."""
    from alliance.diligence import actions as dd
    from alliance.diligence.selectors import current_admission_case

    case = current_admission_case(application)
    assert case is not None, "the case opens on submission"
    complete_case(case, staff)
    dd.case_prepare(actor=staff, case=case)
    signer = second_reviewer(staff)
    case = dd.case_sign_off(actor=signer, case=case, note="Agreed.")
    dd.board_pack_generate(actor=signer, case=case)
    application.refresh_from_db()
    return application


def ready_application(applicant: User, staff: User, legal_name: str = "Amani Aid") -> Application:
    return sign_off_with_pack(submitted_application(applicant, legal_name), staff)


ADMITTED_ON = date(2026, 1, 15)


def _board_for(staff: User) -> Any:
    """The rules version in force, or (for tests that need a partner but no Board of
    their own) a one-seat Board whose chair alone is quorate."""
    version = rules_in_force()
    if version is not None:
        return version
    email = "fay@board.example"
    chair = User.objects.filter(email=email).first() or make_user(
        email, Role.BOARD_CHAIR, full_name="Fay Founding-Chair"
    )
    return board.rules_seed_first(
        actor=staff if can(staff, Perm.MANAGE_INTAKE) else chair,
        rules={"quorum_minimum": 1},
        adopted_on=date(2025, 1, 1),
        seats=[
            {
                "member": chair.pk,
                "organisation": None,
                "chair": True,
                "term_starts": "2025-01-01",
                "term_ends": "2027-12-31",
            }
        ],
    )


def admitted_partnership(
    applicant: User, staff: User, legal_name: str = "Amani Aid", tier: str = "Partner"
) -> Partnership:
    """The real path to a partnership: the case prepared by ``staff`` and signed off by
    a second reviewer, its Board pack, then :func:`admit`."""
    return admit(ready_application(applicant, staff, legal_name), staff, tier)


def admit(application: Application, staff: User, tier: str = "Partner") -> Partnership:
    """Admit a ready application by motion: the chair opens an admission motion, every
    seated member not conflicted votes for, and it closes as passed on ``ADMITTED_ON``,
    which carries out the admission flow (governance.flows.admission)."""
    version = _board_for(staff)
    seats = list(version.seats.select_related("member"))
    chair = next(s.member for s in seats if s.is_chair)
    opened_on = ADMITTED_ON - timedelta(days=version.rules["notice_period_days"] + 1)
    motion = board.motion_open(
        actor=chair,
        kind=MotionKind.ADMISSION,
        title="",
        text="",
        today=opened_on,
        application=application,
        tier=tier,
        deadline=ADMITTED_ON - timedelta(days=1),
    )
    excluded = excluded_member_ids(motion)
    for seat in seats:
        if seat.member_id not in excluded:
            board.vote_cast(actor=seat.member, motion=motion, choice="for", today=opened_on)
    motion = board.motion_close(actor=chair, motion=motion, today=ADMITTED_ON)
    assert motion.outcome == MotionOutcome.PASSED, motion.result
    return Partnership.objects.select_related("organisation").get(application=application)


def enrol_totp(user: User, secret: str | None = None) -> User:
    """Give the user a TOTP authenticator unless they have one (staff roles need it)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret or generate_totp_secret())
    return user


def record_second_factor(client: Any, user: User) -> None:
    """Mark the client's session as having used the user's TOTP authenticator, as
    allauth does when the code is entered (no-op for a user without one)."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.account.internal.flows import login as login_flow
    from allauth.account.internal.userkit import user_id_to_str

    from alliance.accounts.mfa import has_authenticator

    if not has_authenticator(user):
        return
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[login_flow._AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()


def sign_in(client: Any, user: User) -> Any:
    """Sign the user in on ``client``; roles that must use MFA get their factor first."""
    from alliance.accounts.selectors import needs_mfa

    if needs_mfa(user):
        enrol_totp(user)
    client.force_login(user)
    return client
