"""/api/v1/monitoring/: the reports each user may read (a permission matrix;
another ATS's officer never sees a report), one report with its figures,
the public payments of published projects with their filters, the public
aggregates as /numeri/ shows them, one project's public figures; constant
queries on the lists."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.dashboards.tests.monitoring_rows import pay, recover, report
from conciliare.monitoring.models import ReportStatus
from conciliare.monitoring.tests.factories import regional_officer, signed_project
from conciliare.plans.models import PlanStatus
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/monitoring/reports/"
PAYMENTS = "/api/v1/monitoring/payments/"
AGGREGATES = "/api/v1/monitoring/aggregates/"
DAY = timedelta(days=1)


@pytest.fixture
def two_ats():
    """Milano: two projects of two alliances, each with a report (the first
    also a draft); Brianza: one project with a report."""
    milano = signed_project(grants=("45000.00", "30000.00"))
    brianza = signed_project(grants=("20000.00",), ats_slug="brianza")
    first, second = milano.setup.projects
    today = timezone.localdate()
    reports = {
        "first": report(
            first,
            due_on=today - 10 * DAY,
            submitted_on=today - 12 * DAY,
            reach={("workers", None): (30, 20, 10)},
            indicators=(("Ore", "0", "100", "40"),),
        ),
        "first_draft": report(first, status=ReportStatus.DRAFT),
        "second": report(second, status=ReportStatus.SUBMITTED),
        "brianza": report(brianza.project, status=ReportStatus.SUBMITTED),
    }
    return milano, brianza, reports


def _ids(client, **params):
    body = client.get(REPORTS, params).json()
    return {item["id"] for item in body["items"]}


def _user(who, milano, brianza):
    if who == "lead_rep":
        return milano.lead_rep
    if who == "partner_rep":
        return milano.team.partner_rep
    if who == "other_lead_rep":
        return milano.setup.teams[1].lead_rep
    if who == "milano_officer":
        return milano.officer
    if who == "milano_committee":
        return make_user(Role.COMMITTEE_MEMBER, ats=ats("milano"))
    if who == "brianza_officer":
        return brianza.officer
    if who == "brianza_committee":
        return make_user(Role.COMMITTEE_MEMBER, ats=ats("brianza"))
    if who == "region":
        return regional_officer()
    return make_user()  # a citizen


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("lead_rep", {"first", "first_draft"}),
        ("other_lead_rep", {"second"}),
        ("partner_rep", set()),
        ("milano_officer", {"first", "first_draft", "second"}),
        ("milano_committee", {"first", "first_draft", "second"}),
        ("brianza_officer", {"brianza"}),
        ("brianza_committee", {"brianza"}),
        ("region", {"first", "first_draft", "second", "brianza"}),
        ("citizen", set()),
    ],
)
def test_each_user_lists_and_opens_only_the_reports_they_may_read(
    client, sign_in, two_ats, who, visible
):
    milano, brianza, reports = two_ats
    sign_in(_user(who, milano, brianza))

    assert _ids(client) == {reports[name].pk for name in visible}
    for name, created in reports.items():
        expected = 200 if name in visible else 404
        assert client.get(f"{REPORTS}{created.pk}").status_code == expected, name


def test_anonymous_callers_are_refused(client, two_ats):
    _milano, _brianza, reports = two_ats

    assert client.get(REPORTS).status_code == 401
    assert client.get(f"{REPORTS}{reports['first'].pk}").status_code == 401


def test_a_report_with_its_reach_and_indicators(client, sign_in, two_ats):
    milano, _brianza, reports = two_ats
    sign_in(milano.officer)

    body = client.get(f"{REPORTS}{reports['first'].pk}").json()

    assert body["project_code"] == milano.project.code
    assert body["ats"] == "milano"
    assert body["status"] == "accepted"
    assert body["status_label"] == "Accettata"
    assert body["is_late"] is False
    assert body["reach"] == [
        {
            "kind": "workers",
            "kind_label": "Lavoratori e lavoratrici",
            "area": None,
            "reached": 30,
            "women": 20,
            "men": 10,
        }
    ]
    (indicator,) = body["indicators"]
    assert indicator["name"] == "Ore"
    assert Decimal(indicator["target"]) == Decimal(100)
    assert Decimal(indicator["value"]) == Decimal(40)


def test_the_region_filters_the_reports(client, sign_in, two_ats):
    milano, _brianza, reports = two_ats
    sign_in(regional_officer())

    assert _ids(client, ats="brianza") == {reports["brianza"].pk}
    assert _ids(client, project=milano.project.code, status="draft") == {
        reports["first_draft"].pk
    }
    assert client.get(REPORTS, {"status": "nonsense"}).status_code == 422


def test_the_reports_list_takes_the_same_queries_for_one_or_many(
    client, sign_in, two_ats
):
    milano, _brianza, _reports = two_ats
    sign_in(regional_officer())
    with CaptureQueriesContext(connection) as before:
        client.get(REPORTS)
    for _ in range(3):
        report(milano.project, status=ReportStatus.SUBMITTED)

    with CaptureQueriesContext(connection) as after:
        assert client.get(REPORTS).json()["count"] == 7

    assert len(after) == len(before)


@pytest.fixture
def payments():
    milano = signed_project(grants=("45000.00", "30000.00"))
    pavia = signed_project(grants=("20000.00",), ats_slug="pavia")
    first, second = milano.setup.projects
    today = timezone.localdate()
    pay(first, "22500.00", paid_on=today - 20 * DAY, act_number="LIQ-1")
    pay(second, "15000.00", paid_on=today - 10 * DAY, act_number="LIQ-2")
    pay(pavia.project, "10000.00", act_number="LIQ-3")
    draft = make_agreement_plan(
        grants=("20000.00",), status=PlanStatus.DRAFT, ats_slug="brianza"
    ).projects[0]
    pay(draft, "999.00")
    return milano, pavia, draft


def test_anyone_lists_the_payments_of_published_projects(client, payments):
    milano, _pavia, draft = payments

    body = client.get(PAYMENTS).json()

    assert body["count"] == 3
    codes = [item["project_code"] for item in body["items"]]
    assert draft.code not in codes
    first = next(i for i in body["items"] if i["act_number"] == "LIQ-1")
    assert first["project_code"] == milano.project.code
    assert first["ats"] == "milano"
    assert first["period"] == "2020-2023"
    assert first["kind"] == "advance"
    assert first["kind_label"] == "Anticipo"
    assert Decimal(first["amount"]) == Decimal("22500.00")
    assert first["paid_on"] == (timezone.localdate() - 20 * DAY).isoformat()


def test_the_payments_are_filtered_by_ats_period_and_project(client, payments):
    milano, _pavia, _draft = payments
    second = milano.setup.projects[1]

    def acts(**params):
        body = client.get(PAYMENTS, params).json()
        return [item["act_number"] for item in body["items"]]

    assert acts(ats="pavia") == ["LIQ-3"]
    assert acts(ats="milano", period="2020-2023") == ["LIQ-1", "LIQ-2"]
    assert acts(project=second.code) == ["LIQ-2"]
    assert acts(period="2017-2018") == []
    response = client.get(PAYMENTS, {"ats": "atlantide"})
    assert response.status_code == 400
    assert "ats" in response.json()["detail"]
    assert client.get(PAYMENTS, {"period": "1999"}).status_code == 400


def test_the_payments_list_takes_the_same_queries_for_one_or_many(client, payments):
    milano, _pavia, _draft = payments
    with CaptureQueriesContext(connection) as before:
        client.get(PAYMENTS)
    recover(milano.project, "1.00")
    pay(milano.project, "100.00", kind="interim")

    with CaptureQueriesContext(connection) as after:
        assert client.get(PAYMENTS).json()["count"] == 4

    assert len(after) == len(before)


def test_the_aggregates_are_those_of_the_public_figures(client, payments):
    milano, _pavia, _draft = payments
    recover(milano.project, "0.50")
    area = InterventionArea.objects.filter(period=milano.project.period).first()
    report(
        milano.project,
        reach={
            ("workers", area): (40, None, None),
            ("families", None): (3, None, None),
        },
    )

    body = client.get(AGGREGATES, {"period": "2020-2023"}).json()

    assert body["period"] == "2020-2023"
    assert body["threshold"] == 10
    rows = {row["ats"]: row for row in body["ats"]}
    assert len(rows) == 8
    row = rows["milano"]
    assert Decimal(row["committed"]) == Decimal("75000.00")
    assert Decimal(row["paid"]) == Decimal("37500.00")
    assert Decimal(row["recovered"]) == Decimal("0.50")
    assert row["reached"] == {
        "workers": 40,
        "families": None,
        "firms": 0,
        "citizens": 0,
    }
    assert row["reached_total"] is None  # it would reveal the hidden 3
    assert Decimal(rows["pavia"]["paid"]) == Decimal("10000.00")
    assert Decimal(rows["brianza"]["paid"]) == Decimal("0.00")  # draft plan
    assert client.get(AGGREGATES).json()["period"] == "2020-2023"
    assert client.get(AGGREGATES, {"period": "1999"}).status_code == 400


def test_a_project_public_figures(client, payments):
    milano, _pavia, draft = payments
    report(
        milano.project,
        reach={("workers", None): (4, None, None), ("families", None): (12, 6, 6)},
    )

    body = client.get(f"/api/v1/monitoring/projects/{milano.project.code}").json()

    assert Decimal(body["paid"]) == Decimal("22500.00")
    assert body["reported_until"] == timezone.localdate().isoformat()
    assert {c["kind"]: c["count"] for c in body["reached"]} == {
        "workers": None,
        "families": 12,
        "firms": 0,
        "citizens": 0,
    }
    assert client.get(f"/api/v1/monitoring/projects/{draft.code}").status_code == 404
    assert client.get("/api/v1/monitoring/projects/NESSUNO").status_code == 404
