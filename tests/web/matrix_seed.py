"""The permission matrix's seed: a real object of every kind a URL names, one on the
applicant's side (Amani Aid, in due diligence) and one on the partner's (Other Org,
admitted), so every URL is probed on real own and other objects. Every write goes
through the real actions.

Where a kind cannot exist for one side (the applicant has no partnership, so no
credential, due-process notice, pledge or in-kind contribution), that side's value is
``None`` and the matrix cell is ``-``. Objects that belong to no organisation (a Board
meeting, a motion's conflict, a working group and its recommendation, a screening alert
over both organisations, a role grant) are in ``Shared``: one real row each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from alliance.accounts.models import User
from alliance.core.audit import audit_record
from alliance.diligence import actions as diligence_actions
from alliance.diligence.selectors import latest_case
from tests.factories import (
    PASSWORD,
    complete_draft,
    make_user,
    submitted_application,
)

INTERNAL_NOTE = "INTERNAL-NOTE-7f3a: second review agrees"
REVIEWER_NAME = "Rita Reviewer"
SECRETARIAT_NAME = "Sam Secretariat"


@dataclass
class Side:
    """One organisation's objects and its contact person's."""

    user: Any
    organisation: Any
    application: Any
    case: Any
    partnership: Any = None
    request: Any = None  # a due-diligence information request put to the organisation
    answer_attachment: Any = None
    credential: Any = None
    pledge: Any = None
    in_kind: Any = None
    notice: Any = None
    notice_attachment: Any = None
    motion: Any = None
    screening_result: Any = None
    membership: Any = None
    export: Any = None  # the contact person's own data export
    data_request: Any = None  # the contact person's own data-rights request
    role_grant: Any = None


@dataclass
class Shared:
    meeting: Any = None
    motion: Any = None
    conflict: Any = None
    group: Any = None
    recommendation: Any = None
    alert: Any = None
    controversy: Any = None
    tokens: dict[str, str] = field(default_factory=dict)


def _pdf(title: str) -> SimpleUploadedFile:
    body = f"Evidence: {title}".encode()
    pdf = b"%PDF-1.4\n1 0 obj<< /Title (" + body + b") >>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile("evidence.pdf", pdf, content_type="application/pdf")


def _watch_list(tmp: Path, names: list[str], version: int) -> Path:
    """A small FollowTheMoney list naming both organisations (so each has a result)."""
    path = tmp / f"watch-v{version}.jsonl"
    rows = [
        {"id": f"o-{i}", "schema": "Organization",
         "properties": {"name": [name], "notes": [f"v{version}"] if version > 1 else []}}
        for i, name in enumerate(names)
    ]  # fmt: skip
    for row in rows:
        if not row["properties"]["notes"]:
            del row["properties"]["notes"]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def seed(tmp: Path) -> tuple[dict[str, Any], Side, Side, Shared]:
    from alliance.accounts.roles import Role

    users = {
        "applicant": make_user("alice@amani.example", full_name="Alice Achieng"),
        "partner": make_user("bob@other.example", full_name="Bob Brown"),
        "secretariat": make_user("sam@s.example", Role.SECRETARIAT, full_name=SECRETARIAT_NAME),
        "reviewer": make_user("rita@r.example", Role.REVIEWER, full_name=REVIEWER_NAME),
        "board": make_user("ben@b.example", Role.BOARD_MEMBER, full_name="Ben Board"),
        "chair": make_user("carla@b.example", Role.BOARD_CHAIR, full_name="Carla Chair"),
        "administrator": make_user("ada@a.example", Role.ADMINISTRATOR, full_name="Ada Admin"),
    }
    # The operator account `alliance createadmin` makes: the only one that reaches /admin/.
    users["superuser"] = User.objects.create_superuser(
        email="root@a.example", password=PASSWORD, full_name="Root Operator"
    )
    EmailAddress.objects.create(
        user=users["superuser"], email=users["superuser"].email, verified=True, primary=True
    )
    sam, carla, ben = users["secretariat"], users["chair"], users["board"]
    alice, bob = users["applicant"], users["partner"]
    today = timezone.localdate()
    shared = Shared()

    # Screening lists first, so both organisations are screened against a real version.
    from alliance.screening import actions as screening

    names = ["Amani Aid", "Other Org"]
    screening.list_version_load(actor=sam, path_or_upload=_watch_list(tmp, names, 1))

    # The partner (B): admitted through the real path, after answering a question.
    b_application = complete_draft(bob, "Other Org")
    from alliance.governance import flows

    b_application = flows.application_submit(actor=bob, application=b_application)
    b_case = latest_case(b_application)
    b_request = diligence_actions.info_request_send(
        actor=sam, case=b_case, question="Please send the board's minutes."
    )
    b_request = diligence_actions.info_request_answer(
        actor=bob, request=b_request, answer="Attached.", attachment=_pdf("minutes")
    )
    partnership = admitted_partnership_from(b_application, sam)
    b = Side(bob, partnership.organisation, b_application, latest_case(b_application))
    b.partnership, b.request = partnership, b_request
    b.answer_attachment = b_request if b_request.attachment else None

    # The applicant (A): submitted, case open, a question put to it and answered with a file.
    application = submitted_application(alice, "Amani Aid")
    a = Side(alice, application.organisation, application, latest_case(application))
    a.request = diligence_actions.info_request_send(
        actor=sam, case=a.case, question="Please send the 2025 audited accounts."
    )
    a.request = diligence_actions.info_request_answer(
        actor=alice, request=a.request, answer="Here they are.", attachment=_pdf("accounts")
    )
    a.answer_attachment = a.request
    shared.controversy = diligence_actions.controversy_add(
        actor=users["reviewer"], case=a.case, title="Press report",
        source_url="https://news.example/report", severity="minor", status="alleged",
    )  # fmt: skip
    for side in (a, b):
        with transaction.atomic():
            audit_record(
                actor=users["reviewer"], verb="diligence.signed_off", target=side.application,
                organisation=side.organisation, reason=INTERNAL_NOTE,
            )  # fmt: skip
        screening.organisation_screen(actor=sam, organisation=side.organisation)
        side.role_grant = side.user.role_grants.first()
    # A list update that changes both entries: one alert over both organisations.
    outcome = screening.list_version_load(actor=sam, path_or_upload=_watch_list(tmp, names, 2))
    shared.alert = screening.list_version_rescreen(version=outcome.version)
    from alliance.screening.models import ScreeningResult

    for side in (a, b):
        side.screening_result = ScreeningResult.objects.filter(
            subject__organisation=side.organisation
        ).first()
        assert side.screening_result is not None, "the watch list names both organisations"

    from alliance.credentials.models import IssuedCredential

    b.credential = IssuedCredential.objects.filter(partnership=partnership).first()

    # The Board: a seated chair and member, a meeting, a notice to the partner with the
    # partner's response (and its file), and a motion on it that flags the member's interest.
    from alliance.governance import actions as board
    from alliance.governance.models import MotionKind, NoticeKind
    from alliance.governance.rules import DEFAULT_RULES

    def seat(user: Any, chair: bool = False) -> dict[str, Any]:
        return {"member": user.pk, "organisation": None, "chair": chair,
                "term_starts": "2025-01-01", "term_ends": "2027-12-31"}  # fmt: skip

    board.rules_seed_first(
        actor=users["administrator"], rules=DEFAULT_RULES, adopted_on=date(2025, 1, 1),
        seats=[seat(carla, chair=True), seat(ben)],
    )  # fmt: skip
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=7), datetime.min.time()))
    shared.meeting = board.meeting_schedule(
        actor=carla, title="Board meeting", agenda="Admissions.", starts_at=starts
    )
    board.interest_declare(
        actor=ben, description="Adviser to Other Org.", today=today, organisation=b.organisation
    )
    b.notice = board.notice_send(
        actor=carla, partnership=partnership, kind=NoticeKind.SUSPENSION,
        reasons="Late reports.", today=today,
    )  # fmt: skip
    board.notice_respond(
        actor=bob, notice=b.notice, response="Reports are on their way.", today=today,
        attachments=[_pdf("reports")],
    )  # fmt: skip
    b.notice_attachment = b.notice.attachments.first()
    b.motion = board.motion_open(
        actor=carla, kind=MotionKind.SUSPENSION, title="Suspend Other Org", text="Late reports.",
        today=today, partnership=partnership, notice=b.notice, deadline=today + timedelta(days=14),
    )  # fmt: skip
    shared.motion = b.motion
    shared.conflict = b.motion.conflicts.first()

    # Funding: a pledge and a contribution in kind (with its evidence file) from the partner.
    from alliance.funding import actions as funding

    b.pledge = funding.pledge_record(
        actor=sam, organisation=b.organisation, total=Decimal("3000"), currency="USD",
        rate_to_base=Decimal(1), start=today, years=1,
    )  # fmt: skip
    b.in_kind = funding.in_kind_record(
        actor=sam, organisation=b.organisation, category="technology", description="Hosting",
        declared_value=Decimal("500"), delivered_on=today - timedelta(days=3),
        evidence=_pdf("hosting"), evidence_note="Delivery note",
    )  # fmt: skip

    # A working group with a draft recommendation, and the partner's request to join.
    from alliance.groups import actions as groups
    from alliance.groups.models import GroupKind

    shared.group = groups.group_create(
        actor=sam, name="Data Protection WG", kind=GroupKind.WORKING_GROUP,
        charter="Advise.", today=today,
    )  # fmt: skip
    shared.recommendation = groups.recommendation_draft(
        actor=sam, group=shared.group, title="Minimise data", text="Collect less.", today=today
    )
    b.membership = groups.membership_request(
        actor=bob, group=shared.group, organisation=b.organisation, today=today
    )

    # Each contact person's own data export (prepared) and data-rights request.
    from alliance.privacy import actions as privacy
    from alliance.privacy.tasks import export_prepare

    for side in (a, b):
        side.export = privacy.data_export_start(actor=side.user)
        export_prepare.call(export_id=side.export.pk)
        side.export.refresh_from_db()
        side.data_request = privacy.data_request_open(
            actor=side.user, kind="access", details="What do you hold about me?"
        )

    # allauth's e-mail confirmation and password-reset keys, real ones for the applicant.
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str

    address = EmailAddress.objects.get(user=alice)
    shared.tokens = {
        "confirm_key": EmailConfirmationHMAC(address).key,
        "uidb36": user_pk_to_url_str(alice),
        "reset_key": default_token_generator.make_token(alice),
    }
    return users, a, b, shared


def admitted_partnership_from(application: Any, staff: Any) -> Any:
    """``tests.factories.admitted_partnership`` for an application already submitted."""
    from alliance.governance import flows
    from alliance.governance.actions import board_decision_record
    from alliance.governance.models import DecisionKind
    from tests.factories import sign_off_with_pack

    application = sign_off_with_pack(application, staff)
    decision = board_decision_record(
        actor=staff, kind=DecisionKind.ADMISSION, reason="Diligence clear.",
        decided_on=date(2026, 1, 15), application=application,
    )  # fmt: skip
    return flows.admission(actor=staff, application=application, decision=decision, tier="Partner")


__all__ = ["INTERNAL_NOTE", "REVIEWER_NAME", "SECRETARIAT_NAME", "Shared", "Side", "seed"]
