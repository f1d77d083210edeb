"""Builders for test data. Plain functions; every write goes through the real actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.models import EmailAddress

from alliance.accounts.models import RoleGrant, User
from alliance.accounts.roles import Role
from alliance.governance.actions import board_decision_record
from alliance.governance.models import DecisionKind
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
    return actions.application_submit(actor=applicant, application=application)


def ready_application(applicant: User, staff: User, legal_name: str = "Amani Aid") -> Application:
    application = submitted_application(applicant, legal_name)
    actions.application_start_due_diligence(actor=staff, application=application)
    return actions.application_mark_ready_for_board(actor=staff, application=application)


def admitted_partnership(
    applicant: User, staff: User, legal_name: str = "Amani Aid", tier: str = "Partner"
) -> Partnership:
    application = ready_application(applicant, staff, legal_name)
    decision = board_decision_record(
        actor=staff,
        kind=DecisionKind.ADMISSION,
        reason="Diligence clear.",
        decided_on=date(2026, 1, 15),
        application=application,
    )
    return actions.application_approve(
        actor=staff, application=application, decision=decision, tier=tier
    )


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
