"""Each motion kind carries only its own data (governance.motion_kinds): the two
tier-schedule options become nullable, empty on every other kind. The rows are carried
over in 0010, the constraint added in 0011."""

from django.db import migrations, models


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
    ]
