"""Reads of the organisation registry."""

from typing import Any

from django.db.models import Count

from conciliare.registry.models import Organisation, Typology


def organisation_count_by_typology() -> list[dict[str, Any]]:
    """One row per typology (all seven, zeros included), counted by the database."""
    counts = dict(
        Organisation.objects.values("typology")
        .annotate(count=Count("pk"))
        .values_list("typology", "count")
    )
    return [
        {"typology": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Typology.choices
    ]
