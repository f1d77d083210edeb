"""Rulings on conflict-of-interest flags.

A flag (raised by the system or by the member's declared interest) is resolved by a
ruling, not by the member: the member recuses, or explains why there is no conflict,
and then the **chair** accepts the explanation (the flag is cleared and the member takes
part) or rejects it (the member is recused and any vote of theirs removed). For a flag
on the chair, the member named by the motion's rules version (``chair_conflict_ruled_by``:
"senior_member", the seated member whose term started first, or a member's id) rules.
Nobody rules on their own flag. Until ruled, the member counts in neither quorum nor
vote (``selectors.excluded_member_ids``). Each ruling is written into the meeting's
minutes (for a meeting motion), kept on the conflict (shown on the motion page and in
the closed motion's result), audited, and told to the member.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.audit import audit_record
from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.i18n import lazy_format
from alliance.governance.models import BoardSeat, Conflict, ConflictStatus, MotionStatus, Vote
from alliance.governance.notifications import notify
from alliance.governance.outcomes import minute_line
from alliance.governance.rules import SENIOR_MEMBER, rule

ERR_NOT_RULER = _(
    "Only the chair rules on this conflict flag (for the chair's own, the member the rules name)."
)
ERR_OWN_FLAG = _("Nobody rules on their own conflict flag.")
ERR_NOTHING_TO_RULE = _("This flag has no explanation awaiting a ruling.")
ERR_RULING_REASON = _("Give the reason for the ruling.")
ERR_NO_RULER = _("The rules in force name no seated member to rule on the chair's flag.")
ERR_MOTION_CLOSED = _("Voting on this motion has closed.")


def _seats(conflict: Conflict) -> list[BoardSeat]:
    return list(conflict.motion.rules_version.seats.select_related("member"))


def ruler_of(conflict: Conflict) -> Any | None:
    """The member who rules on this flag under the motion's rules version."""
    seats = _seats(conflict)
    chair = next((s for s in seats if s.is_chair), None)
    if chair is None:
        return None
    if chair.member_id != conflict.member_id:
        return chair.member
    named = rule(conflict.motion.rules_version.rules, "chair_conflict_ruled_by")
    others = [s for s in seats if not s.is_chair]
    if named == SENIOR_MEMBER:
        others.sort(key=lambda s: (s.term_starts, s.pk))
        return others[0].member if others else None
    return next((s.member for s in others if s.member_id == named), None)


def can_rule(actor: Any, conflict: Conflict) -> bool:
    """Whether ``actor`` may rule on this flag now."""
    if conflict.motion.status != MotionStatus.OPEN:
        return False
    if conflict.status not in (ConflictStatus.FLAGGED, ConflictStatus.EXPLAINED):
        return False
    ruler = ruler_of(conflict)
    return ruler is not None and ruler.pk == getattr(actor, "pk", None)


@transaction.atomic
def conflict_rule(*, actor: Any, conflict: Conflict, accepted: bool, reason: str) -> Conflict:
    """Accept the member's explanation (cleared: they take part) or reject it (recused:
    out of quorum and vote, their vote removed). See the module docstring for who rules."""
    conflict = (
        Conflict.objects.select_for_update(of=("self",))
        .select_related("motion__rules_version", "member")
        .get(pk=conflict.pk)
    )
    if conflict.motion.status != MotionStatus.OPEN:
        raise IllegalTransition(ERR_MOTION_CLOSED)
    if conflict.member_id == getattr(actor, "pk", None):
        raise NotAllowed(ERR_OWN_FLAG)
    ruler = ruler_of(conflict)
    if ruler is None:
        raise ActionError(ERR_NO_RULER)
    if ruler.pk != getattr(actor, "pk", None):
        raise NotAllowed(ERR_NOT_RULER)
    if conflict.status not in (ConflictStatus.FLAGGED, ConflictStatus.EXPLAINED) or (
        accepted and conflict.status != ConflictStatus.EXPLAINED
    ):
        raise IllegalTransition(ERR_NOTHING_TO_RULE)
    if not reason.strip():
        raise ActionError(ERR_RULING_REASON, field="reason")
    before = conflict.status
    conflict.status = ConflictStatus.CLEARED if accepted else ConflictStatus.RECUSED
    conflict.ruling_accepted = accepted
    conflict.ruling_reason = reason.strip()
    conflict.ruled_by = actor
    conflict.ruled_at = timezone.now()
    conflict.resolved_at = conflict.ruled_at
    conflict.save(
        update_fields=[
            "status",
            "ruling_accepted",
            "ruling_reason",
            "ruled_by",
            "ruled_at",
            "resolved_at",
        ]
    )
    if not accepted:
        Vote.objects.filter(motion=conflict.motion, member=conflict.member).delete()
    motion = conflict.motion
    verdict = "accepted" if accepted else "rejected; the member is recused"
    minute_line(
        motion,
        f"Motion #{motion.pk} ({motion.title}): {actor.display_name} ruled on the conflict "
        f"flag of {conflict.member.display_name}: explanation {verdict}. Reason: "
        f"{conflict.ruling_reason}",
    )
    audit_record(
        actor=actor,
        verb="conflict.ruled",
        target=conflict,
        before={"status": before},
        after={"status": conflict.status, "accepted": accepted, "motion": motion.pk},
        reason=conflict.ruling_reason,
    )
    notify(
        [conflict.member],
        kind="conflict.ruled",
        text=lazy_format(
            _("Ruling on your conflict flag on '%(title)s': explanation accepted.")
            if accepted
            else _(
                "Ruling on your conflict flag on '%(title)s': explanation rejected; "
                "you are recused."
            ),
            title=motion.title,
        ),
        url=f"/board/motions/{motion.pk}/",
    )
    return conflict


def rulings_awaiting(user: Any) -> list[Conflict]:
    """Explained flags on open motions that ``user`` is to rule on (a read)."""
    if not getattr(user, "is_authenticated", False):
        return []
    pending = Conflict.objects.filter(
        status=ConflictStatus.EXPLAINED, motion__status=MotionStatus.OPEN
    ).select_related("motion__rules_version", "member")
    return [c for c in pending if can_rule(user, c)]
