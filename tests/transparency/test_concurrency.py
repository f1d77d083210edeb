"""Concurrent publishers serialise on the log head: no gap, no fork (PostgreSQL row locks)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from alliance.engines.merkle import root_of, verify_checkpoint
from alliance.transparency import keys
from alliance.transparency.models import Checkpoint, LogEntry, LogHead
from alliance.transparency.services import publish_fact
from tests.concurrency import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_concurrent_publishers_append_one_consistent_tree():
    keys.current_signer()  # create the key before the threads race for it

    def publish(worker: int) -> None:
        for i in range(5):
            with transaction.atomic():
                publish_fact(
                    kind="board.decision",
                    subject=f"decision:{worker}-{i}",
                    fact={"title": f"Decision {worker}-{i}"},
                )

    errors = run_at_once([lambda w=w: publish(w) for w in range(4)])
    assert not errors, errors
    leaves = [bytes(e.leaf) for e in LogEntry.objects.order_by("index")]
    assert [e.index for e in LogEntry.objects.order_by("index")] == list(range(20))
    head = LogHead.objects.get()
    assert (head.size, bytes(head.root_hash)) == (20, root_of(leaves))
    latest = Checkpoint.objects.order_by("-id").first()
    assert verify_checkpoint(latest.note, str(keys.current_signer().verifier)).size == 20
