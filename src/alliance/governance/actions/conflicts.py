"""Conflict-of-interest flags: raised by the system, answered by the member (the rulings
are governance.conflict_rulings')."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.i18n import lazy_format
from alliance.governance import conflict_rulings
from alliance.governance import conflicts as conflict_rules
from alliance.governance.actions._base import (
    ERR_ALREADY_ANSWERED,
    ERR_EMPTY,
    ERR_EXPLAIN,
    ERR_MOTION_CLOSED,
    ERR_NOT_SEATED,
    ERR_NOT_YOUR_CONFLICT,
)
from alliance.governance.models import (
    Conflict,
    ConflictStatus,
    Interest,
    Motion,
    MotionStatus,
    Vote,
)
from alliance.governance.notifications import notify


def _flag_conflicts(motion: Motion) -> list[Conflict]:
    seats = list(motion.rules_version.seats.select_related("member", "organisation"))
    interests: dict[int, list[Interest]] = {}
    for interest in Interest.objects.filter(
        member_id__in=[s.member_id for s in seats], withdrawn_on__isnull=True
    ):
        interests.setdefault(interest.member_id, []).append(interest)
    flagged = []
    for seat in seats:
        reasons = conflict_rules.flags_for(motion, seat, interests.get(seat.member_id, []))
        if not reasons:
            continue
        conflict, created = Conflict.objects.get_or_create(
            motion=motion, member=seat.member, defaults={"reasons": reasons}
        )
        if not created and conflict.status != ConflictStatus.RECUSED:
            new = [r for r in reasons if r not in conflict.reasons]
            if new:  # a fresh reason re-opens a cleared flag
                conflict.reasons = conflict.reasons + new
                conflict.status = ConflictStatus.FLAGGED
                conflict.save(update_fields=["reasons", "status"])
        flagged.append(conflict)
    return flagged


@transaction.atomic
def conflict_resolve(
    *, actor: Any, conflict: Conflict, recuse: bool, explanation: str = ""
) -> Conflict:
    """The member answers a flag: recuses, or explains why there is no conflict. An
    explanation awaits the ruling (governance.conflict_rulings.conflict_rule); until then
    the member counts in neither quorum nor vote."""
    conflict = Conflict.objects.select_for_update().select_related("motion").get(pk=conflict.pk)
    if conflict.member_id != getattr(actor, "pk", None):
        raise NotAllowed(ERR_NOT_YOUR_CONFLICT)
    if conflict.motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if conflict.status not in (ConflictStatus.FLAGGED, ConflictStatus.EXPLAINED):
        raise IllegalTransition(ERR_ALREADY_ANSWERED)
    if not recuse and not explanation.strip():
        raise ActionError(ERR_EXPLAIN, field="explanation")
    before = conflict.status
    conflict.status = ConflictStatus.RECUSED if recuse else ConflictStatus.EXPLAINED
    conflict.explanation = explanation.strip()
    conflict.resolved_at = timezone.now() if recuse else None
    conflict.save(update_fields=["status", "explanation", "resolved_at"])
    # A recused member's earlier vote would be set aside by the tally; remove it outright.
    if recuse:
        Vote.objects.filter(motion=conflict.motion, member=actor).delete()
    audit_record(
        actor=actor,
        verb="conflict.resolved",
        target=conflict,
        before={"status": before},
        after={"status": conflict.status},
        reason=conflict.explanation,
    )
    if not recuse:
        ruler = conflict_rulings.ruler_of(conflict)
        notify(
            [ruler] if ruler is not None else [],
            kind="conflict.explained",
            text=lazy_format(
                _("A conflict flag on '%(title)s' awaits your ruling."),
                title=conflict.motion.title,
            ),
            url=f"/board/motions/{conflict.motion_id}/",
        )
    return conflict


@transaction.atomic
def conflict_declare(*, actor: Any, motion: Motion, reason: str) -> Conflict:
    """A member recuses of their own accord."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if not motion.rules_version.seats.filter(member=actor).exists():
        raise NotAllowed(ERR_NOT_SEATED)
    if not reason.strip():
        raise ActionError(ERR_EMPTY, field="reason")
    conflict, _created = Conflict.objects.get_or_create(motion=motion, member=actor)
    conflict.reasons = [*conflict.reasons, f"Declared by the member: {reason.strip()}"]
    conflict.status = ConflictStatus.RECUSED
    conflict.resolved_at = timezone.now()
    conflict.save()
    Vote.objects.filter(motion=motion, member=actor).delete()
    audit_record(actor=actor, verb="conflict.declared", target=conflict, reason=reason)
    return conflict
