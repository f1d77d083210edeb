"""Seed version 1 of the tier schedule: the engine's default, shaped like the ID2020 model."""

from datetime import date

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from alliance.engines.tiers import default_schedule, schedule_to_dict

    version = apps.get_model("funding", "TierScheduleVersion")
    if version.objects.exists():
        return
    schedule = default_schedule()
    version.objects.create(
        number=1,
        label=schedule.version,
        schedule=schedule_to_dict(schedule),
        effective_from=date(2018, 1, 1),
        publish_individual_amounts=False,
        partnership_period_years=3,
        decision_note="Default schedule seeded at installation (docs/engines.md)",
    )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("funding", "TierScheduleVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
