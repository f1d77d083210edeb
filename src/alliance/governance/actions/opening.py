"""Opening a motion: one function per kind, and ``motion_open``, which takes every kind's
keyword arguments (as it always has) and hands them to the kind's own function.

Each kind's function checks the data that kind carries (``governance.motion_kinds``
says which fields that is; the database constraint ``motion_fits_its_kind`` refuses any
other row) and then ``_open`` does what every motion shares: the rules in force, the
title and text, meeting or deadline, one open motion per subject, the conflict flags,
the audit event and the Board's notice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.i18n import lazy_format
from alliance.funding import actions as funding
from alliance.funding.selectors import tier_names_in_force
from alliance.governance import lifecycle as admission_guard
from alliance.governance import recommendation_flow
from alliance.governance.actions._base import (
    ERR_ALREADY_OPEN,
    ERR_DEADLINE_OR_MEETING,
    ERR_DEADLINE_TOO_SOON,
    ERR_EMPTY,
    ERR_MEETING_HELD,
    ERR_MOTION_SUBJECT,
    ERR_NEEDS_NOTICE,
    ERR_NO_RULES,
    ERR_NOT_CHAIR,
    ERR_PARTNERSHIP_STATE,
    ERR_RESPONSE_PERIOD,
    ERR_SCHEDULE_DATE,
    ERR_SEATS,
    _can_chair,
)
from alliance.governance.actions.conflicts import _flag_conflicts
from alliance.governance.models import (
    DueProcessNotice,
    Meeting,
    Motion,
    MotionKind,
    MotionStatus,
    NoticeKind,
    RulesVersion,
)
from alliance.governance.motion_kinds import EMPTY, KIND_FIELDS, is_given
from alliance.governance.notifications import notify
from alliance.governance.rules import validate_rules
from alliance.governance.selectors import notice_allows_termination, rules_in_force
from alliance.organisations.choices import PartnershipStatus
from alliance.organisations.models import Application, Partnership

ERR_UNKNOWN_KIND = _("There is no such kind of motion: {kind}.")
ERR_NOT_FOR_KIND = _("A {kind} motion does not take {field}: leave it empty.")
ERR_TIER_UNKNOWN = _("Choose a tier of the tier schedule in force: {tiers}.")
ERR_NOT_PARTNERSHIP_KIND = _("This is not a motion about a partnership: {kind}.")

PARTNERSHIP_KINDS = (MotionKind.SUSPENSION, MotionKind.REINSTATEMENT, MotionKind.TERMINATION)

# The partnership statuses each partnership motion can change.
_PARTNERSHIP_FROM = {
    MotionKind.SUSPENSION: {PartnershipStatus.ACTIVE},
    MotionKind.REINSTATEMENT: {PartnershipStatus.SUSPENDED},
    MotionKind.TERMINATION: {PartnershipStatus.ACTIVE, PartnershipStatus.SUSPENDED},
}

# How a field is named in a refusal.
_FIELD_WORDS = {
    "application": "an application",
    "partnership": "a partnership",
    "notice": "a notice",
    "recommendation": "a recommendation",
    "tier": "a tier",
    "proposed_rules": "proposed rules",
    "proposed_seats": "proposed seats",
    "endorsement_subject": "an endorsement subject",
    "proposed_schedule": "a tier schedule",
    "schedule_effective_from": "a schedule date",
    "schedule_publish_amounts": "a schedule publication choice",
    "schedule_period_years": "a partnership period",
    "proposed_answer": "an answer to a recommendation",
}


# What the Board is told when a motion opens: (is an endorsement, has a deadline).
_OPENED = {
    (False, True): _("Motion opened: %(title)s — vote by %(deadline)s."),
    (False, False): _("Motion opened: %(title)s — vote at %(meeting)s."),
    (True, True): _(
        "Endorsement proposed: %(title)s — open for votes by %(deadline)s once its "
        "neutrality review is recorded."
    ),
    (True, False): _(
        "Endorsement proposed: %(title)s — open for votes at %(meeting)s once its "
        "neutrality review is recorded."
    ),
}


def admission_tiers(today: date) -> list[str]:
    """The tier names an admission may give: those of the tier schedule in force."""
    return tier_names_in_force(today)


def _start(actor: Any) -> RulesVersion:
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    version = rules_in_force()
    if version is None:
        raise ActionError(ERR_NO_RULES)
    return version


def _check_wording(title: str, text: str) -> None:
    if not title.strip() or not text.strip():
        raise ActionError(ERR_EMPTY, field="title")


def _open(
    *,
    actor: Any,
    version: RulesVersion,
    kind: str,
    title: str,
    text: str,
    today: date,
    meeting: Meeting | None,
    deadline: date | None,
    subject: dict[str, Any] | None = None,
    **data: Any,
) -> Motion:
    """What every motion shares, once its kind's own data has been checked."""
    if (meeting is None) == (deadline is None):
        raise ActionError(ERR_DEADLINE_OR_MEETING)
    if deadline is not None and deadline < today + timedelta(
        days=version.rules["notice_period_days"]
    ):
        raise ActionError(ERR_DEADLINE_TOO_SOON, field="deadline")
    if meeting is not None and timezone.localdate(meeting.starts_at) < today:
        # A meeting already held cannot take a new motion: deciding "in" it would skip
        # both the meeting's notice and a written resolution's notice period.
        raise ActionError(ERR_MEETING_HELD, field="meeting")
    if subject and Motion.objects.filter(status=MotionStatus.OPEN, **subject).exists():
        raise ActionError(ERR_ALREADY_OPEN)
    motion = Motion.objects.create(
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        rules_version=version,
        meeting=meeting,
        deadline=deadline,
        opened_by=actor,
        opened_on=today,
        **{**EMPTY, **data},
    )
    flagged = _flag_conflicts(motion)
    audit_record(
        actor=actor,
        verb="motion.opened",
        target=motion,
        organisation=motion.subject_organisation,
        after={
            "kind": kind,
            "rules_version": version.version,
            "flagged": [c.member_id for c in flagged],
            "deadline": deadline.isoformat() if deadline else None,
        },
    )
    url = f"/board/motions/{motion.pk}/"
    members = [s.member for s in version.seats.select_related("member")]
    message = lazy_format(
        _OPENED[(kind == MotionKind.ENDORSEMENT, deadline is not None)],
        title=motion.title,
        deadline=deadline,
        meeting=str(meeting),
    )
    notify(members, kind="motion.opened", text=message, url=url)
    notify(
        [c.member for c in flagged],
        kind="conflict.flagged",
        text=lazy_format(
            _("Possible conflict of interest on '%(title)s': recuse or explain."),
            title=motion.title,
        ),
        url=url,
    )
    return motion


# --- Admission and decline -------------------------------------------------------------


def _application_motion(
    *,
    actor: Any,
    kind: str,
    application: Application | None,
    title: str,
    text: str,
    today: date,
    meeting: Meeting | None,
    deadline: date | None,
    tier: str = "",
) -> Motion:
    version = _start(actor)
    if application is None:
        raise ActionError(ERR_MOTION_SUBJECT.format(subject="an application"), field="application")
    application = Application.objects.select_for_update().get(pk=application.pk)
    # Refused unless the case is signed off by a second person with its Board pack; the
    # motion states the case it decides on (governance.lifecycle).
    title, text = admission_guard.admission_motion_wording(application, kind, title, text)
    _check_wording(title, text)
    tier = tier.strip()
    if tier:
        tiers = admission_tiers(today)
        if tier not in tiers:
            raise ActionError(ERR_TIER_UNKNOWN.format(tiers=", ".join(tiers)), field="tier")
    return _open(
        actor=actor,
        version=version,
        kind=kind,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
        subject={"application": application},
        application=application,
        tier=tier,
    )


@transaction.atomic
def motion_open_admission(
    *,
    actor: Any,
    application: Application | None,
    today: date,
    tier: str = "",
    title: str = "",
    text: str = "",
    meeting: Meeting | None = None,
    deadline: date | None = None,
) -> Motion:
    """Admit an applicant. ``tier``, if given, is a tier of the schedule in force
    (ERR_TIER_UNKNOWN); left empty, funding fixes it from its recommendation."""
    return _application_motion(
        actor=actor,
        kind=MotionKind.ADMISSION,
        application=application,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
        tier=tier,
    )


@transaction.atomic
def motion_open_decline(
    *,
    actor: Any,
    application: Application | None,
    today: date,
    title: str = "",
    text: str = "",
    meeting: Meeting | None = None,
    deadline: date | None = None,
) -> Motion:
    return _application_motion(
        actor=actor,
        kind=MotionKind.DECLINE,
        application=application,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
    )


# --- Suspension, reinstatement, termination --------------------------------------------


@transaction.atomic
def motion_open_partnership(
    *,
    actor: Any,
    kind: str,
    partnership: Partnership | None,
    title: str,
    text: str,
    today: date,
    notice: DueProcessNotice | None = None,
    meeting: Meeting | None = None,
    deadline: date | None = None,
) -> Motion:
    """Suspend, reinstate or terminate a partnership. Suspension and termination need
    the notice sent to the partner (ERR_NEEDS_NOTICE); termination also its response, or
    the end of its response period (ERR_RESPONSE_PERIOD). A reinstatement takes none."""
    version = _start(actor)
    if kind not in PARTNERSHIP_KINDS:
        raise ActionError(ERR_NOT_PARTNERSHIP_KIND.format(kind=kind))
    _check_wording(title, text)
    if partnership is None:
        raise ActionError(ERR_MOTION_SUBJECT.format(subject="a partnership"), field="partnership")
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.status not in _PARTNERSHIP_FROM[MotionKind(kind)]:
        raise ActionError(ERR_PARTNERSHIP_STATE)
    if kind == MotionKind.REINSTATEMENT:
        if notice is not None:
            raise ActionError(
                ERR_NOT_FOR_KIND.format(kind=kind, field=_FIELD_WORDS["notice"]), field="notice"
            )
    else:
        notice = DueProcessNotice.objects.get(pk=notice.pk) if notice is not None else None
        if notice is None or notice.partnership_id != partnership.pk:
            raise ActionError(ERR_NEEDS_NOTICE, field="notice")
        if kind == MotionKind.TERMINATION and (
            notice.kind != NoticeKind.TERMINATION or not notice_allows_termination(notice, today)
        ):
            raise ActionError(ERR_RESPONSE_PERIOD, field="notice")
    return _open(
        actor=actor,
        version=version,
        kind=kind,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
        subject={"partnership": partnership},
        partnership=partnership,
        notice=notice,
    )


# --- Rule change, endorsement, tier schedule, recommendation answer --------------------


def _check_seats(seats: Any) -> list[dict[str, Any]]:
    """A proposed seat list in ``seat_spec``'s form, with exactly one chair."""
    if not isinstance(seats, list) or not seats:
        raise ActionError(ERR_SEATS, field="proposed_seats")
    for seat in seats:
        try:
            ok = (
                isinstance(seat, dict)
                and isinstance(seat["member"], int)
                and isinstance(seat.get("organisation"), int | None)
                and date.fromisoformat(str(seat["term_starts"]))
                <= date.fromisoformat(str(seat["term_ends"]))
            )
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            raise ActionError(ERR_SEATS, field="proposed_seats")
    if sum(1 for s in seats if s.get("chair")) != 1:
        raise ActionError(ERR_SEATS, field="proposed_seats")
    return seats


@transaction.atomic
def motion_open_rule_change(
    *,
    actor: Any,
    title: str,
    text: str,
    today: date,
    proposed_rules: dict[str, Any] | None,
    proposed_seats: list[dict[str, Any]] | None = None,
    meeting: Meeting | None = None,
    deadline: date | None = None,
) -> Motion:
    """A new rules version (checked by ``validate_rules``) and, if given, new seats."""
    version = _start(actor)
    _check_wording(title, text)
    rules = validate_rules(proposed_rules or {})
    seats = _check_seats(proposed_seats) if proposed_seats is not None else None
    return _open(
        actor=actor,
        version=version,
        kind=MotionKind.RULE_CHANGE,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
        proposed_rules=rules,
        proposed_seats=seats,
    )


@transaction.atomic
def motion_open_endorsement(
    *,
    actor: Any,
    title: str,
    text: str,
    today: date,
    subject: str,
    meeting: Meeting | None = None,
    deadline: date | None = None,
) -> Motion:
    version = _start(actor)
    _check_wording(title, text)
    if not subject.strip():
        raise ActionError(
            ERR_MOTION_SUBJECT.format(subject="what is endorsed"), field="endorsement_subject"
        )
    return _open(
        actor=actor,
        version=version,
        kind=MotionKind.ENDORSEMENT,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
        endorsement_subject=subject.strip(),
    )


@transaction.atomic
def motion_open_tier_schedule(
    *,
    actor: Any,
    title: str,
    text: str,
    today: date,
    schedule: dict[str, Any] | None,
    effective_from: date | None,
    publish_amounts: bool = False,
    period_years: int = 3,
    meeting: Meeting | None = None,
    deadline: date | None = None,
) -> Motion:
    """A tier schedule in its JSON form, checked here (funding's ERR_SCHEDULE_INVALID),
    with the options the adopted version gets."""
    version = _start(actor)
    _check_wording(title, text)
    if schedule is None:
        raise ActionError(
            ERR_MOTION_SUBJECT.format(subject="the proposed tier schedule"),
            field="proposed_schedule",
        )
    try:
        funding.tier_schedule_parse(schedule)
    except ActionError as error:
        raise ActionError(error.message, field="proposed_schedule") from error
    if effective_from is None or effective_from < today:
        raise ActionError(ERR_SCHEDULE_DATE, field="schedule_effective_from")
    if not 1 <= period_years <= 10:
        raise ActionError(funding.ERR_PERIOD_YEARS, field="schedule_period_years")
    return _open(
        actor=actor,
        version=version,
        kind=MotionKind.TIER_SCHEDULE,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
        proposed_schedule=schedule,
        schedule_effective_from=effective_from,
        schedule_publish_amounts=bool(publish_amounts),
        schedule_period_years=period_years,
    )


@transaction.atomic
def motion_open_recommendation_answer(
    *,
    actor: Any,
    title: str,
    text: str,
    today: date,
    recommendation: Any,
    answer: str,
    meeting: Meeting | None = None,
    deadline: date | None = None,
) -> Motion:
    """The Board's answer to a working group's recommendation (groups.BoardAnswer)."""
    version = _start(actor)
    _check_wording(title, text)
    if recommendation is not None:
        recommendation = type(recommendation).objects.select_for_update().get(pk=recommendation.pk)
    recommendation_flow.check_answer_motion(recommendation, answer)
    return _open(
        actor=actor,
        version=version,
        kind=MotionKind.RECOMMENDATION_ANSWER,
        title=title,
        text=text,
        today=today,
        meeting=meeting,
        deadline=deadline,
        subject={"recommendation": recommendation},
        recommendation=recommendation,
        proposed_answer=answer,
    )


# --- Every kind, by its keyword arguments ----------------------------------------------


@transaction.atomic
def motion_open(
    *,
    actor: Any,
    kind: str,
    title: str,
    text: str,
    today: date,
    application: Application | None = None,
    partnership: Partnership | None = None,
    notice: DueProcessNotice | None = None,
    recommendation: Any = None,
    proposed_rules: dict[str, Any] | None = None,
    proposed_seats: list[dict[str, Any]] | None = None,
    endorsement_subject: str = "",
    tier: str = "",
    meeting: Meeting | None = None,
    deadline: date | None = None,
    proposed_schedule: dict[str, Any] | None = None,
    schedule_effective_from: date | None = None,
    schedule_publish_amounts: bool | None = None,
    schedule_period_years: int | None = None,
    proposed_answer: str = "",
) -> Motion:
    """Open a motion of any kind under the rules now in force: a value that is not for
    the kind is refused (ERR_NOT_FOR_KIND), then the kind's own function decides."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    if kind not in KIND_FIELDS:
        raise ActionError(ERR_UNKNOWN_KIND.format(kind=kind), field="kind")
    given = {
        "application": application,
        "partnership": partnership,
        "notice": notice,
        "recommendation": recommendation,
        "tier": tier,
        "proposed_rules": proposed_rules,
        "proposed_seats": proposed_seats,
        "endorsement_subject": endorsement_subject,
        "proposed_schedule": proposed_schedule,
        "schedule_effective_from": schedule_effective_from,
        "schedule_publish_amounts": schedule_publish_amounts,
        "schedule_period_years": schedule_period_years,
        "proposed_answer": proposed_answer,
    }
    allowed = KIND_FIELDS[kind].allowed
    for field, value in given.items():
        if field not in allowed and is_given(field, value):
            raise ActionError(
                ERR_NOT_FOR_KIND.format(kind=kind.replace("_", " "), field=_FIELD_WORDS[field]),
                field=field,
            )
    when: dict[str, Any] = {"today": today, "meeting": meeting, "deadline": deadline}
    if kind == MotionKind.ADMISSION:
        return motion_open_admission(
            actor=actor, application=application, tier=tier, title=title, text=text, **when
        )
    if kind == MotionKind.DECLINE:
        return motion_open_decline(
            actor=actor, application=application, title=title, text=text, **when
        )
    if kind in PARTNERSHIP_KINDS:
        return motion_open_partnership(
            actor=actor,
            kind=kind,
            partnership=partnership,
            notice=notice,
            title=title,
            text=text,
            **when,
        )
    if kind == MotionKind.RULE_CHANGE:
        return motion_open_rule_change(
            actor=actor,
            proposed_rules=proposed_rules,
            proposed_seats=proposed_seats,
            title=title,
            text=text,
            **when,
        )
    if kind == MotionKind.ENDORSEMENT:
        return motion_open_endorsement(
            actor=actor, subject=endorsement_subject, title=title, text=text, **when
        )
    if kind == MotionKind.TIER_SCHEDULE:
        return motion_open_tier_schedule(
            actor=actor,
            schedule=proposed_schedule,
            effective_from=schedule_effective_from,
            publish_amounts=bool(schedule_publish_amounts),
            period_years=3 if schedule_period_years is None else schedule_period_years,
            title=title,
            text=text,
            **when,
        )
    return motion_open_recommendation_answer(
        actor=actor,
        recommendation=recommendation,
        answer=proposed_answer,
        title=title,
        text=text,
        **when,
    )
