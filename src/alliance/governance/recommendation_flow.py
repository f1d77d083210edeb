"""The Board's answer to a working group's recommendation: a Board decision.

The answer is a motion of its own kind (``recommendation_answer``) that the Board votes
on; when it passes, the answer is recorded on the recommendation (groups'
``recommendation_answer_record``), with whether it came after its due date. Only when
the rules in force delegate the answer to the chair (``recommendation_answer_by_chair``)
does the chair record it alone. Groups sits below governance and never imports it: it
reads the Board's rules through ``groups.board_rules``, whose provider is here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alliance.core.errors import ActionError, IllegalTransition, NotAllowed
from alliance.core.permissions import Perm, can
from alliance.governance.models import Meeting, Motion
from alliance.governance.rules import DEFAULT_RULES, group_voting_rules, rule
from alliance.governance.selectors import rules_in_force
from alliance.groups import actions as groups
from alliance.groups import board_rules
from alliance.groups.models import BoardAnswer, Recommendation, RecommendationStatus

ERR_NOT_CHAIR = _("Only the Board chair answers alone, and only when the rules delegate it.")
ERR_NOT_SENT = groups.ERR_NOT_SENT
ERR_ANSWER = _("Choose the answer: accepted, accepted with changes, or declined.")
ERR_REASONS = groups.ERR_ANSWER_REASONS
ERR_NO_RECOMMENDATION = _("This kind of motion needs its subject: a recommendation.")


def provider() -> board_rules.BoardRules:
    """The Board's rules in force as groups reads them (registered at start-up)."""
    version = rules_in_force()
    rules = version.rules if version else DEFAULT_RULES
    return board_rules.BoardRules(
        group_voting=group_voting_rules(rules),
        answer_days=int(rules["recommendation_answer_days"]),
        board_members=[s.member for s in version.seats.select_related("member")] if version else [],
        answer_by_chair=bool(rule(rules, "recommendation_answer_by_chair")),
    )


def delegated_to_chair() -> bool:
    return provider().answer_by_chair


def check_answer_motion(recommendation: Recommendation | None, answer: str) -> None:
    """Preconditions of a recommendation-answer motion (``actions.motion_open``)."""
    if recommendation is None:
        raise ActionError(ERR_NO_RECOMMENDATION)
    if recommendation.status != RecommendationStatus.SENT:
        raise IllegalTransition(ERR_NOT_SENT)
    if answer not in BoardAnswer.values:
        raise ActionError(ERR_ANSWER, field="answer")


def carry_out(motion: Motion, actor: Any, today: date) -> None:
    """A passed answer motion: the answer is recorded, late or not, in this transaction."""
    assert motion.recommendation is not None
    groups.recommendation_answer_record(
        actor=actor,
        recommendation=motion.recommendation,
        answer=motion.proposed_answer,
        reasons=motion.text,
        today=today,
        motion_id=motion.pk,
    )


@transaction.atomic
def recommendation_answer(
    *,
    actor: Any,
    recommendation: Recommendation,
    answer: str,
    reasons: str,
    today: date,
    deadline: date | None = None,
    meeting: Meeting | None = None,
) -> Motion | Recommendation:
    """Answer a recommendation: by opening the Board's answer motion (the chair or the
    secretariat moves it, decided in a meeting or by written resolution), or — when the
    rules in force delegate it — the chair records the answer at once."""
    if not reasons.strip():
        raise ActionError(ERR_REASONS, field="reasons")
    if delegated_to_chair():
        if not can(actor, Perm.CHAIR_BOARD):
            raise NotAllowed(ERR_NOT_CHAIR)
        return groups.recommendation_answer_record(
            actor=actor, recommendation=recommendation, answer=answer, reasons=reasons, today=today
        )
    from alliance.governance.actions import motion_open_recommendation_answer

    return motion_open_recommendation_answer(
        actor=actor,
        title=f"The Board's answer to '{recommendation.title}'"[:300],
        text=reasons,
        today=today,
        recommendation=recommendation,
        answer=answer,
        deadline=deadline,
        meeting=meeting,
    )
