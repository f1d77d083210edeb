"""The Board's part of the demo alliance: the founding rules with seats, meetings,
declared interests, a history of motions with votes (a rule change, an admission, a
neutrality-reviewed endorsement), a due-process notice in progress and one open
admission motion awaiting votes. Everything goes through the real actions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from alliance.accounts.models import User
from alliance.demo.accounts import DEMO_DOMAIN
from alliance.demo.organisations import BOARD_SEATS
from alliance.governance import actions
from alliance.governance.models import (
    Conflict,
    Meeting,
    Motion,
    MotionKind,
    NoticeKind,
    RulesVersion,
)
from alliance.governance.rules import DEFAULT_RULES
from alliance.organisations.choices import ApplicationStatus, PartnershipStatus
from alliance.organisations.models import Application, Organisation, Partnership

FOUNDED = date(2018, 1, 22)
ENDORSED = "W3C Verifiable Credentials held in open wallet software for humanitarian registration"


def _at(day: date, hour: int = 14) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _vote_all(motion: Any, choices: dict[Any, str], day: date) -> None:
    for member, choice in choices.items():
        actions.vote_cast(actor=member, motion=motion, choice=choice, today=day)


def _members() -> list[User]:
    return [User.objects.get(email=f"{local}@{DEMO_DOMAIN}") for _, local, _ in BOARD_SEATS]


def seed_rules(*, logins: dict[str, Any], staff: dict[str, Any], today: date) -> None:
    """The founding rules with the Board's seats (once): admissions are Board motions, so
    the Board sits before the demo's partners are admitted."""
    if RulesVersion.objects.exists():
        return
    members = _members()
    orgs = {
        o.legal_name: o
        for o in Organisation.objects.filter(legal_name__in=[name for _, _, name in BOARD_SEATS])
    }
    term_starts = date(today.year - 1, 1, 1)
    actions.rules_seed_first(
        actor=staff["admin"],
        rules=DEFAULT_RULES,
        adopted_on=FOUNDED,
        seats=[
            {
                "member": user.pk,
                "organisation": orgs[org].pk if org in orgs else None,
                "chair": position == 0,
                "term_starts": term_starts.isoformat(),
                "term_ends": date(term_starts.year + 3, 12, 31).isoformat(),
            }
            for position, (user, (_, _, org)) in enumerate(zip(members, BOARD_SEATS, strict=True))
        ],
    )


def board_decides(
    application: Application, *, kind: str, day: date, tier: str = "", note: str = ""
) -> Motion:
    """The real path of an admission or decline: the chair opens the motion on the signed
    case and its Board pack (governance.lifecycle refuses otherwise), flagged members
    recuse, the others vote for, and the chair closes it the same day."""
    members = _members()
    chair = members[0]
    deadline = day + timedelta(days=DEFAULT_RULES["notice_period_days"])
    if kind == MotionKind.ADMISSION:
        motion = actions.motion_open_admission(
            actor=chair, application=application, tier=tier, text=note, today=day,
            deadline=deadline,
        )  # fmt: skip
    else:
        motion = actions.motion_open_decline(
            actor=chair, application=application, text=note, today=day, deadline=deadline
        )
    for conflict in Conflict.objects.filter(motion=motion).select_related("member"):
        actions.conflict_declare(
            actor=conflict.member, motion=motion, reason="; ".join(conflict.reasons)[:300]
        )
    recused = set(Conflict.objects.filter(motion=motion).values_list("member_id", flat=True))
    _vote_all(motion, {m: "for" for m in members if m.pk not in recused}, day)
    return actions.motion_close(actor=chair, motion=motion, today=day)


def seed(*, logins: dict[str, Any], staff: dict[str, Any], today: date) -> None:
    seed_rules(logins=logins, staff=staff, today=today)
    if Meeting.objects.exists():
        return
    members = _members()
    orgs = {
        o.legal_name: o
        for o in Organisation.objects.filter(legal_name__in=[name for _, _, name in BOARD_SEATS])
    }
    chair, henriksen, raman, marquez, mwangi, nguyen, asante = members
    actions.interest_declare(
        actor=henriksen,
        today=today - timedelta(days=400),
        organisation=orgs.get("Meridian Identity Systems Ltd"),
        description="Non-executive director of Meridian Identity Systems; holds shares.",
    )
    actions.interest_declare(
        actor=raman,
        today=today - timedelta(days=400),
        description="Kestrel Cloud Services maintains an open-source decentralised identifier "
        "SDK used in credential wallets.",
    )

    # A Board meeting held six weeks ago: a rule change and an admission.
    held = today - timedelta(days=45)
    meeting = actions.meeting_schedule(
        actor=chair,
        title="Board meeting, second quarter",
        starts_at=_at(held),
        location="Geneva and online",
        agenda="1. Minutes of the last meeting\n2. Rule change: quorum of four\n"
        "3. Admission: Mekong Civil Society Coalition\n4. Working-group reports",
    )
    change = actions.motion_open_rule_change(
        actor=chair,
        title="A quorum of at least four members",
        text="With seven seats, a quorum of three lets a small minority decide. The Board "
        "raises the minimum quorum to four.",
        today=held,
        meeting=meeting,
        proposed_rules={**DEFAULT_RULES, "quorum_minimum": 4},
    )
    _vote_all(
        change,
        {
            chair: "for",
            henriksen: "for",
            raman: "for",
            marquez: "for",
            mwangi: "for",
            nguyen: "abstain",
            asante: "against",
        },
        held,
    )
    actions.motion_close(actor=chair, motion=change, today=held)

    mekong = Application.objects.filter(
        organisation__legal_name="Mekong Civil Society Coalition",
        status=ApplicationStatus.READY_FOR_BOARD,
    ).first()
    if mekong is not None:
        admission = actions.motion_open_admission(
            actor=chair,
            tier="Supporter",
            today=held,
            application=mekong,
            meeting=meeting,
        )
        _vote_all(
            admission,
            {
                chair: "for",
                henriksen: "for",
                raman: "for",
                marquez: "for",
                mwangi: "for",
                nguyen: "for",
                asante: "abstain",
            },
            held,
        )
        actions.motion_close(actor=chair, motion=admission, today=held)
    actions.meeting_record(
        actor=chair,
        meeting=meeting,
        attendees=[chair, henriksen, raman, marquez, mwangi, nguyen, asante],
        minutes="The chair opened the meeting at 14:00 with all seven members present. "
        "The minutes of the last meeting were approved.",
    )

    # An endorsement by written resolution, after a neutrality review.
    opened = today - timedelta(days=30)
    endorsement = actions.motion_open_endorsement(
        actor=chair,
        title="Endorse W3C Verifiable Credentials in open wallets",
        text="The alliance endorses W3C Verifiable Credentials held in open wallet software "
        "as a good practice for humanitarian registration.",
        today=opened,
        subject=ENDORSED,
        deadline=opened + timedelta(days=14),
    )
    actions.neutrality_review_record(
        actor=staff["reviewer"],
        motion=endorsement,
        open_standard=True,
        independent_implementations=6,
        today=opened + timedelta(days=2),
        conclusion="An open W3C standard with at least six independent, interoperable "
        "wallets; no single partner controls it. Partners selling wallets or "
        "credential tooling benefit, but in competition with each other.",
    )
    for conflict in Conflict.objects.filter(motion=endorsement).select_related("member"):
        actions.conflict_resolve(actor=conflict.member, conflict=conflict, recuse=True)
    voters = {
        chair: "for",
        marquez: "for",
        mwangi: "for",
        nguyen: "for",
        asante: "against",
        henriksen: "for",
        raman: "for",
    }
    recused = set(Conflict.objects.filter(motion=endorsement).values_list("member_id", flat=True))
    _vote_all(
        endorsement,
        {m: c for m, c in voters.items() if m.pk not in recused},
        opened + timedelta(days=5),
    )
    actions.motion_close(actor=chair, motion=endorsement, today=opened + timedelta(days=15))

    # Due process in progress: a termination notice to the suspended partner.
    suspended = Partnership.objects.filter(status=PartnershipStatus.SUSPENDED).first()
    if suspended is not None:
        actions.notice_send(
            actor=chair,
            partnership=suspended,
            kind=NoticeKind.TERMINATION,
            today=today - timedelta(days=12),
            reasons="The review found that customer identity data was resold to third "
            "parties without consent, contrary to principle 3.",
        )

    # The next meeting, and an admission motion open for votes.
    nxt = actions.meeting_schedule(
        actor=chair,
        title="Board meeting, third quarter",
        starts_at=_at(today + timedelta(days=20)),
        location="Nairobi and online",
        agenda="1. Admissions\n2. Answers to working-group recommendations\n3. Funding",
    )
    del nxt
    helix = Application.objects.filter(
        organisation__legal_name="Helix Biometrics Pvt Ltd",
        status=ApplicationStatus.READY_FOR_BOARD,
    ).first()
    if helix is not None:
        pending = actions.motion_open_admission(
            actor=chair,
            tier="Partner",
            text="Helix commits to data minimisation in welfare enrolment.",
            today=today,
            application=helix,
            deadline=today + timedelta(days=14),
        )
        _vote_all(pending, {marquez: "for", mwangi: "for", nguyen: "against"}, today)
