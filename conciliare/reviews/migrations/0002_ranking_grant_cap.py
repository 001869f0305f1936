from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="rankingentry",
            name="grant_cap",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text=(
                    "Importo a cui il contributo è stato ridotto con uno scorrimento: "
                    "da allora è il massimo assegnabile alla domanda."
                ),
                max_digits=12,
                null=True,
                verbose_name="contributo ridotto (EUR)",
            ),
        ),
        migrations.AddConstraint(
            model_name="rankingentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("grant_cap__isnull", True),
                    models.Q(
                        ("grant_cap__gt", 0),
                        ("grant_cap__lt", models.F("grant_requested")),
                    ),
                    _connector="OR",
                ),
                name="reviews_entry_cap_below_request",
            ),
        ),
    ]
