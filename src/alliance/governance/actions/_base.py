"""Shared by the Board's actions: refusal messages (constants the tests assert on) and
who may chair."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alliance.core.permissions import Perm, can
from alliance.governance import lifecycle as admission_guard
from alliance.governance.models import (
    DecisionKind,
    MotionKind,
)

ERR_NOT_BOARD = _("Only the Board chair or the secretariat can record a Board decision.")


ERR_SUBJECT = _(
    "An admission or decline decides an application, a tier schedule the whole alliance; "
    "other decisions a partnership."
)


ERR_REASON = _("A Board decision needs its reason.")


ERR_RULES_EXIST = _("The first rules version exists already; later ones need a rule-change motion.")


ERR_NO_RULES = _("No governance rules are in force yet.")


ERR_SEATS = _("Board seats need exactly one chair and at most the Board size in members.")


ERR_NOT_CHAIR = _("Only the Board chair or the secretariat can do this.")


ERR_MOTION_SUBJECT = _("This kind of motion needs its subject: {subject}.")


ERR_APPLICATION_NOT_READY = admission_guard.ERR_NOT_READY


ERR_PARTNERSHIP_STATE = _("The partnership is not in a state this motion can change.")


ERR_NEEDS_NOTICE = _("Send the partner a notice with reasons before this motion.")


ERR_RESPONSE_PERIOD = _(
    "The partner's response period has not ended and no response was received: the Board "
    "cannot decide on termination yet."
)


ERR_ALREADY_OPEN = _("A motion on this subject is already open.")


ERR_DEADLINE_OR_MEETING = _("Decide in a meeting, or give a written resolution its deadline.")


ERR_DEADLINE_TOO_SOON = _("A written resolution's deadline must respect the notice period.")


ERR_MEETING_HELD = _(
    "That meeting has already taken place: choose a coming meeting, or give a written "
    "resolution its deadline."
)


ERR_NOT_SEATED = _("Only a seated Board member can vote on this motion.")


ERR_MOTION_CLOSED = admission_guard.ERR_MOTION_CLOSED


ERR_DEADLINE_PASSED = _("The deadline for this written resolution has passed.")


ERR_RECUSED = _("You are recused from this motion.")


ERR_ANSWER_CONFLICT = _("Answer the conflict-of-interest flag (recuse or explain) before voting.")


ERR_AWAITING_RULING = _(
    "Your explanation awaits the chair's ruling: until then you count in neither quorum nor vote."
)


ERR_ALREADY_ANSWERED = _("This conflict flag has been answered already.")


ERR_EXPLAIN = _("Explain why there is no conflict.")


ERR_NOT_YOUR_CONFLICT = _("Only the member concerned can answer this conflict flag.")


ERR_NOT_YET_CLOSABLE = admission_guard.ERR_NOT_YET_CLOSABLE
ERR_MEETING_NOT_STARTED = admission_guard.ERR_MEETING_NOT_STARTED


ERR_NEUTRALITY_REQUIRED = admission_guard.ERR_NEUTRALITY_REQUIRED


ERR_NEUTRALITY_FAVOURS_ONE = admission_guard.ERR_NEUTRALITY_FAVOURS_ONE


ERR_AWAITING_NEUTRALITY = _(
    "This endorsement opens for votes only once its neutrality review is recorded."
)


ERR_NOT_ENDORSEMENT = _("A neutrality review belongs to an endorsement motion.")


ERR_NOT_REVIEWER = _(
    "Only the secretariat or a due-diligence reviewer records a neutrality review."
)


ERR_NOT_PARTNER = _("Only the partner's own contact can respond to this notice.")


ERR_ALREADY_RESPONDED = _("The response to this notice has already been given.")


ERR_EMPTY = _("This cannot be empty.")


MAX_ATTACHMENTS = 5


ERR_TOO_MANY_ATTACHMENTS = format_lazy(_("Attach at most {limit} files."), limit=MAX_ATTACHMENTS)


ERR_SCHEDULE_DATE = _("A tier schedule needs the date it takes effect, no earlier than today.")


_APPLICATION_KINDS = {DecisionKind.ADMISSION, DecisionKind.DECLINE}


_PARTNERSHIP_KINDS = {MotionKind.SUSPENSION, MotionKind.REINSTATEMENT, MotionKind.TERMINATION}


def _can_chair(actor: Any) -> bool:
    return can(actor, Perm.CHAIR_BOARD) or can(actor, Perm.RECORD_BOARD_DECISION)
