"""Seed the demo alliance through the real action functions, so the audit trail,
the public log and every derived record are exactly what real use would produce."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from alliance.accounts.roles import Role
from alliance.demo import (
    credentials,
    diligence,
    funding,
    governance,
    groups,
    screening,
    translations,
)
from alliance.demo import diligence as demo_diligence
from alliance.demo import governance as demo_governance
from alliance.demo.accounts import DemoLogin, ensure_user, load_logins, save_logins
from alliance.demo.organisations import BOARD_SEATS, DEMO_ORGANISATIONS, OFFICER_NAMES
from alliance.governance import flows
from alliance.governance.actions import board_decision_record
from alliance.governance.models import DecisionKind, MotionKind
from alliance.governance.partnership_flow import partnership_move
from alliance.organisations import actions
from alliance.organisations.choices import IncomeGroup
from alliance.organisations.models import Organisation, Partnership
from alliance.organisations.selectors import current_principle_set

FOUNDING_SINCE = date(2018, 1, 22)

# Each app's part of the demo, in this order (each must be safe to re-run).
DEMO_PARTS = (screening, diligence, governance, groups, funding, credentials, translations)


def seed_demo(*, today: date) -> dict[str, DemoLogin]:
    """Seed once; on later runs only make sure the logins work. Returns the logins."""
    logins = load_logins()
    with transaction.atomic():
        staff = _seed_people(logins)
        _seed_board(logins)  # the Board's people exist before it decides on admissions
        if not Organisation.objects.filter(legal_name=DEMO_ORGANISATIONS[0][0]).exists():
            _seed_organisations(logins, staff, today=today)
        for part in DEMO_PARTS:
            part.seed(logins=logins, staff=staff, today=today)
    save_logins(logins)
    return logins


def _seed_people(logins: dict[str, DemoLogin]) -> dict[str, Any]:
    return {
        "secretariat": ensure_user(
            logins, local="secretariat", full_name="Nadia Karim", role=Role.SECRETARIAT
        ),
        "reviewer": ensure_user(
            logins, local="reviewer", full_name="Pieter de Vries", role=Role.REVIEWER
        ),
        "admin": ensure_user(
            logins, local="admin", full_name="Alliance Administrator", role=Role.ADMINISTRATOR
        ),
    }


def _seed_board(logins: dict[str, DemoLogin]) -> None:
    for position, (name, local, _org_name) in enumerate(BOARD_SEATS):
        label = "board chair" if position == 0 else "board member"
        # The chair holds a member's seat too: one person, two roles.
        roles = [Role.BOARD_CHAIR, Role.BOARD_MEMBER] if position == 0 else [Role.BOARD_MEMBER]
        for role in roles:
            ensure_user(logins, local=local, full_name=name, role=role, label=label)


def _seed_organisations(
    logins: dict[str, DemoLogin], staff: dict[str, Any], *, today: date
) -> None:
    rng = random.Random(2020)
    principle_codes = [p["code"] for p in current_principle_set().principles]
    labels_given: set[str] = set()
    to_decide: list[tuple[Any, str, date, str, list[str]]] = []
    for index, row in enumerate(DEMO_ORGANISATIONS):
        name, org_type, country, revenue, staff_band, income, sectors, stance, stage = row
        slug = slugify(name)[:40]
        label = "applicant (draft)" if stage == "draft" else "partner contact"
        contact = ensure_user(
            logins,
            local=f"contact.{slug}",
            full_name=f"Contact, {name}",
            role=None,
            label=label,
            # One printed login per kind of contact; the others sign in by password reset.
            with_password=label not in labels_given,
        )
        labels_given.add(label)
        application = actions.application_start(
            actor=contact,
            organisation_fields={
                "legal_name": name,
                "type": org_type,
                "registration_country": country,
                "registration_number": f"{country}-{100000 + index * 7919}",
                "headquarters": f"{country} head office",
                "website": f"https://{slug}.example.org",
                "sectors": sectors,
                "revenue_band": revenue,
                "staff_band": staff_band,
                "income_group": income,
                "contact_email": f"info@{slug}.example.org",
            },
        )
        people = [
            {
                "name": OFFICER_NAMES[(index + k) % len(OFFICER_NAMES)],
                "role": role,
                "position": position,
                "nationality": country,
                "birth_date": date(1960 + (index * 3 + k) % 30, 1 + k, 10 + k % 15),
            }
            for k, (role, position) in enumerate(
                [("officer", "Chief executive"), ("officer", "Chair of the board"), ("owner", "")]
                if org_type == "company"
                else [("officer", "Executive director"), ("officer", "Treasurer")]
            )
        ]
        amount = _offer(org_type, revenue, income, rng)
        actions.application_update(
            actor=contact,
            application=application,
            people=people,
            step_reached=5,
            application_fields={
                "has_no_commercial_interest": not stance,
                "commercial_products": stance,
                "humanitarian_motivation": (
                    f"{name} works so that people without recognised identity can reach "
                    "health care, education, aid and finance on their own terms."
                ),
                "brings_expertise": f"Expertise in {', '.join(sectors)}.",
                "brings_networks": f"Networks across {country} and the region.",
                "partnership_reasons": "To shape good-ID practice with peers.",
                "aml_cft_certified": True,
                "contribution_kind": "waiver" if amount == 0 else "financial",
                "contribution_amount": amount or None,
                "contribution_note": "Small NGO in a low-income country; offers staff time in kind."
                if amount == 0
                else "",
            },
        )
        if stage == "draft":
            continue
        actions.application_attest(
            actor=contact,
            application=application,
            principle_codes=principle_codes,
            privacy_consent=True,
        )
        flows.application_submit(actor=contact, application=application)
        if stage == "submitted":
            continue
        if stage == "withdrawn":
            actions.application_withdraw(
                actor=contact,
                application=application,
                reason="We will apply again after our merger.",
            )
            continue
        if stage == "diligence":
            continue  # in due diligence since the submission; demo.diligence walks the case
        if stage == "ready":
            # Signed off by a second person, with its Board pack: ready for the Board.
            demo_diligence.walk_to_board(application, staff=staff, today=today)
            continue
        decided = (
            FOUNDING_SINCE
            if stage == "founding"
            else today - timedelta(days=60 + rng.randint(0, 1800))
        )
        to_decide.append((application, stage, decided, _tier(stage, org_type, revenue), sectors))
    # Admissions and declines are Board motions on signed cases: the Board sits first.
    demo_governance.seed_rules(logins=logins, staff=staff, today=today)
    for application, stage, decided, tier, sectors in sorted(to_decide, key=lambda r: r[2]):
        _decide(application, stage, decided, tier, sectors, staff, today=today)


def _decide(
    application: Any,
    stage: str,
    decided: date,
    tier: str,
    sectors: list[str],
    staff: dict[str, Any],
    *,
    today: date,
) -> None:
    """The real path: the case is prepared, signed off by a second person and gets its
    Board pack; the Board decides by motion; then the demo's later history."""
    secretariat = staff["secretariat"]
    case = demo_diligence.walk_to_board(application, staff=staff, today=today)
    if stage == "declined":
        note = (
            "Ineligible under the exclusionary criteria (gambling)."
            if "gambling" in " ".join(sectors)
            else "Commercial model conflicts with individual ownership of identity."
        )
        demo_governance.board_decides(application, kind=MotionKind.DECLINE, day=decided, note=note)
        return
    if stage == "founding":
        Organisation.objects.filter(pk=application.organisation_id).update(is_founding_partner=True)
        application.organisation.refresh_from_db()
    demo_governance.board_decides(application, kind=MotionKind.ADMISSION, day=decided, tier=tier)
    demo_diligence.backdate_partner_case(case, today)
    partnership = Partnership.objects.get(application=application)
    if stage in {"suspended", "terminated"}:
        suspension = board_decision_record(
            actor=secretariat,
            kind=DecisionKind.SUSPENSION,
            partnership=partnership,
            decided_on=today - timedelta(days=40),
            reason="Credible reports of misuse of identity data; suspended pending review.",
        )
        partnership_move(
            actor=secretariat,
            partnership=partnership,
            kind="suspension",
            decision=suspension,
            today=suspension.decided_on,
        )
    if stage == "terminated":
        termination = board_decision_record(
            actor=secretariat,
            kind=DecisionKind.TERMINATION,
            partnership=partnership,
            decided_on=today - timedelta(days=10),
            reason="Supplied surveillance systems contrary to the principles; the "
            "partner's response did not address the findings.",
        )
        partnership_move(
            actor=secretariat,
            partnership=partnership,
            kind="termination",
            decision=termination,
            today=termination.decided_on,
        )


def _offer(org_type: str, revenue: str, income: str, rng: random.Random) -> Decimal:
    if org_type in {"ngo", "network"} and income in {IncomeGroup.LOW, IncomeGroup.LOWER_MIDDLE}:
        return Decimal(0)
    base = {
        "under_1m": 2500,
        "1m_10m": 10000,
        "10m_100m": 25000,
        "100m_1bn": 100000,
        "over_1bn": 250000,
    }[revenue]
    return Decimal(base)


def _tier(stage: str, org_type: str, revenue: str) -> str:
    """A tier of the schedule in force. Founding partners are not a tier (the schedule
    says so): they are recognised by ``is_founding_partner`` whatever their tier."""
    if revenue in {"100m_1bn", "over_1bn"}:
        return "Strategic partner"
    if revenue == "under_1m":
        return "Supporter"
    return "Partner"
