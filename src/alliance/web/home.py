"""A home per role: what needs the signed-in person now, one section per role they hold.

Each section reads through its domains' selectors (which never write) and lists what
waits for that person, most urgent first: late items before the rest, then by the date
they are due. A person with several roles sees each of their sections; the sections
with something late come first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from alliance.core.permissions import Perm, can
from alliance.core.roles import Role, organisation_ids, user_roles
from alliance.credentials import selectors as credentials
from alliance.diligence import selectors as diligence
from alliance.funding import selectors as funding
from alliance.governance import selectors as governance
from alliance.governance.conflict_rulings import rulings_awaiting
from alliance.groups import selectors as groups
from alliance.organisations import selectors as organisations
from alliance.organisations.choices import ApplicationStatus


@dataclass
class Section:
    """One role's part of the home: its template and what it lists."""

    key: str  # the role, for the section's id
    heading: Any
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    waiting: int = 0  # how many things wait for this person in this section
    late: int = 0  # how many of them are late

    @property
    def anchor(self) -> str:
        return f"home-{self.key}"


def _urgency(due: date | None, late: bool) -> tuple[bool, bool, date]:
    return (not late, due is None, due or date.max)


def secretariat_section(user: Any, today: date) -> Section:
    by_step = diligence.open_cases_by_step()
    step_of = {case.application_id: step.code for step, cases in by_step for case in cases}
    awaiting = list(diligence.cases_queue("awaiting_sign_off"))
    step_of.update({case.application_id: "awaiting_sign_off" for case in awaiting})
    labels = {step.code: step.label for step, _cases in by_step}
    new = organisations.new_submissions(10)
    questions = [
        (q, diligence.question_is_late(q, today)) for q in diligence.questions_awaiting_answers()
    ]
    questions.sort(key=lambda pair: _urgency(None, pair[1]))
    reassessments = diligence.reassessments_due(today)
    waivers = funding.waivers_to_decide()
    ready = list(organisations.ready_for_board()[:10])
    late = sum(1 for _q, is_late in questions if is_late) + sum(
        1 for r in reassessments if r.due_on < today
    )
    return Section(
        key="secretariat",
        heading=_("Secretariat"),
        template="web/home/_secretariat.html",
        data={
            "new": [(a, step_of.get(a.pk, ""), labels.get(step_of.get(a.pk, ""), "")) for a in new],
            "new_count": organisations.intake_queue(status=organisations.NEEDS_ACTION).count(),
            "by_step": by_step,
            "awaiting_sign_off": len(awaiting),
            "questions": questions,
            "reassessments": reassessments,
            "waivers": waivers,
            "ready": ready,
            "today": today,
        },
        waiting=len(new) + len(questions) + len(reassessments) + len(waivers) + len(ready),
        late=late,
    )


def reviewer_section(user: Any, today: date) -> Section:
    to_sign = diligence.cases_to_sign_off(user)
    packs = diligence.cases_awaiting_board_pack()
    reviews = list(governance.endorsements_awaiting_review())
    return Section(
        key="reviewer",
        heading=_("Due-diligence reviewer"),
        template="web/home/_reviewer.html",
        data={"to_sign": to_sign, "packs": packs, "reviews": reviews},
        waiting=len(to_sign) + len(packs) + len(reviews),
    )


def board_section(user: Any, today: date, *, chair: bool) -> Section:
    to_vote = [
        (m, m.deadline is not None and m.deadline < today) for m in governance.motions_to_vote(user)
    ]
    conflicts = list(governance.conflicts_awaiting(user))
    rulings = rulings_awaiting(user)
    answers = [(r, groups.is_overdue(r, today)) for r in groups.awaiting_answer()]
    answers.sort(key=lambda pair: _urgency(pair[0].answer_due, pair[1]))
    to_close = (
        [(m, m.deadline is not None and m.deadline < today) for m in governance.motions_to_close()]
        if chair
        else []
    )
    # Ready for the Board and no admission or decline motion open on it yet.
    moved = {m.application_id for m, _late in to_close}
    ready = [a for a in organisations.ready_for_board() if a.pk not in moved] if chair else []
    late = (
        sum(1 for _m, is_late in to_vote if is_late)
        + sum(1 for _r, is_late in answers if is_late)
        + sum(1 for _m, is_late in to_close if is_late)
    )
    return Section(
        key="board",
        heading=_("Board chair") if chair else _("Board member"),
        template="web/home/_board.html",
        data={
            "to_vote": to_vote,
            "conflicts": conflicts,
            "rulings": rulings,
            "answers": answers,
            "to_close": to_close,
            "ready": ready,
            "chair": chair,
        },
        waiting=len(to_vote) + len(conflicts) + len(rulings) + len(answers) + len(ready),
        late=late,
    )


def group_chair_section(user: Any, today: date, chaired: list[Any]) -> Section:
    requests = groups.membership_requests(chaired)
    drafts = groups.group_drafts(chaired)
    sent = [(r, groups.is_overdue(r, today)) for r in groups.awaiting_answer_for(chaired)]
    sent.sort(key=lambda pair: _urgency(pair[0].answer_due, pair[1]))
    return Section(
        key="group-chair",
        heading=_("Group chair"),
        template="web/home/_group_chair.html",
        data={"chaired": chaired, "requests": requests, "drafts": drafts, "sent": sent},
        waiting=len(requests) + len(drafts),
        late=sum(1 for _r, is_late in sent if is_late),
    )


def _credentials_with_tier_words(held: Any, obligations: list[Any]) -> list[tuple[Any, str]]:
    """Each partnership credential with its tier in the reader's language, as the
    partnership beside it names it (the schedule version of the organisation's current
    period, else the one in force): credentials stores the English name and, below
    funding in the layers, cannot translate it itself."""
    versions = {
        o.partnership.organisation_id: o.assignment.schedule_version
        for o in obligations
        if o.assignment is not None
    }
    return [
        (c, funding.tier_label(c.tier, versions.get(c.organisation_id)) if c.tier else "")
        for c in held
    ]


def partner_section(
    user: Any, today: date, obligations: list[Any], questions: list[Any]
) -> Section:
    notices = governance.partner_notices(user)
    memberships = groups.groups_of(user)
    late_notices = [n for n in notices if n.responded_on is None and n.response_due < today]
    return Section(
        key="partner",
        heading=_("Partner"),
        template="web/home/_partner.html",
        data={
            "obligations": obligations,
            "credentials": _credentials_with_tier_words(
                credentials.partnership_credentials_held_by(user), obligations
            ),
            "notices": [(n, n.responded_on is None and n.response_due < today) for n in notices],
            "memberships": memberships,
            "questions": questions,
            "today": today,
        },
        waiting=len(questions)
        + len([n for n in notices if n.responded_on is None])
        + sum(1 for o in obligations if o.overdue),
        late=len(late_notices) + sum(1 for o in obligations if o.overdue),
    )


def applicant_section(
    user: Any, today: date, applications: list[Any], questions: list[Any]
) -> Section:
    in_flight = [
        a
        for a in applications
        if a.status
        in (
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.IN_DUE_DILIGENCE,
            ApplicationStatus.READY_FOR_BOARD,
        )
    ]
    return Section(
        key="applicant",
        heading=_("Your applications"),
        template="web/home/_applicant.html",
        data={"applications": applications, "questions": questions},
        waiting=len(questions) + sum(1 for a in in_flight if a.status == ApplicationStatus.DRAFT),
    )


def home_sections(user: Any, today: date) -> list[Section]:
    """The signed-in person's sections, those with something late first."""
    roles = {role for role, _org in user_roles(user)}
    sections: list[Section] = []
    if Role.SECRETARIAT in roles:
        sections.append(secretariat_section(user, today))
    if Role.REVIEWER in roles:
        sections.append(reviewer_section(user, today))
    if roles & {Role.BOARD_MEMBER, Role.BOARD_CHAIR}:
        sections.append(board_section(user, today, chair=Role.BOARD_CHAIR in roles))
    orgs = organisation_ids(user)
    obligations = funding.partner_obligations(orgs, today) if orgs else []
    applications = list(organisations.applications_for_user(user)) if orgs else []
    if obligations:  # an admitted application lives on in the partner's section
        applications = [a for a in applications if a.status != ApplicationStatus.APPROVED]
    questions = diligence.questions_for_organisations(orgs) if orgs else []
    # The secretariat's questions are listed once: with the applications, else the partner's.
    if obligations:
        sections.append(
            partner_section(user, today, obligations, [] if applications else questions)
        )
    chaired = groups.chaired_groups(user)
    if applications or (not (sections or chaired) and not can(user, Perm.ADMINISTER)):
        sections.append(applicant_section(user, today, applications, questions))
    if chaired:
        sections.append(group_chair_section(user, today, chaired))
    return sorted(sections, key=lambda s: s.late == 0)
