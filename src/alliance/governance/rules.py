"""Governance rules as data: the shipped first version, validation, and the bridge to
the tally engine. A rules document is plain JSON so it can be versioned and published."""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

from alliance.core.errors import ActionError
from alliance.engines.tally import MajorityBase, MajorityKind, VotingRules

ERR_RULES = _("The rules document is not valid: {problem}")

MOTION_KINDS = (
    "admission",
    "decline",
    "suspension",
    "reinstatement",
    "termination",
    "rule_change",
    "endorsement",
    "tier_schedule",
    "recommendation_answer",
)

# Rules versions adopted before tier-schedule motions existed have no majority for
# them; such a motion then needs what a rule change needs (the schedule is a rule).
FALLBACK_KIND = {"tier_schedule": "rule_change", "recommendation_answer": "decline"}

# Version 1, as the Board adopted it at the founding meeting.
DEFAULT_RULES: dict[str, Any] = {
    "board_size": 7,
    "term_years": 3,
    "quorum_fraction": "1/2",
    "quorum_minimum": 3,
    "abstentions_count_for_quorum": True,
    "chair_has_casting_vote": True,
    "votes_public": True,
    "majorities": {
        "admission": {"majority": "simple"},
        "decline": {"majority": "simple"},
        "suspension": {"majority": "absolute"},
        "reinstatement": {"majority": "simple"},
        "termination": {"majority": "qualified", "fraction": "2/3", "base": "members"},
        "rule_change": {"majority": "qualified", "fraction": "2/3", "base": "members"},
        "endorsement": {"majority": "qualified", "fraction": "2/3", "base": "votes_cast"},
        "tier_schedule": {"majority": "qualified", "fraction": "2/3", "base": "members"},
        "recommendation_answer": {"majority": "simple"},
    },
    "notice_period_days": 14,  # notice of a meeting or a written resolution's deadline
    "response_period_days": 30,  # a partner's time to answer a suspension/termination notice
    "recommendation_answer_days": 60,  # the Board's time to answer a group's recommendation
    "group_quorum_fraction": "1/2",
    # Who rules on a conflict flag of the chair's own: "senior_member" (the seated member,
    # other than the chair, whose term started first) or a seated member's user id.
    "chair_conflict_ruled_by": "senior_member",
    # The Board answers a group's recommendation by a motion of its own kind; true
    # delegates the answer to the chair alone.
    "recommendation_answer_by_chair": False,
}

# Keys added after version 1 was adopted: a stored rules version without one reads the
# default (stored, published versions are never rewritten).
SENIOR_MEMBER = "senior_member"


def rule(rules: dict[str, Any], name: str) -> Any:
    """One rule of a stored rules document, the default for a key it predates."""
    return rules.get(name, DEFAULT_RULES[name])


def _fraction(value: Any, name: str) -> Fraction:
    try:
        fraction = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as error:
        raise ActionError(ERR_RULES.format(problem=f"{name} is not a fraction")) from error
    if not 0 < fraction <= 1:
        raise ActionError(ERR_RULES.format(problem=f"{name} must be above 0 and at most 1"))
    return fraction


def _positive_int(rules: dict[str, Any], name: str) -> None:
    value = rules.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ActionError(ERR_RULES.format(problem=f"{name} must be a whole number above 0"))


def validate_rules(document: dict[str, Any]) -> dict[str, Any]:
    """Return a complete, checked rules document (missing keys taken from the defaults)."""
    if not isinstance(document, dict):
        raise ActionError(ERR_RULES.format(problem="expected an object"))
    rules = copy.deepcopy(DEFAULT_RULES)
    unknown = set(document) - set(rules)
    if unknown:
        raise ActionError(ERR_RULES.format(problem=f"unknown keys {sorted(unknown)}"))
    given = document.get("majorities") or {}
    majorities = {**rules["majorities"], **given}
    for kind, fallback in FALLBACK_KIND.items():
        if kind not in given and fallback in given:
            majorities[kind] = given[fallback]
    rules.update(document)
    rules["majorities"] = majorities
    for name in (
        "board_size",
        "term_years",
        "notice_period_days",
        "response_period_days",
        "recommendation_answer_days",
    ):
        _positive_int(rules, name)
    if not isinstance(rules["quorum_minimum"], int) or rules["quorum_minimum"] < 0:
        raise ActionError(ERR_RULES.format(problem="quorum_minimum must be 0 or more"))
    _fraction(rules["quorum_fraction"], "quorum_fraction")
    _fraction(rules["group_quorum_fraction"], "group_quorum_fraction")
    for flag in (
        "abstentions_count_for_quorum",
        "chair_has_casting_vote",
        "votes_public",
        "recommendation_answer_by_chair",
    ):
        if not isinstance(rules[flag], bool):
            raise ActionError(ERR_RULES.format(problem=f"{flag} must be true or false"))
    ruled_by = rules["chair_conflict_ruled_by"]
    if ruled_by != SENIOR_MEMBER and (not isinstance(ruled_by, int) or isinstance(ruled_by, bool)):
        raise ActionError(
            ERR_RULES.format(
                problem='chair_conflict_ruled_by must be "senior_member" or a member\'s id'
            )
        )
    for kind in MOTION_KINDS:
        spec = majorities.get(kind)
        if not isinstance(spec, dict) or spec.get("majority") not in set(MajorityKind):
            raise ActionError(ERR_RULES.format(problem=f"majority for {kind} is missing"))
        if spec["majority"] == MajorityKind.QUALIFIED:
            _fraction(spec.get("fraction"), f"fraction for {kind}")
            if spec.get("base") not in set(MajorityBase):
                raise ActionError(ERR_RULES.format(problem=f"base for {kind} is missing"))
    return rules


def majority_spec(rules: dict[str, Any], kind: str) -> dict[str, Any]:
    """The majority a kind of motion needs under these rules (with the fallback above for
    rules versions stored before the kind existed)."""
    majorities = rules["majorities"]
    if kind not in majorities and kind in FALLBACK_KIND:
        return dict(majorities[FALLBACK_KIND[kind]])
    return dict(majorities[kind])


def voting_rules(rules: dict[str, Any], kind: str) -> VotingRules:
    """The tally engine's rules for one kind of motion under this rules document."""
    spec = majority_spec(rules, kind)
    qualified = spec["majority"] == MajorityKind.QUALIFIED
    return VotingRules(
        quorum_fraction=Fraction(rules["quorum_fraction"]),
        quorum_minimum=int(rules["quorum_minimum"]),
        majority=MajorityKind(spec["majority"]),
        qualified_fraction=Fraction(spec["fraction"]) if qualified else Fraction(2, 3),
        qualified_base=MajorityBase(spec["base"]) if qualified else MajorityBase.VOTES_CAST,
        abstentions_count_for_quorum=bool(rules["abstentions_count_for_quorum"]),
        chair_has_casting_vote=bool(rules["chair_has_casting_vote"]),
    )


def group_voting_rules(rules: dict[str, Any]) -> VotingRules:
    """A group adopts a recommendation by simple majority with its own quorum."""
    return VotingRules(
        quorum_fraction=Fraction(rules["group_quorum_fraction"]),
        quorum_minimum=1,
        majority=MajorityKind.SIMPLE,
        chair_has_casting_vote=True,
    )


def describe_majority(spec: dict[str, Any]) -> str:
    if spec["majority"] == MajorityKind.QUALIFIED:
        text = (
            _("at least %(fraction)s of the votes cast")
            if spec["base"] == MajorityBase.VOTES_CAST
            else _("at least %(fraction)s of the seated members")
        )
        return str(text) % {"fraction": spec["fraction"]}
    if spec["majority"] == MajorityKind.ABSOLUTE:
        return str(_("more than half of the seated members"))
    return str(_("more than half of the votes cast"))
