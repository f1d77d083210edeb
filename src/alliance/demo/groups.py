"""Groups in the demo alliance: two working groups and an advisory committee, with
members from partner organisations, meetings, documents, and recommendations — one
answered by the Board, one awaiting its answer, one overdue and one still a draft."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from alliance.accounts.models import User
from alliance.accounts.roles import Role
from alliance.demo.accounts import DEMO_DOMAIN
from alliance.governance import actions as board
from alliance.governance import recommendation_flow
from alliance.governance.models import Motion
from alliance.governance.selectors import rules_in_force
from alliance.groups import actions
from alliance.groups.models import Group, GroupKind
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Organisation

GROUPS: list[dict[str, Any]] = [
    {
        "name": "Data Protection and Privacy Working Group",
        "kind": GroupKind.WORKING_GROUP,
        "charter": "Advises the Board on data protection in identity systems: data "
        "minimisation, consent, retention and the rights of the people registered.",
        "partners": [
            "Digital Rights Watch Asia",
            "Baltic Privacy Institute",
            "Lumen Wallet GmbH",
            "Refugee Registration Network",
        ],
        "recommendation": (
            "Collect only what registration needs",
            "Humanitarian registration should collect the minimum data "
            "needed, keep biometrics on the person's own credential where "
            "possible, and delete enrolment data after a fixed period.",
            200,
            "accepted_with_changes",
            "Accepted; the retention period is left to each programme's "
            "data-protection impact assessment rather than fixed at 90 days.",
        ),
    },
    {
        "name": "Inclusion and Humanitarian Registration Working Group",
        "kind": GroupKind.WORKING_GROUP,
        "charter": "Advises on reaching people without recognised identity: refugees, "
        "stateless people, remote communities.",
        "partners": [
            "Refugee Registration Network",
            "Bridgeway Humanitarian Alliance",
            "Bangla Digital Inclusion Trust",
            "Andes Community Health Network",
        ],
        "recommendation": (
            "Offline-first credentials",
            "Credentials issued to displaced people must be verifiable "
            "offline, without network access at the point of service.",
            20,
            None,
            "",
        ),
        "draft": ("Fee waivers for registration", "No person should pay to be registered."),
    },
    {
        "name": "Technical Standards Advisory Committee",
        "kind": GroupKind.ADVISORY_COMMITTEE,
        "charter": "Advises the Board on open standards and interoperability, and on the "
        "neutrality of any endorsement of an approach, technology or standard.",
        "partners": [
            "Open Credentials Network",
            "Atlas Open Source Foundation",
            "Kestrel Cloud Services Inc.",
            "Instituto de Identidad Digital de Chile",
        ],
        "recommendation": (
            "Prefer open standards with several implementations",
            "Before endorsing a technology, the Board should require an open "
            "standard and at least two independent implementations.",
            75,
            None,
            "",
        ),
    },
]


def _contact(organisation: Organisation) -> User | None:
    return User.objects.filter(
        role_grants__organisation=organisation,
        role_grants__role=Role.PARTNER_CONTACT,
        email__endswith=DEMO_DOMAIN,
    ).first()


def seed(*, logins: dict[str, Any], staff: dict[str, Any], today: date) -> None:
    if Group.objects.exists():
        return
    secretariat = staff["secretariat"]
    chair_of_board = User.objects.filter(email=f"chair@{DEMO_DOMAIN}").first()
    for spec in GROUPS:
        created = today - timedelta(days=600)
        group = actions.group_create(
            actor=secretariat,
            name=spec["name"],
            kind=spec["kind"],
            charter=spec["charter"],
            today=created,
        )
        people: list[User] = []
        for position, name in enumerate(spec["partners"]):
            organisation = Organisation.objects.filter(
                legal_name=name, partnership__status=PartnershipStatus.ACTIVE
            ).first()
            person = _contact(organisation) if organisation else None
            if person is None or organisation is None:
                continue
            if position == 0:
                actions.chair_appoint(
                    actor=secretariat,
                    group=group,
                    user=person,
                    organisation=organisation,
                    today=created,
                )
            else:
                request = actions.membership_request(
                    actor=person, group=group, organisation=organisation, today=created
                )
                actions.membership_decide(actor=people[0], membership=request, approve=True)
            people.append(person)
        if not people:
            continue
        lead = people[0]
        for months_ago in (8, 3):
            held = today - timedelta(days=30 * months_ago)
            actions.group_meeting_record(
                actor=lead,
                group=group,
                held_on=held,
                agenda="1. Updates from members\n2. Draft recommendation\n3. Next steps",
                minutes=f"{len(people)} members attended. The draft was discussed and "
                "revised; the chair will put it to the group's vote.",
            )
        actions.document_add(
            actor=lead, group=group, title="Terms of reference", body=spec["charter"], today=created
        )
        title, text, days_ago, answer, reasons = spec["recommendation"]
        sent_on = today - timedelta(days=days_ago)
        rec = actions.recommendation_draft(
            actor=lead, group=group, title=title, text=text, today=sent_on - timedelta(days=20)
        )
        actions.recommendation_open_vote(actor=lead, recommendation=rec)
        for position, person in enumerate(people):
            actions.recommendation_vote(
                actor=person, recommendation=rec, choice="abstain" if position == 3 else "for"
            )
        actions.recommendation_close_vote(actor=lead, recommendation=rec, today=sent_on)
        if answer and chair_of_board is not None:
            _board_answers(chair_of_board, rec, answer, reasons, sent_on + timedelta(days=40))
        if "draft" in spec:
            actions.recommendation_draft(
                actor=people[-1],
                group=group,
                title=spec["draft"][0],
                text=spec["draft"][1],
                today=today,
            )


def _board_answers(chair: Any, rec: Any, answer: str, reasons: str, on: date) -> None:
    """The Board decides the answer: the chair moves it as a written resolution and the
    seated members vote for it (each vote cast before the chair closes it)."""
    version = rules_in_force()
    days = version.rules["notice_period_days"] if version else 14
    motion = recommendation_flow.recommendation_answer(
        actor=chair,
        recommendation=rec,
        answer=answer,
        reasons=reasons,
        today=on - timedelta(days=days),
        deadline=on,
    )
    if not isinstance(motion, Motion) or version is None:
        return
    for seat in version.seats.select_related("member"):
        board.vote_cast(actor=seat.member, motion=motion, choice="for", today=on)
    board.motion_close(actor=chair, motion=motion, today=on)
