"""Board writes: rules versions, meetings, interests and conflicts, motions, votes,
due-process notices, neutrality reviews and the recorded decisions they produce.

Every action takes the acting user, runs in one transaction, writes its audit event
and, for public facts, its log entry. Refusals raise ActionError with a constant of
``_base``, re-exported here.

The actions live in one module per concept; every public name is importable from
``alliance.governance.actions`` as before."""

from __future__ import annotations

from alliance.governance.actions._base import (  # noqa: F401 - re-exported
    _APPLICATION_KINDS,
    _PARTNERSHIP_KINDS,
    ERR_ALREADY_ANSWERED,
    ERR_ALREADY_OPEN,
    ERR_ALREADY_RESPONDED,
    ERR_ANSWER_CONFLICT,
    ERR_APPLICATION_NOT_READY,
    ERR_AWAITING_NEUTRALITY,
    ERR_AWAITING_RULING,
    ERR_DEADLINE_OR_MEETING,
    ERR_DEADLINE_PASSED,
    ERR_DEADLINE_TOO_SOON,
    ERR_EMPTY,
    ERR_EXPLAIN,
    ERR_MOTION_CLOSED,
    ERR_MOTION_SUBJECT,
    ERR_NEEDS_NOTICE,
    ERR_NEUTRALITY_FAVOURS_ONE,
    ERR_NEUTRALITY_REQUIRED,
    ERR_NO_RULES,
    ERR_NOT_BOARD,
    ERR_NOT_CHAIR,
    ERR_NOT_ENDORSEMENT,
    ERR_NOT_PARTNER,
    ERR_NOT_REVIEWER,
    ERR_NOT_SEATED,
    ERR_NOT_YET_CLOSABLE,
    ERR_NOT_YOUR_CONFLICT,
    ERR_PARTNERSHIP_STATE,
    ERR_REASON,
    ERR_RECUSED,
    ERR_RESPONSE_PERIOD,
    ERR_RULES_EXIST,
    ERR_SCHEDULE_DATE,
    ERR_SEATS,
    ERR_SUBJECT,
    ERR_TOO_MANY_ATTACHMENTS,
    MAX_ATTACHMENTS,
    _can_chair,
)
from alliance.governance.actions.conflicts import (
    conflict_declare,
    conflict_resolve,
)
from alliance.governance.actions.meetings import (
    interest_declare,
    meeting_record,
    meeting_schedule,
    notification_mark_read,
    remind_deadlines,
)
from alliance.governance.actions.motions import (
    board_decision_record,
    motion_close,
    motion_open,
)
from alliance.governance.actions.neutrality import (
    neutrality_review_record,
    suggested_beneficiaries,
)
from alliance.governance.actions.notices import (
    notice_respond,
    notice_send,
)
from alliance.governance.actions.rules import (
    rules_seed_first,
    seat_spec,
)
from alliance.governance.actions.votes import (
    ready_for_votes,
    vote_cast,
)

__all__ = [
    "ERR_ALREADY_ANSWERED",
    "ERR_ALREADY_OPEN",
    "ERR_ALREADY_RESPONDED",
    "ERR_ANSWER_CONFLICT",
    "ERR_APPLICATION_NOT_READY",
    "ERR_AWAITING_NEUTRALITY",
    "ERR_AWAITING_RULING",
    "ERR_DEADLINE_OR_MEETING",
    "ERR_DEADLINE_PASSED",
    "ERR_DEADLINE_TOO_SOON",
    "ERR_EMPTY",
    "ERR_EXPLAIN",
    "ERR_MOTION_CLOSED",
    "ERR_MOTION_SUBJECT",
    "ERR_NEEDS_NOTICE",
    "ERR_NEUTRALITY_FAVOURS_ONE",
    "ERR_NEUTRALITY_REQUIRED",
    "ERR_NOT_BOARD",
    "ERR_NOT_CHAIR",
    "ERR_NOT_ENDORSEMENT",
    "ERR_NOT_PARTNER",
    "ERR_NOT_REVIEWER",
    "ERR_NOT_SEATED",
    "ERR_NOT_YET_CLOSABLE",
    "ERR_NOT_YOUR_CONFLICT",
    "ERR_NO_RULES",
    "ERR_PARTNERSHIP_STATE",
    "ERR_REASON",
    "ERR_RECUSED",
    "ERR_RESPONSE_PERIOD",
    "ERR_RULES_EXIST",
    "ERR_SCHEDULE_DATE",
    "ERR_SEATS",
    "ERR_SUBJECT",
    "ERR_TOO_MANY_ATTACHMENTS",
    "MAX_ATTACHMENTS",
    "board_decision_record",
    "conflict_declare",
    "conflict_resolve",
    "interest_declare",
    "meeting_record",
    "meeting_schedule",
    "motion_close",
    "motion_open",
    "neutrality_review_record",
    "notice_respond",
    "notice_send",
    "notification_mark_read",
    "ready_for_votes",
    "remind_deadlines",
    "rules_seed_first",
    "seat_spec",
    "suggested_beneficiaries",
    "vote_cast",
]
