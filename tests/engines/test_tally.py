"""The Board tally: table tests for the edges, and property tests against a brute force."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.engines.tally import (
    Choice,
    MajorityBase,
    MajorityKind,
    Outcome,
    VotingRules,
    latest_votes,
    tally,
)

F, A, X = Choice.FOR, Choice.AGAINST, Choice.ABSTAIN


def board(n: int) -> frozenset[str]:
    return frozenset(f"m{i}" for i in range(n))


def votes_of(*choices: Choice) -> dict[str, Choice]:
    return {f"m{i}": c for i, c in enumerate(choices)}


# --- table tests -----------------------------------------------------------------------


def test_simple_majority_passes_and_fails() -> None:
    rules = VotingRules()
    result = tally(rules, board(5), frozenset(), votes_of(F, F, F, A, A), None, closed=True)
    assert result.outcome is Outcome.PASSED
    assert (result.votes_for, result.votes_against, result.abstentions) == (3, 2, 0)
    assert result.votes_needed == 3
    result = tally(rules, board(5), frozenset(), votes_of(F, F, A, A, A), None, closed=True)
    assert result.outcome is Outcome.FAILED


def test_tie_without_casting_vote_fails() -> None:
    rules = VotingRules(chair_has_casting_vote=False)
    result = tally(rules, board(4), frozenset(), votes_of(F, F, A, A), "m0", closed=True)
    assert result.outcome is Outcome.FAILED
    assert not result.casting_vote_used
    assert any("no casting vote" in step for step in result.reasoning)


@pytest.mark.parametrize(
    ("chair_vote", "outcome"),
    [(F, Outcome.PASSED), (A, Outcome.FAILED)],
)
def test_tie_broken_by_chairs_casting_vote(chair_vote: Choice, outcome: Outcome) -> None:
    other = A if chair_vote is F else F
    votes = {"m0": chair_vote, "m1": chair_vote, "m2": other, "m3": other}
    result = tally(VotingRules(), board(4), frozenset(), votes, "m0", closed=True)
    assert result.outcome is outcome
    assert result.casting_vote_used


def test_casting_vote_not_used_when_chair_abstained_or_recused() -> None:
    votes = {"m0": X, "m1": F, "m2": A}
    result = tally(VotingRules(), board(3), frozenset(), votes, "m0", closed=True)
    assert result.outcome is Outcome.FAILED and not result.casting_vote_used
    votes = {"m0": F, "m1": F, "m2": A, "m3": A, "m4": F}
    result = tally(VotingRules(), board(5), frozenset({"m4"}), votes, "m4", closed=True)
    assert result.outcome is Outcome.FAILED and not result.casting_vote_used
    assert "m4" in result.ignored_votes


def test_casting_vote_not_used_without_quorum() -> None:
    rules = VotingRules(quorum_minimum=3)
    result = tally(rules, board(4), frozenset(), votes_of(F, A), "m0", closed=True)
    assert result.outcome is Outcome.NO_QUORUM and not result.casting_vote_used


def test_casting_vote_only_on_exact_tie() -> None:
    result = tally(VotingRules(), board(5), frozenset(), votes_of(A, F, F, A, F), "m0", True)
    assert result.outcome is Outcome.PASSED and not result.casting_vote_used


def test_no_casting_vote_on_qualified_majority() -> None:
    rules = VotingRules(majority=MajorityKind.QUALIFIED, qualified_fraction=Fraction(1, 2))
    # Qualified "at least half" is met by a tie; nothing to break.
    result = tally(rules, board(4), frozenset(), votes_of(F, F, A, A), "m0", closed=True)
    assert result.outcome is Outcome.PASSED and not result.casting_vote_used


@pytest.mark.parametrize(
    ("present", "outcome"),
    [(5, Outcome.PASSED), (4, Outcome.NO_QUORUM)],
)
def test_quorum_exactly_at_boundary(present: int, outcome: Outcome) -> None:
    # Half of ten seats: five present is exactly enough, four is not.
    rules = VotingRules(quorum_fraction=Fraction(1, 2), quorum_minimum=0)
    result = tally(rules, board(10), frozenset(), votes_of(*[F] * present), None, closed=True)
    assert result.quorum_needed == 5
    assert result.quorum_present == present
    assert result.outcome is outcome


def test_quorum_fraction_rounds_up_and_minimum_applies() -> None:
    rules = VotingRules(quorum_fraction=Fraction(2, 3), quorum_minimum=0)
    assert tally(rules, board(7), frozenset(), {}, None, True).quorum_needed == 5  # 14/3 -> 5
    rules = VotingRules(quorum_fraction=Fraction(1, 10), quorum_minimum=4)
    assert tally(rules, board(7), frozenset(), {}, None, True).quorum_needed == 4


def test_quorum_larger_than_seats_cannot_be_met() -> None:
    rules = VotingRules(quorum_fraction=Fraction(0), quorum_minimum=6)
    result = tally(rules, board(5), frozenset(), votes_of(F, F, F, F, F), None, closed=True)
    assert result.outcome is Outcome.NO_QUORUM


def test_recusal_removes_member_from_quorum_and_vote() -> None:
    # Four seats once m3 recuses; quorum of half is 2; m3's vote is ignored.
    votes = {"m0": F, "m1": A, "m2": F, "m3": A}
    result = tally(VotingRules(), board(5), frozenset({"m3"}), votes, None, closed=True)
    assert result.seats == 4
    assert result.votes_against == 1
    assert result.quorum_present == 3
    assert result.ignored_votes == ("m3",)
    assert any("m3 set aside: recused" in step for step in result.reasoning)
    assert result.outcome is Outcome.PASSED


def test_everyone_recused_is_no_quorum() -> None:
    members = board(3)
    result = tally(VotingRules(), members, members, votes_of(F, F, F), "m0", closed=True)
    assert result.seats == 0
    assert result.outcome is Outcome.NO_QUORUM
    assert len(result.ignored_votes) == 3


def test_vote_from_non_member_is_ignored() -> None:
    votes = {"m0": F, "intruder": A}
    result = tally(VotingRules(), board(1), frozenset(), votes, None, closed=True)
    assert result.ignored_votes == ("intruder",)
    assert result.outcome is Outcome.PASSED


def test_abstentions_count_for_quorum_by_default_but_can_be_excluded() -> None:
    votes = votes_of(F, X, X, X)
    result = tally(VotingRules(), board(6), frozenset(), votes, None, closed=True)
    assert result.quorum_present == 4 and result.outcome is Outcome.PASSED
    rules = VotingRules(abstentions_count_for_quorum=False)
    result = tally(rules, board(6), frozenset(), votes, None, closed=True)
    assert result.quorum_present == 1 and result.outcome is Outcome.NO_QUORUM


def test_abstentions_in_denominator_can_defeat_a_simple_majority() -> None:
    votes = votes_of(F, F, A, X, X)
    assert tally(VotingRules(), board(5), frozenset(), votes, None, True).outcome is Outcome.PASSED
    rules = VotingRules(abstentions_in_denominator=True)
    result = tally(rules, board(5), frozenset(), votes, None, closed=True)
    assert result.majority_base == 5 and result.outcome is Outcome.FAILED


def test_absolute_majority_counts_seats_not_votes() -> None:
    rules = VotingRules(majority=MajorityKind.ABSOLUTE)
    # 3 for of 7 seats is a majority of votes cast but not of members.
    result = tally(rules, board(7), frozenset(), votes_of(F, F, F, A, X), None, closed=True)
    assert result.votes_needed == 4 and result.outcome is Outcome.FAILED
    result = tally(rules, board(7), frozenset(), votes_of(F, F, F, F), None, closed=True)
    assert result.outcome is Outcome.PASSED


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "outcome"),
    [(6, 3, Outcome.PASSED), (5, 3, Outcome.FAILED), (4, 2, Outcome.PASSED)],
)
def test_two_thirds_of_votes_cast(votes_for: int, votes_against: int, outcome: Outcome) -> None:
    rules = VotingRules(majority=MajorityKind.QUALIFIED, qualified_fraction=Fraction(2, 3))
    votes = votes_of(*([F] * votes_for + [A] * votes_against))
    result = tally(rules, board(12), frozenset(), votes, None, closed=True)
    assert result.outcome is outcome


def test_two_thirds_of_members() -> None:
    rules = VotingRules(
        majority=MajorityKind.QUALIFIED,
        qualified_fraction=Fraction(2, 3),
        qualified_base=MajorityBase.MEMBERS,
    )
    result = tally(rules, board(9), frozenset(), votes_of(*[F] * 5), None, closed=True)
    assert result.votes_needed == 6 and result.outcome is Outcome.FAILED
    result = tally(rules, board(9), frozenset(), votes_of(*[F] * 6), None, closed=True)
    assert result.outcome is Outcome.PASSED


def test_open_motion_reports_provisional_counts() -> None:
    result = tally(VotingRules(), board(3), frozenset(), votes_of(F, F), None, closed=False)
    assert result.outcome is Outcome.OPEN
    assert result.votes_for == 2
    assert any("provisionally, the motion passed" in step for step in result.reasoning)


def test_last_vote_per_member_counts() -> None:
    sequence = [("m0", F), ("m1", F), ("m0", A), ("m2", A), ("m1", X)]
    votes = latest_votes(sequence)
    assert votes == {"m0": A, "m1": X, "m2": A}
    result = tally(VotingRules(), board(3), frozenset(), votes, None, closed=True)
    assert (result.votes_for, result.votes_against, result.abstentions) == (0, 2, 1)


def test_invalid_rules_are_refused() -> None:
    with pytest.raises(ValueError):
        VotingRules(quorum_fraction=Fraction(3, 2))
    with pytest.raises(ValueError):
        VotingRules(qualified_fraction=Fraction(0))


# --- property tests against a brute-force reference ------------------------------------


def reference_outcome(
    rules: VotingRules,
    members: list[str],
    recused: set[str],
    sequence: list[tuple[str, Choice]],
    chair: str | None,
    closed: bool,
) -> tuple[str, int, int, int, int, bool]:
    """Deliberately naive: replay every vote, count seat by seat, search for the quorum."""
    last: dict[str, Choice] = {}
    for member, choice in sequence:
        last[member] = choice
    seated = [m for m in members if m not in recused]
    n_for = n_against = n_abstain = 0
    for member in seated:
        if last.get(member) == Choice.FOR:
            n_for += 1
        elif last.get(member) == Choice.AGAINST:
            n_against += 1
        elif last.get(member) == Choice.ABSTAIN:
            n_abstain += 1
    quorum = 1
    while quorum < rules.quorum_minimum or Fraction(quorum) < rules.quorum_fraction * len(seated):
        quorum += 1
    present = n_for + n_against + (n_abstain if rules.abstentions_count_for_quorum else 0)
    casting = False
    if quorum > len(seated) or present < quorum:
        outcome = "no_quorum"
    else:
        by_members = rules.majority == MajorityKind.ABSOLUTE or (
            rules.majority == MajorityKind.QUALIFIED
            and rules.qualified_base == MajorityBase.MEMBERS
        )
        if by_members:
            base = len(seated)
        else:
            base = n_for + n_against + (n_abstain if rules.abstentions_in_denominator else 0)
        if rules.majority == MajorityKind.QUALIFIED:
            carried = n_for >= 1 and Fraction(n_for) >= rules.qualified_fraction * base
        else:
            carried = Fraction(n_for) > Fraction(base, 2)
            tie = base > 0 and Fraction(n_for) == Fraction(base, 2)
            chair_vote = last.get(chair) if chair in seated else None
            if tie and rules.chair_has_casting_vote and chair_vote in (Choice.FOR, Choice.AGAINST):
                casting = True
                carried = chair_vote == Choice.FOR
        outcome = "passed" if carried else "failed"
    if not closed:
        outcome = "open"
    return outcome, n_for, n_against, n_abstain, quorum, casting


fractions_01 = st.fractions(min_value=0, max_value=1, max_denominator=12)
rules_strategy = st.builds(
    VotingRules,
    quorum_fraction=fractions_01,
    quorum_minimum=st.one_of(st.integers(0, 4), st.integers(0, 16)),
    majority=st.sampled_from(list(MajorityKind)),
    qualified_fraction=st.fractions(min_value=Fraction(1, 12), max_value=1, max_denominator=12),
    qualified_base=st.sampled_from(list(MajorityBase)),
    abstentions_count_for_quorum=st.booleans(),
    abstentions_in_denominator=st.booleans(),
    chair_has_casting_vote=st.booleans(),
)


@st.composite
def motions(draw: st.DrawFn) -> tuple:
    size = draw(st.integers(1, 15))
    members = [f"m{i}" for i in range(size)]
    recused = draw(st.sets(st.sampled_from(members)))
    voters = [*members, "outsider"]
    sequence = draw(
        st.lists(st.tuples(st.sampled_from(voters), st.sampled_from(list(Choice))), max_size=40)
    )
    chair = draw(st.one_of(st.none(), st.sampled_from(members)))
    return draw(rules_strategy), members, recused, sequence, chair, draw(st.booleans())


@settings(max_examples=400, deadline=None)
@given(motions())
def test_tally_agrees_with_brute_force(motion: tuple) -> None:
    rules, members, recused, sequence, chair, closed = motion
    result = tally(
        rules,
        frozenset(members),
        frozenset(recused),
        latest_votes(sequence),
        chair,
        closed,
    )
    expected = reference_outcome(rules, members, recused, sequence, chair, closed)
    got = (
        result.outcome.value,
        result.votes_for,
        result.votes_against,
        result.abstentions,
        result.quorum_needed,
        result.casting_vote_used,
    )
    assert got == expected
    assert result.reasoning  # every result explains itself


@settings(max_examples=200, deadline=None)
@given(motions())
def test_recused_votes_never_change_the_result(motion: tuple) -> None:
    rules, members, recused, sequence, chair, closed = motion
    votes = latest_votes(sequence)
    without = {m: c for m, c in votes.items() if m not in recused}
    a = tally(rules, frozenset(members), frozenset(recused), votes, chair, closed)
    b = tally(rules, frozenset(members), frozenset(recused), without, chair, closed)
    assert (a.outcome, a.votes_for, a.votes_against, a.abstentions, a.quorum_present) == (
        b.outcome,
        b.votes_for,
        b.votes_against,
        b.abstentions,
        b.quorum_present,
    )


def test_worked_example_from_the_docs() -> None:
    # docs/engines.md: seven seats, one recused, 3-3 tie, chair voted for.
    votes = {"m0": F, "m1": F, "m2": F, "m3": A, "m4": A, "m5": A}
    result = tally(VotingRules(), board(7), frozenset({"m6"}), votes, "m0", closed=True)
    assert result.seats == 6 and result.quorum_needed == 3
    assert result.casting_vote_used and result.outcome is Outcome.PASSED
