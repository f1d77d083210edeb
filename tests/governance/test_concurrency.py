"""Concurrent votes from two database connections count once each (PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from alliance.governance import actions
from alliance.governance.models import MotionKind, Vote, VoteEvent
from alliance.governance.selectors import motion_tally
from tests.concurrency import run_at_once
from tests.governance.conftest import TODAY

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _in_threads(*calls):  # type: ignore[no-untyped-def]
    errors = run_at_once(calls)
    assert not errors, errors


def test_concurrent_votes_count_once_each(board, carla, ben, members):  # type: ignore[no-untyped-def]
    motion = actions.motion_open(
        actor=carla,
        kind=MotionKind.RULE_CHANGE,
        title="Shorter terms",
        text="Two years.",
        today=TODAY,
        proposed_rules={"term_years": 2},
        deadline=TODAY + timedelta(days=14),
    )
    for _ in range(3):
        _in_threads(
            lambda: actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY),
            lambda: actions.vote_cast(actor=ben, motion=motion, choice="for", today=TODAY),
            lambda: actions.vote_cast(actor=carla, motion=motion, choice="against", today=TODAY),
            lambda: actions.vote_cast(actor=members[0], motion=motion, choice="for", today=TODAY),
        )
    assert Vote.objects.filter(motion=motion).count() == 3
    assert VoteEvent.objects.filter(motion=motion, member=ben).count() == 1
    result = motion_tally(motion)
    assert (result.votes_for, result.votes_against) == (2, 1)
