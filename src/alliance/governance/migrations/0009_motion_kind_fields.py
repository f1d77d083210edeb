"""Each motion kind carries only its own data (governance.motion_kinds).

The two tier-schedule options become nullable (empty on every other kind), and the
existing rows are carried over: a value a kind does not take is cleared (before this,
the schedule options had their defaults on every motion, and a proposed answer or tier
could sit on any kind). The constraint that refuses such rows follows in 0010.

Reversible: going back puts the old defaults (not published, three years) on the rows
that have none; the cleared values were meaningless for their kind and are not restored.
"""

from django.db import migrations, models

from alliance.governance.motion_kinds import EMPTY, KIND_FIELDS, is_given


def carry_over(apps, schema_editor):  # type: ignore[no-untyped-def]
    Motion = apps.get_model("governance", "Motion")
    for motion in Motion.objects.all().iterator():
        spec = KIND_FIELDS[motion.kind]
        changed = []
        for field, empty in EMPTY.items():
            attname = (
                f"{field}_id"
                if field in ("application", "partnership", "notice", "recommendation")
                else field
            )
            value = getattr(motion, attname)
            if field not in spec.allowed and is_given(field, value):
                setattr(motion, attname, empty)
                changed.append(attname)
        missing = [
            f
            for f in spec.required
            if not is_given(
                f,
                getattr(
                    motion,
                    f"{f}_id"
                    if f in ("application", "partnership", "notice", "recommendation")
                    else f,
                ),
            )
        ]
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
    dependencies = [("governance", "0008_notice_attachments")]

    operations = [
        migrations.AlterField(
            model_name="motion",
            name="schedule_period_years",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="motion",
            name="schedule_publish_amounts",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.RunPython(carry_over, carry_back),
    ]
