"""The Board's vote tally: a pure function of the rules in force and the votes recorded.

The rule, in words (docs/engines.md, "Vote tally", says the same for the Board):

1. Seats are the eligible members minus the recused ones. A recused member counts for
   neither quorum nor vote; if they voted anyway, the vote is set aside and the
   reasoning says so. Votes from people who are not eligible are set aside too.
2. Quorum needed = the larger of ``quorum_fraction`` x seats (rounded up) and
   ``quorum_minimum``, and never less than one. Members present = those who voted
   for or against, plus abstainers when abstentions count toward quorum. A quorum
   larger than the seats cannot be met.
3. The majority: *simple* = more than half of the votes cast; *absolute* = more than
   half of the seats; *qualified* = at least ``qualified_fraction`` of the votes cast or
   of the seats. Abstentions are left out of "votes cast" unless the rules put them in.
4. An exact tie on a "more than half" majority is broken by the casting member (the
   chair), if the rules give a casting vote and the chair voted for or against: the
   chair's casting vote goes the same way. No casting vote on a qualified majority.
5. While the motion is open the result is ``open`` with provisional counts.

Only the last vote of each member counts; ``latest_votes`` folds a vote sequence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class MajorityKind(StrEnum):
    SIMPLE = "simple"  # more than half of the votes cast
    ABSOLUTE = "absolute"  # more than half of the seated, non-recused members
    QUALIFIED = "qualified"  # at least qualified_fraction of votes cast or of members


class MajorityBase(StrEnum):
    VOTES_CAST = "votes_cast"
    MEMBERS = "members"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NO_QUORUM = "no_quorum"
    OPEN = "open"


OUTCOME_WORDS = {
    Outcome.PASSED: "passed",
    Outcome.FAILED: "failed",
    Outcome.NO_QUORUM: "failed for want of a quorum",
    Outcome.OPEN: "is still open",
}


@dataclass(frozen=True, slots=True)
class VotingRules:
    """The part of a governance-rules version that decides one kind of motion."""

    quorum_fraction: Fraction = Fraction(1, 2)
    quorum_minimum: int = 1
    majority: MajorityKind = MajorityKind.SIMPLE
    qualified_fraction: Fraction = Fraction(2, 3)
    qualified_base: MajorityBase = MajorityBase.VOTES_CAST
    abstentions_count_for_quorum: bool = True
    abstentions_in_denominator: bool = False
    chair_has_casting_vote: bool = True

    def __post_init__(self) -> None:
        if not 0 <= self.quorum_fraction <= 1:
            raise ValueError("quorum_fraction must be between 0 and 1")
        if self.quorum_minimum < 0:
            raise ValueError("quorum_minimum must not be negative")
        if not 0 < self.qualified_fraction <= 1:
            raise ValueError("qualified_fraction must be above 0 and at most 1")


@dataclass(frozen=True, slots=True)
class TallyResult:
    outcome: Outcome
    votes_for: int
    votes_against: int
    abstentions: int
    seats: int  # eligible members who are not recused
    quorum_needed: int
    quorum_present: int
    quorum_met: bool
    majority_base: int  # the number the majority is measured against
    votes_needed: int  # "for" votes needed to pass on this base (casting vote aside)
    casting_vote_used: bool
    ignored_votes: tuple[str, ...]  # member ids whose votes were set aside
    reasoning: tuple[str, ...]


def latest_votes(sequence: Iterable[tuple[str, Choice]]) -> dict[str, Choice]:
    """Fold a chronological vote sequence into each member's last vote."""
    last: dict[str, Choice] = {}
    for member, choice in sequence:
        last[member] = Choice(choice)
    return last


def quorum_needed(rules: VotingRules, seats: int) -> int:
    return max(math.ceil(rules.quorum_fraction * seats), rules.quorum_minimum, 1)


def _votes_needed(rules: VotingRules, base: int) -> tuple[int, bool]:
    """For-votes needed on ``base``, and whether the rule is "more than half"."""
    if rules.majority is MajorityKind.QUALIFIED:
        return max(math.ceil(rules.qualified_fraction * base), 1), False
    return base // 2 + 1, True


def _describe_majority(rules: VotingRules) -> str:
    if rules.majority is MajorityKind.SIMPLE:
        return "simple majority (more than half of the votes cast)"
    if rules.majority is MajorityKind.ABSOLUTE:
        return "absolute majority (more than half of the seated, non-recused members)"
    of = "votes cast" if rules.qualified_base is MajorityBase.VOTES_CAST else "members"
    return f"qualified majority (at least {rules.qualified_fraction} of the {of})"


def tally(
    rules: VotingRules,
    eligible: frozenset[str],
    recused: frozenset[str],
    votes: Mapping[str, Choice],
    casting_member: str | None,
    closed: bool,
    names: Mapping[str, str] | None = None,
) -> TallyResult:
    """Count the votes on one motion under ``rules``; see the module docstring.
    ``names`` gives the reasoning a person's name for each member id."""
    steps: list[str] = []

    def name(member: str | None) -> str:
        return (names or {}).get(str(member), str(member))

    seated = eligible - recused
    seats = len(seated)
    steps.append(
        f"{len(eligible)} eligible member(s), {len(recused & eligible)} recused: "
        f"{seats} seat(s) count for quorum and vote."
    )

    ignored: list[str] = []
    counted: dict[str, Choice] = {}
    for member in sorted(votes):
        if member in recused:
            ignored.append(member)
            steps.append(f"Vote of {name(member)} set aside: recused (no quorum, no vote).")
        elif member not in eligible:
            ignored.append(member)
            steps.append(f"Vote of {name(member)} set aside: not an eligible member.")
        else:
            counted[member] = Choice(votes[member])
    votes_for = sum(1 for c in counted.values() if c is Choice.FOR)
    votes_against = sum(1 for c in counted.values() if c is Choice.AGAINST)
    abstentions = sum(1 for c in counted.values() if c is Choice.ABSTAIN)
    steps.append(f"Counted: {votes_for} for, {votes_against} against, {abstentions} abstain.")

    needed = quorum_needed(rules, seats)
    present = votes_for + votes_against
    if rules.abstentions_count_for_quorum:
        present += abstentions
    quorum_met = present >= needed and needed <= seats
    abst_q = "count" if rules.abstentions_count_for_quorum else "do not count"
    steps.append(
        f"Quorum: {needed} needed (the larger of {rules.quorum_fraction} of {seats} seat(s), "
        f"rounded up, and the minimum of {max(rules.quorum_minimum, 1)}); {present} present "
        f"(abstentions {abst_q}) — {'met' if quorum_met else 'not met'}."
    )

    if rules.majority is MajorityKind.ABSOLUTE or (
        rules.majority is MajorityKind.QUALIFIED and rules.qualified_base is MajorityBase.MEMBERS
    ):
        base = seats
        base_text = f"{seats} seat(s)"
    else:
        base = votes_for + votes_against
        base_text = "votes for and against"
        if rules.abstentions_in_denominator:
            base += abstentions
            base_text += " plus abstentions"
        base_text = f"{base} ({base_text})"
    votes_needed, half_rule = _votes_needed(rules, base)
    steps.append(
        f"Majority: {_describe_majority(rules)}; measured on {base_text}: "
        f"{votes_needed} vote(s) for needed, {votes_for} given."
    )

    passes = votes_for >= votes_needed
    casting_used = False
    # The casting vote only matters once a quorum is present.
    exact_tie = quorum_met and half_rule and base > 0 and 2 * votes_for == base
    if exact_tie and not passes:
        steps.append(f"Exact tie: {votes_for} for is exactly half of {base}.")
        casting_choice = counted.get(casting_member) if casting_member else None
        if not rules.chair_has_casting_vote:
            steps.append("The rules give no casting vote: a tie does not carry the motion.")
        elif casting_member is None:
            steps.append("No casting member is named: a tie does not carry the motion.")
        elif casting_member in recused or casting_member not in eligible:
            steps.append(
                f"The casting member {name(casting_member)} is recused or not eligible: no casting "
                "vote; a tie does not carry the motion."
            )
        elif casting_choice in (Choice.FOR, Choice.AGAINST):
            casting_used = True
            passes = casting_choice is Choice.FOR
            steps.append(
                f"Casting vote of {name(casting_member)} used: {casting_choice.value}, so the "
                f"motion {'passes' if passes else 'fails'}."
            )
        else:
            steps.append(
                f"The casting member {name(casting_member)} did not vote for or against: no "
                "casting vote; a tie does not carry the motion."
            )

    if not quorum_met:
        outcome = Outcome.NO_QUORUM
    elif passes:
        outcome = Outcome.PASSED
    else:
        outcome = Outcome.FAILED
    if not closed:
        steps.append(f"Voting is open: provisionally, the motion {OUTCOME_WORDS[outcome]}.")
        outcome = Outcome.OPEN
    else:
        steps.append(f"Voting closed: the motion {OUTCOME_WORDS[outcome]}.")

    return TallyResult(
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        seats=seats,
        quorum_needed=needed,
        quorum_present=present,
        quorum_met=quorum_met,
        majority_base=base,
        votes_needed=votes_needed,
        casting_vote_used=casting_used,
        ignored_votes=tuple(ignored),
        reasoning=tuple(steps),
    )
