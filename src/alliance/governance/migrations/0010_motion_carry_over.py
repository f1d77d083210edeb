"""Each motion kind carries only its own data (governance.motion_kinds): the existing
rows are carried over. A value a kind does not take is cleared (before, the tier-schedule
options had their defaults on every motion, and a proposed answer or tier could sit on any
kind); a row missing its kind's required data stops the migration, naming it. The
constraint that refuses such rows follows in 0011.

Its own migration, apart from 0009's column changes: PostgreSQL refuses to alter a table
in the transaction that updated its rows ("pending trigger events").

Reversible: going back puts the old defaults (not published, three years) on the rows
that have none; the cleared values meant nothing for their kind and are not restored.
"""

from django.db import migrations

# The table as it stood when this migration was written (governance.motion_kinds may
# change later; a migration keeps its own copy). Field -> its empty value.
EMPTY = {
    "application_id": None,
    "partnership_id": None,
    "notice_id": None,
    "recommendation_id": None,
    "tier": "",
    "proposed_rules": None,
    "proposed_seats": None,
    "endorsement_subject": "",
    "proposed_schedule": None,
    "schedule_effective_from": None,
    "schedule_publish_amounts": None,
    "schedule_period_years": None,
    "proposed_answer": "",
}
SCHEDULE = (
    "proposed_schedule",
    "schedule_effective_from",
    "schedule_publish_amounts",
    "schedule_period_years",
)
# Kind -> (must be set, may be set).
KIND_FIELDS = {
    "admission": (("application_id",), ("tier",)),
    "decline": (("application_id",), ()),
    "suspension": (("partnership_id", "notice_id"), ()),
    "reinstatement": (("partnership_id",), ()),
    "termination": (("partnership_id", "notice_id"), ()),
    "rule_change": (("proposed_rules",), ("proposed_seats",)),
    "endorsement": (("endorsement_subject",), ()),
    "tier_schedule": (SCHEDULE, ()),
    "recommendation_answer": (("recommendation_id", "proposed_answer"), ()),
}


def _given(field, value):  # type: ignore[no-untyped-def]
    return value is not None and value != EMPTY[field]


def carry_over(apps, schema_editor):  # type: ignore[no-untyped-def]
    Motion = apps.get_model("governance", "Motion")
    for motion in Motion.objects.all().iterator():
        required, optional = KIND_FIELDS[motion.kind]
        changed = [
            field
            for field in EMPTY
            if field not in required + optional and _given(field, getattr(motion, field))
        ]
        for field in changed:
            setattr(motion, field, EMPTY[field])
        missing = [f for f in required if not _given(f, getattr(motion, f))]
        if missing:
            raise RuntimeError(
                f"Motion #{motion.pk} ({motion.kind}) lacks {', '.join(sorted(missing))}: "
                "it cannot be carried over; correct it by hand first."
            )
        if changed:
            motion.save(update_fields=changed)


def carry_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    Motion = apps.get_model("governance", "Motion")
    Motion.objects.filter(schedule_publish_amounts__isnull=True).update(
        schedule_publish_amounts=False
    )
    Motion.objects.filter(schedule_period_years__isnull=True).update(schedule_period_years=3)


class Migration(migrations.Migration):
    dependencies = [("governance", "0009_motion_kind_fields")]

    operations = [migrations.RunPython(carry_over, carry_back)]
