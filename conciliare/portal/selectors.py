"""Read-only figures for the public portal, computed by the database."""

from typing import Any

from conciliare.registry.selectors import organisation_count_by_typology
from conciliare.territory.selectors import (
    allocation_total_for_period,
    ats_list,
    period_current,
    period_latest_with_allocations,
)


def home_figures() -> dict[str, Any]:
    funded = period_latest_with_allocations()
    typologies = organisation_count_by_typology()
    return {
        "ats_list": ats_list(),
        "period": period_current(),
        "funded_period": funded,
        "funded_total": allocation_total_for_period(period=funded) if funded else None,
        "organisation_total": sum(row["count"] for row in typologies),
    }
