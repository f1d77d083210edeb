from django.db import migrations, models


def create_singleton(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("credentials", "IssuerState").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("credentials", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="IssuerState",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(create_singleton, migrations.RunPython.noop),
    ]
