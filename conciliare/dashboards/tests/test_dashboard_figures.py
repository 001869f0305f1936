"""The figures per ATS and per period, computed by the database: exact to
the cent, drafts committing nothing, an ATS's officer's filter, and a
constant number of queries whatever the number of plans."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conciliare.applications.models import ApplicationTargetGroup
from conciliare.dashboards.dashboard_selectors import ats_figures, period_figures
from conciliare.dashboards.tests.helpers import allocation_of, plan_of
from conciliare.territory.models import ATS, Allocation, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _period():
    return ProgrammingPeriod.objects.get(slug="2020-2023")


def test_each_ats_shows_allocation_committed_projects_cofinancing_and_beneficiaries():
    milano = plan_of("milano", grants=["50000.00", "33333.33"], action="12345.67")
    application = milano.funded_projects.get(position=1).project.application
    ApplicationTargetGroup.objects.create(
        application=application, kind="families", expected_beneficiaries=7
    )
    plan_of("brianza", grants=["40000.00"], public=False)

    rows = {row.ats.slug: row for row in ats_figures(period=_period())}

    assert len(rows) == ATS.objects.count() == 8
    row = rows["milano"]
    assert row.allocation == allocation_of("milano")
    assert row.committed == Decimal("95679.00")
    assert row.projects == 2
    assert row.cofinancing == Decimal("116666.67")
    assert row.beneficiaries == {
        "workers": 240,
        "families": 7,
        "firms": 0,
        "citizens": 0,
    }
    assert row.has_public_plan
    draft = rows["brianza"]
    assert draft.allocation == allocation_of("brianza")
    assert draft.committed == draft.cofinancing == Decimal(0)
    assert draft.projects == 0
    assert draft.beneficiaries_total == 0
    assert not draft.has_public_plan


def test_the_periods_add_up_every_ats_and_leave_out_drafts():
    plan_of("milano", grants=["50000.00", "33333.33"], action="12345.67")
    plan_of("pavia", grants=["20000.01"])
    plan_of("brianza", grants=["40000.00"], public=False)

    figures = {row.period.slug: row for row in period_figures()}

    current = figures["2020-2023"]
    assert current.allocation == sum(
        Allocation.objects.filter(period=_period()).values_list("amount", flat=True),
        Decimal(0),
    )
    assert current.committed == Decimal("115679.01")
    assert current.projects == 3
    assert current.cofinancing == Decimal("196666.66")
    assert current.beneficiaries["workers"] == 360
    others = [row for slug, row in figures.items() if slug != "2020-2023"]
    assert all(row.committed == 0 and row.projects == 0 for row in others)
    assert list(figures) == list(
        ProgrammingPeriod.objects.order_by("starts_on").values_list("slug", flat=True)
    )


def test_an_ats_filter_keeps_only_that_ats():
    plan_of("milano", grants=["50000.00"])
    plan_of("pavia", grants=["20000.00"])
    pavia = ATS.objects.get(slug="pavia")

    rows = ats_figures(period=_period(), ats_ids={pavia.pk})
    periods = {row.period.slug: row for row in period_figures(ats_ids={pavia.pk})}

    assert [row.ats.slug for row in rows] == ["pavia"]
    assert rows[0].committed == Decimal("20000.00")
    assert periods["2020-2023"].committed == Decimal("20000.00")
    assert periods["2020-2023"].allocation == allocation_of("pavia")


def _queries():
    with CaptureQueriesContext(connection) as context:
        ats_figures(period=_period())
        period_figures()
    return len(context.captured_queries)


def test_the_figures_take_the_same_queries_for_one_plan_or_many():
    plan_of("milano", grants=["50000.00"])
    one = _queries()
    plan_of("pavia", grants=["20000.00", "10000.00"], action="500.00")
    plan_of("bergamo", grants=["30000.00"])

    assert _queries() == one
