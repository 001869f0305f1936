"""Reads of the territory: ATS, ambiti, periods, areas and allocations."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conciliare.territory.models import (
    ATS,
    Allocation,
    ProgrammingPeriod,
)


def ats_list() -> QuerySet[ATS]:
    return ATS.objects.prefetch_related("provinces").annotate(
        ambito_count=Count("ambiti", distinct=True)
    )


def ats_get(*, slug: str) -> ATS:
    return get_object_or_404(
        ATS.objects.select_related("region").prefetch_related("provinces", "ambiti"),
        slug=slug,
    )


def period_list() -> QuerySet[ProgrammingPeriod]:
    return ProgrammingPeriod.objects.annotate(
        area_count=Count("areas", distinct=True)
    ).order_by("-starts_on")


def period_get(*, slug: str) -> ProgrammingPeriod:
    return get_object_or_404(
        ProgrammingPeriod.objects.prefetch_related("areas"), slug=slug
    )


def period_current() -> ProgrammingPeriod | None:
    """The period in force today, else the latest one that has started."""
    today = timezone.localdate()
    current = ProgrammingPeriod.objects.filter(
        starts_on__lte=today, ends_on__gte=today
    ).first()
    if current is None:
        current = (
            ProgrammingPeriod.objects.filter(starts_on__lte=today)
            .order_by("-starts_on")
            .first()
        )
    return current


def period_latest_with_allocations() -> ProgrammingPeriod | None:
    """The most recent period whose allocation table is known."""
    return (
        ProgrammingPeriod.objects.filter(allocations__isnull=False)
        .order_by("-starts_on")
        .first()
    )


def allocation_total_for_period(*, period: ProgrammingPeriod) -> Decimal:
    total = Allocation.objects.filter(period=period).aggregate(total=Sum("amount"))
    return total["total"] or Decimal("0")


def allocation_table(*, period: ProgrammingPeriod) -> dict[str, Any]:
    """Rows per ATS with one cell per year, row totals, column totals and
    the grand total, all summed by the database."""
    years = list(
        Allocation.objects.filter(period=period)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )
    cells = (
        Allocation.objects.filter(period=period)
        .values("ats_id", "year")
        .annotate(amount=Sum("amount"))
    )
    by_ats: dict[int, dict[int, Decimal]] = {}
    for cell in cells:
        by_ats.setdefault(cell["ats_id"], {})[cell["year"]] = cell["amount"]
    row_totals = dict(
        Allocation.objects.filter(period=period)
        .values("ats_id")
        .annotate(total=Sum("amount"))
        .values_list("ats_id", "total")
    )
    column_totals = dict(
        Allocation.objects.filter(period=period)
        .values("year")
        .annotate(total=Sum("amount"))
        .values_list("year", "total")
    )
    rows = [
        {
            "ats": ats,
            "amounts": [by_ats[ats.pk].get(year) for year in years],
            "total": row_totals[ats.pk],
        }
        for ats in ATS.objects.filter(pk__in=by_ats).order_by("code")
    ]
    return {
        "years": years,
        "rows": rows,
        "column_totals": [column_totals[year] for year in years],
        "grand_total": allocation_total_for_period(period=period),
    }
