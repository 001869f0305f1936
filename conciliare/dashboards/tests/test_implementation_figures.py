"""The implementation figures per ATS and per period, summed by the
database: declared and eligible expenditure by statement status, paid and
recovered apart, beneficiaries of the latest accepted report only, reports
on time, late and overdue; constant queries whatever the projects."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conciliare.dashboards.dashboard_selectors import ats_figures, period_figures
from conciliare.dashboards.tests.monitoring_rows import (
    pay,
    recover,
    report,
    statement,
)
from conciliare.monitoring.models import ReportStatus, StatementStatus
from conciliare.monitoring.tests.factories import signed_project
from conciliare.plans.models import AgreementDeadline
from conciliare.projects.models import ProjectStatus
from conciliare.territory.models import InterventionArea, ProgrammingPeriod

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _period():
    return ProgrammingPeriod.objects.get(slug="2020-2023")


def _milano():
    """Two projects of Milano with every kind of figure."""
    funded = signed_project(grants=("45000.00", "30000.00"))
    first, second = funded.setup.projects
    today = timezone.localdate()
    pay(first, "22500.00")
    pay(second, "15000.00")
    recover(first, "1000.01")
    statement(first, (("1000.00", "1000.00"), ("500.00", "200.00"), ("300.00", "0")))
    statement(first, (("100.00", None),), status=StatementStatus.SUBMITTED)
    statement(first, (("50.00", None),), status=StatementStatus.DRAFT)
    areas = list(InterventionArea.objects.filter(period=first.period)[:2])
    report(
        second,
        period_end=today - 200 * DAY,
        reach={("workers", None): (5, None, None)},
    )
    report(
        second,
        period_end=today - 20 * DAY,
        reach={
            ("workers", areas[0]): (30, None, None),
            ("workers", areas[1]): (4, None, None),
            ("families", None): (3, None, None),
        },
    )
    report(
        second,
        status=ReportStatus.SUBMITTED,
        period_end=today,
        reach={("workers", None): (100, None, None)},
    )
    report(first, due_on=today - 10 * DAY, submitted_on=today - 12 * DAY)
    report(first, due_on=today - 20 * DAY, submitted_on=today - 5 * DAY)
    report(first, status=ReportStatus.DRAFT, due_on=today - 3 * DAY)
    report(first, status=ReportStatus.DRAFT, due_on=today + 3 * DAY)
    AgreementDeadline.objects.filter(agreement__project=second).update(
        due_on=today - DAY
    )
    return funded


def test_each_ats_shows_declared_spent_paid_reached_and_reports():
    _milano()
    signed_project(grants=("20000.00",), ats_slug="pavia")

    rows = {row.ats.slug: row.implementation for row in ats_figures(period=_period())}

    milano = rows["milano"]
    assert milano.declared == Decimal("1900.00")  # the draft is not declared
    assert milano.spent == Decimal("1200.00")  # checked statements only
    assert milano.paid == Decimal("37500.00")
    assert milano.recovered == Decimal("1000.01")
    # the latest accepted report: neither the older one nor the one sent
    assert milano.reached == {"workers": 34, "families": 3, "firms": 0, "citizens": 0}
    assert milano.reports_on_time == 1  # sent two days early
    assert milano.reports_late == 1
    # a draft past its date and the two deadlines of the second project
    assert milano.reports_overdue == 3
    pavia = rows["pavia"]
    assert (pavia.paid, pavia.spent) == (Decimal(0), Decimal(0))
    assert pavia.reached_total == 0
    assert pavia.reports_overdue == 0


def test_a_revoked_project_has_no_overdue_reports():
    funded = _milano()
    second = funded.setup.projects[1]
    second.status = ProjectStatus.REVOKED
    second.save()

    (row,) = ats_figures(period=_period(), ats_ids={funded.project.ats_id})

    assert row.implementation.reports_overdue == 1


def test_the_period_sums_every_ats_and_knows_its_smallest_reached_cell():
    _milano()
    other = signed_project(grants=("20000.00",), ats_slug="pavia")
    pay(other.project, "10000.00")
    report(other.project, reach={("firms", None): (12, None, None)})

    figures = {row.period.slug: row for row in period_figures()}

    current = figures["2020-2023"]
    assert current.implementation.paid == Decimal("47500.00")
    assert current.implementation.spent == Decimal("1200.00")
    assert current.implementation.reached_total == 49
    assert current.smallest_reached_cell == 3
    others = [row for slug, row in figures.items() if slug != "2020-2023"]
    assert all(row.implementation.paid == 0 for row in others)


def _queries():
    with CaptureQueriesContext(connection) as context:
        ats_figures(period=_period())
        period_figures()
    return len(context.captured_queries)


def test_the_figures_take_the_same_queries_for_one_project_or_many():
    funded = signed_project()
    pay(funded.project, "100.00")
    one = _queries()
    _extra = signed_project(grants=("20000.00", "1000.00"), ats_slug="pavia")
    for project in _extra.setup.projects:
        pay(project, "10.00")
        statement(project, (("100.00", "50.00"),))
        report(project, reach={("citizens", None): (40, None, None)})

    assert _queries() == one
