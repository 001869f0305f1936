"""The default composition rules of each programming period.

Who may lead follows DOMAIN.md section 1 (a public lead before 2020; a public
body or a private non-profit from 2020-2023). No source fixes the minimum
composition of an alliance: each period starts from the documented example
(the 2022 regional call: at least 4 partners, 1 public body, 2 micro or small
firms) and the Region or the ATS change it as data.
"""

from django.db import migrations

PUBLIC = ["public_body", "public_ambito"]
PUBLIC_OR_NONPROFIT = [*PUBLIC, "private_nonprofit"]

LEADS = {
    "2014-2016": PUBLIC,
    "2017-2018": PUBLIC,
    "2020-2023": PUBLIC_OR_NONPROFIT,
    "2025-2027": PUBLIC_OR_NONPROFIT,
}


def create_rules(apps, schema_editor):
    ProgrammingPeriod = apps.get_model("territory", "ProgrammingPeriod")
    CompositionRules = apps.get_model("partnerships", "CompositionRules")
    for period in ProgrammingPeriod.objects.filter(slug__in=LEADS):
        CompositionRules.objects.get_or_create(
            period=period,
            defaults={
                "name": f"Regole delle alleanze {period.slug}",
                "lead_typologies": LEADS[period.slug],
                "min_partners": 4,
                "min_public_partners": 1,
                "min_small_firms": 2,
            },
        )


def delete_rules(apps, schema_editor):
    CompositionRules = apps.get_model("partnerships", "CompositionRules")
    CompositionRules.objects.filter(period__slug__in=LEADS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
        ("territory", "0002_lombardy_reference_data"),
    ]

    operations = [migrations.RunPython(create_rules, delete_rules)]
