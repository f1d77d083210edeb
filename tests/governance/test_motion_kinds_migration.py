"""Migration 0010 carries the motions written before each kind had only its own data:
values not for the kind are cleared, the others kept; 0011's constraint then holds.
Migrating back restores the old defaults."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("governance", "0008_notice_attachments")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_rows_are_carried_over_and_back() -> None:
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        Motion = old.get_model("governance", "Motion")
        version = old.get_model("governance", "RulesVersion").objects.create(
            version=1, rules={}, adopted_on=date(2025, 1, 1)
        )
        common = {
            "title": "t",
            "text": "x",
            "rules_version": version,
            "opened_on": date(2026, 3, 2),
        }
        # Before: every motion had the schedule options' defaults; strays of other kinds.
        endorsement = Motion.objects.create(
            kind="endorsement", endorsement_subject="Open wallets", proposed_answer="accepted",
            **common,
        )  # fmt: skip
        rules = Motion.objects.create(
            kind="rule_change", proposed_rules={"quorum_minimum": 4}, tier="Partner", **common
        )
        schedule = Motion.objects.create(
            kind="tier_schedule", proposed_schedule={"version": "2027"},
            schedule_effective_from=date(2027, 1, 1), schedule_publish_amounts=True,
            schedule_period_years=4, **common,
        )  # fmt: skip
        assert endorsement.schedule_period_years == 3

        new = _migrate(leaves)
        Motion = new.get_model("governance", "Motion")
        endorsement = Motion.objects.get(pk=endorsement.pk)
        assert endorsement.endorsement_subject == "Open wallets"
        assert endorsement.proposed_answer == ""
        assert endorsement.schedule_period_years is None
        assert endorsement.schedule_publish_amounts is None
        rules = Motion.objects.get(pk=rules.pk)
        assert rules.tier == "" and rules.proposed_rules == {"quorum_minimum": 4}
        schedule = Motion.objects.get(pk=schedule.pk)
        assert (schedule.schedule_period_years, schedule.schedule_publish_amounts) == (4, True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Motion.objects.filter(pk=rules.pk).update(tier="Partner")

        back = _migrate(BEFORE)
        Motion = back.get_model("governance", "Motion")
        endorsement = Motion.objects.get(pk=endorsement.pk)
        assert (endorsement.schedule_period_years, endorsement.schedule_publish_amounts) == (
            3,
            False,
        )
        assert Motion.objects.get(pk=schedule.pk).schedule_period_years == 4
    finally:
        _migrate(leaves)
