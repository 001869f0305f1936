from decimal import Decimal

import pytest

from conciliare.territory.models import ProgrammingPeriod
from conciliare.territory.selectors import allocation_table, period_current

pytestmark = pytest.mark.django_db


def test_allocation_table_of_dgr_2398_adds_up():
    # given the allocation of DGR XI/2398 (DOMAIN.md section 4)
    period = ProgrammingPeriod.objects.get(slug="2020-2023")

    # when
    table = allocation_table(period=period)

    # then
    assert table["years"] == [2020, 2021, 2022]
    assert table["column_totals"] == [
        Decimal(799_000),
        Decimal(999_600),
        Decimal(999_600),
    ]
    assert table["grand_total"] == Decimal(2_798_200)
    milano = next(r for r in table["rows"] if r["ats"].slug == "milano")
    assert milano["amounts"] == [Decimal(276_000), Decimal(346_000), Decimal(346_000)]
    assert milano["total"] == Decimal(968_000)
    assert sum(r["total"] for r in table["rows"]) == table["grand_total"]


def test_allocation_table_of_a_period_without_allocations_is_empty():
    table = allocation_table(period=ProgrammingPeriod.objects.get(slug="2025-2027"))
    assert table["rows"] == []
    assert table["grand_total"] == 0


def test_allocation_table_query_count_is_constant(django_assert_num_queries):
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    with django_assert_num_queries(6):
        allocation_table(period=period)


def test_current_period_is_the_one_in_force_today(monkeypatch):
    from datetime import date

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2021, 6, 1))
    assert getattr(period_current(), "slug", None) == "2020-2023"
    monkeypatch.setattr(timezone, "localdate", lambda: date(2024, 6, 1))
    assert getattr(period_current(), "slug", None) == "2020-2023"  # the latest started
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 11, 23))
    assert getattr(period_current(), "slug", None) == "2025-2027"
