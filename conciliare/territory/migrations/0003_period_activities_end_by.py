"""The date by which a period's projects must end: a default for its calls.

2020-2023: projects to be completed by 31/05/2023 (DOMAIN.md 2, step 12)."""

from datetime import date

from django.db import migrations, models

ACTIVITIES_END_BY = {"2020-2023": date(2023, 5, 31)}


def load(apps, schema_editor):
    ProgrammingPeriod = apps.get_model("territory", "ProgrammingPeriod")
    for slug, end_by in ACTIVITIES_END_BY.items():
        ProgrammingPeriod.objects.filter(slug=slug).update(activities_end_by=end_by)


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0002_lombardy_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="programmingperiod",
            name="activities_end_by",
            field=models.DateField(
                blank=True,
                help_text="Data entro cui i progetti devono concludersi: il valore predefinito degli avvisi del periodo.",
                null=True,
                verbose_name="termine delle attività dei progetti",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
