"""The tally's reasoning (``engines.tally``, English) in the reader's language: each
sentence form the engine writes, and its msgid (see ``core.reasoning``)."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from alliance.core.reasoning import Form, shown

_NO_TIE = "a tie does not carry the motion."
# A member's name (a display name, which may be anything) is shown as written.
_NAME = frozenset({"name"})

MAJORITY_FORMS = (
    Form(
        "simple majority (more than half of the votes cast)",
        _("simple majority (more than half of the votes cast)"),
    ),
    Form(
        "absolute majority (more than half of the seated, non-recused members)",
        _("absolute majority (more than half of the seated, non-recused members)"),
    ),
    Form(
        "qualified majority (at least {fraction} of the votes cast)",
        _("qualified majority (at least %(fraction)s of the votes cast)"),
    ),
    Form(
        "qualified majority (at least {fraction} of the members)",
        _("qualified majority (at least %(fraction)s of the members)"),
    ),
)

BASE_FORMS = (
    Form("{base} (votes for and against)", _("%(base)s (votes for and against)")),
    Form(
        "{base} (votes for and against plus abstentions)",
        _("%(base)s (votes for and against plus abstentions)"),
    ),
    Form("{seats} seat(s)", _("%(seats)s seat(s)")),
)

_QUORUM = (
    "Quorum: {needed} needed (the larger of {fraction} of {seats} seat(s), rounded up, "
    "and the minimum of {minimum}); {present} present (abstentions {abstentions}) — {met}."
)

TALLY_FORMS = (
    Form(
        "{eligible} eligible member(s), {recused} recused: {seats} seat(s) count for quorum "
        "and vote.",
        _(
            "%(eligible)s eligible member(s), %(recused)s recused: %(seats)s seat(s) count "
            "for quorum and vote."
        ),
    ),
    Form(
        "Vote of {name} set aside: recused (no quorum, no vote).",
        _("Vote of %(name)s set aside: recused (no quorum, no vote)."),
        as_written=_NAME,
    ),
    Form(
        "Vote of {name} set aside: not an eligible member.",
        _("Vote of %(name)s set aside: not an eligible member."),
        as_written=_NAME,
    ),
    Form(
        "Counted: {votes_for} for, {votes_against} against, {abstentions} abstain.",
        _("Counted: %(votes_for)s for, %(votes_against)s against, %(abstentions)s abstain."),
    ),
    Form(
        _QUORUM.format(
            needed="{needed}",
            fraction="{fraction}",
            seats="{seats}",
            minimum="{minimum}",
            present="{present}",
            abstentions="count",
            met="met",
        ),
        _(
            "Quorum: %(needed)s needed (the larger of %(fraction)s of %(seats)s seat(s), "
            "rounded up, and the minimum of %(minimum)s); %(present)s present (abstentions "
            "count) — met."
        ),
    ),
    Form(
        _QUORUM.format(
            needed="{needed}",
            fraction="{fraction}",
            seats="{seats}",
            minimum="{minimum}",
            present="{present}",
            abstentions="count",
            met="not met",
        ),
        _(
            "Quorum: %(needed)s needed (the larger of %(fraction)s of %(seats)s seat(s), "
            "rounded up, and the minimum of %(minimum)s); %(present)s present (abstentions "
            "count) — not met."
        ),
    ),
    Form(
        _QUORUM.format(
            needed="{needed}",
            fraction="{fraction}",
            seats="{seats}",
            minimum="{minimum}",
            present="{present}",
            abstentions="do not count",
            met="met",
        ),
        _(
            "Quorum: %(needed)s needed (the larger of %(fraction)s of %(seats)s seat(s), "
            "rounded up, and the minimum of %(minimum)s); %(present)s present (abstentions "
            "do not count) — met."
        ),
    ),
    Form(
        _QUORUM.format(
            needed="{needed}",
            fraction="{fraction}",
            seats="{seats}",
            minimum="{minimum}",
            present="{present}",
            abstentions="do not count",
            met="not met",
        ),
        _(
            "Quorum: %(needed)s needed (the larger of %(fraction)s of %(seats)s seat(s), "
            "rounded up, and the minimum of %(minimum)s); %(present)s present (abstentions "
            "do not count) — not met."
        ),
    ),
    Form(
        "Majority: {majority}; measured on {base}: {needed} vote(s) for needed, {given} given.",
        _(
            "Majority: %(majority)s; measured on %(base)s: %(needed)s vote(s) for needed, "
            "%(given)s given."
        ),
        {
            "majority": partial(shown, forms=MAJORITY_FORMS),
            "base": partial(shown, forms=BASE_FORMS),
        },
    ),
    Form(
        "Exact tie: {votes_for} for is exactly half of {base}.",
        _("Exact tie: %(votes_for)s for is exactly half of %(base)s."),
    ),
    Form(
        "The rules give no casting vote: " + _NO_TIE,
        _("The rules give no casting vote: a tie does not carry the motion."),
    ),
    Form(
        "No casting member is named: " + _NO_TIE,
        _("No casting member is named: a tie does not carry the motion."),
    ),
    Form(
        "The casting member {name} is recused or not eligible: no casting vote; " + _NO_TIE,
        _(
            "The casting member %(name)s is recused or not eligible: no casting vote; a tie "
            "does not carry the motion."
        ),
        as_written=_NAME,
    ),
    Form(
        "Casting vote of {name} used: for, so the motion passes.",
        _("Casting vote of %(name)s used: for, so the motion passes."),
        as_written=_NAME,
    ),
    Form(
        "Casting vote of {name} used: against, so the motion fails.",
        _("Casting vote of %(name)s used: against, so the motion fails."),
        as_written=_NAME,
    ),
    Form(
        "The casting member {name} did not vote for or against: no casting vote; " + _NO_TIE,
        _(
            "The casting member %(name)s did not vote for or against: no casting vote; a tie "
            "does not carry the motion."
        ),
        as_written=_NAME,
    ),
    Form(
        "Voting is open: provisionally, the motion passed.",
        _("Voting is open: provisionally, the motion passed."),
    ),
    Form(
        "Voting is open: provisionally, the motion failed.",
        _("Voting is open: provisionally, the motion failed."),
    ),
    Form(
        "Voting is open: provisionally, the motion failed for want of a quorum.",
        _("Voting is open: provisionally, the motion failed for want of a quorum."),
    ),
    Form("Voting closed: the motion passed.", _("Voting closed: the motion passed.")),
    Form("Voting closed: the motion failed.", _("Voting closed: the motion failed.")),
    Form(
        "Voting closed: the motion failed for want of a quorum.",
        _("Voting closed: the motion failed for want of a quorum."),
    ),
)


def tally_step_shown(step: str) -> str:
    """One step of a tally's reasoning in the active language (as written if unknown)."""
    return shown(step, TALLY_FORMS)
