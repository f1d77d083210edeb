"""Board meetings, members' declared interests, notifications and deadline reminders."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, NotAllowed
from alliance.core.i18n import lazy_format
from alliance.core.permissions import Perm, can
from alliance.governance.actions._base import (
    ERR_EMPTY,
    ERR_NOT_CHAIR,
    ERR_NOT_SEATED,
    _can_chair,
)
from alliance.governance.actions.conflicts import _flag_conflicts
from alliance.governance.models import (
    Interest,
    Meeting,
    Motion,
    MotionStatus,
)
from alliance.governance.notifications import notify
from alliance.governance.selectors import (
    rules_in_force,
)
from alliance.organisations.models import Organisation


@transaction.atomic
def meeting_schedule(
    *, actor: Any, title: str, starts_at: datetime, agenda: str, location: str = ""
) -> Meeting:
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    if not title.strip():
        raise ActionError(ERR_EMPTY, field="title")
    meeting = Meeting.objects.create(
        title=title.strip(), starts_at=starts_at, agenda=agenda, location=location, created_by=actor
    )
    audit_record(
        actor=actor,
        verb="meeting.scheduled",
        target=meeting,
        after={"title": meeting.title, "starts_at": starts_at.isoformat()},
    )
    version = rules_in_force()
    if version is not None:
        notify(
            [s.member for s in version.seats.select_related("member")],
            kind="meeting.scheduled",
            text=lazy_format(
                _("Board meeting scheduled: %(title)s on %(day)s."),
                title=meeting.title,
                day=starts_at,
            ),
            url=f"/board/meetings/{meeting.pk}/",
        )
    return meeting


@transaction.atomic
def meeting_record(*, actor: Any, meeting: Meeting, attendees: list[Any], minutes: str) -> Meeting:
    """Record attendance and minutes (recusals are appended at each motion's close)."""
    if not _can_chair(actor):
        raise NotAllowed(ERR_NOT_CHAIR)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.attendees.set(attendees)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    audit_record(
        actor=actor, verb="meeting.minuted", target=meeting, after={"attendees": len(attendees)}
    )
    return meeting


@transaction.atomic
def interest_declare(
    *, actor: Any, description: str, today: date, organisation: Organisation | None = None
) -> Interest:
    if not can(actor, Perm.VOTE):
        raise NotAllowed(ERR_NOT_SEATED)
    if not description.strip():
        raise ActionError(ERR_EMPTY, field="description")
    interest = Interest.objects.create(
        member=actor, description=description.strip(), organisation=organisation, declared_on=today
    )
    audit_record(
        actor=actor,
        verb="interest.declared",
        target=interest,
        after={"organisation": organisation.pk if organisation else None},
    )
    # Conflicts are checked when a motion opens and again whenever an interest is
    # declared, so a member cannot declare during a vote and keep voting unflagged.
    for motion in Motion.objects.filter(status=MotionStatus.OPEN):
        _flag_conflicts(motion)
    return interest


@transaction.atomic
def notification_mark_read(*, actor: Any, ids: list[int] | None = None) -> int:
    from alliance.governance.models import Notification

    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def remind_deadlines(*, today: date) -> int:
    """Remind seated members who have not voted on written resolutions due within two days."""
    told = 0
    for motion in Motion.objects.filter(
        status=MotionStatus.OPEN, deadline__gte=today, deadline__lte=today + timedelta(days=2)
    ).select_related("rules_version"):
        voted = set(motion.votes.values_list("member_id", flat=True))
        members = [
            s.member
            for s in motion.rules_version.seats.select_related("member")
            if s.member_id not in voted
        ]
        with transaction.atomic():
            told += notify(
                members,
                kind="motion.deadline",
                text=lazy_format(
                    _("Deadline %(deadline)s: vote on '%(title)s'."),
                    deadline=motion.deadline,
                    title=motion.title,
                ),
                url=f"/board/motions/{motion.pk}/",
            )
    return told
