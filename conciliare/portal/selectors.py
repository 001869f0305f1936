"""Read-only figures for the public portal, computed by the database."""

from typing import Any

from conciliare.registry.selectors import organisation_count_by_typology
from conciliare.territory.selectors import (
    allocation_total_for_period,
    ats_list,
    period_current,
)


def home_figures() -> dict[str, Any]:
    period = period_current()
    typologies = organisation_count_by_typology()
    return {
        "ats_list": ats_list(),
        "period": period,
        "period_total": allocation_total_for_period(period=period) if period else None,
        "organisation_total": sum(row["count"] for row in typologies),
    }
