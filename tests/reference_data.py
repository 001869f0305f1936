"""The reference data every test relies on."""


def load_reference_data() -> None:
    """The Lombardy reference data of territory/0002 (idempotent loader)."""
    import importlib

    from django.apps import apps

    from conciliare.territory.models import Comune

    if not Comune.objects.exists():
        migration = "conciliare.territory.migrations.0002_lombardy_reference_data"
        importlib.import_module(migration).load(apps, None)
        migration = "conciliare.territory.migrations.0003_period_activities_end_by"
        importlib.import_module(migration).load(apps, None)

    from conciliare.partnerships.models import CompositionRules

    if not CompositionRules.objects.exists():
        migration = (
            "conciliare.partnerships.migrations.0002_composition_rules_of_the_periods"
        )
        importlib.import_module(migration).create_rules(apps, None)
