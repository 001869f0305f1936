"""The implementation on the dashboards: spent and paid per ATS, the
beneficiaries reached (small counts hidden on public pages only), reports
on time and late, each with its CSV; an alliance's reserved dashboard and
who may open it; the «Attuazione» section of a public project page;
constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.core.cache import public_cache_invalidate
from conciliare.dashboards.tests.helpers import csv_table, table_rows
from conciliare.dashboards.tests.monitoring_rows import (
    pay,
    recover,
    report,
    statement,
)
from conciliare.monitoring.models import ReportStatus
from conciliare.monitoring.tests.factories import regional_officer, signed_project
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db

PUBLIC = reverse("dashboards-public:region") + "?periodo=2020-2023"
RESERVED = reverse("dashboards:region") + "?periodo=2020-2023"
ALLIANCES = reverse("dashboards:alliance-list")
DAY = timedelta(days=1)


@pytest.fixture
def milano():
    """Milano's first project paid, checked, reported (3 families: a small
    count) with a report on time and one late; the second only paid."""
    funded = signed_project(grants=("45000.00", "30000.00"))
    first, second = funded.setup.projects
    today = timezone.localdate()
    pay(first, "22500.00")
    pay(second, "15000.00")
    recover(first, "1000.01")
    statement(first, (("1000.00", "1000.00"), ("500.00", "200.00")))
    area = InterventionArea.objects.filter(period=first.period).first()
    report(
        first,
        due_on=today - 10 * DAY,
        submitted_on=today - 12 * DAY,
        reach={("workers", area): (34, None, None), ("families", None): (3, 2, 1)},
    )
    report(
        first,
        status=ReportStatus.SUBMITTED,
        due_on=today - 20 * DAY,
        submitted_on=today - 5 * DAY,
    )
    return funded


def _rows(body, slug):
    return {row[0]: row for row in table_rows(body, slug)[1:]}


def test_the_public_page_shows_spent_paid_reached_and_reports(client, milano):
    name = milano.project.ats.short_name

    body = client.get(PUBLIC).content.decode()

    spent = _rows(body, "spesa")
    assert spent[name][1:] == [
        spent[name][1],  # the allocation, from the reference data
        "€ 75.000,00",
        "€ 1.500,00",
        "€ 1.200,00",
        "€ 37.500,00",
        "€ 1.000,01",
    ]
    reached = _rows(body, "raggiunti")
    assert reached[name][1:] == ["34", "< 10", "0", "0", "riservato"]
    assert "inferiori a 10" in body
    reports = _rows(body, "relazioni")
    assert reports[name][1:] == ["1", "1", "0"]
    assert reports["Totale"][1:] == ["1", "1", "0"]
    periods = _rows(body, "periodi")
    assert periods["2020-2023"][6:9] == ["€ 1.200,00", "€ 37.500,00", "riservato"]
    assert (
        'aria-labelledby="grafico-relazioni-titolo grafico-relazioni-descrizione"'
        in (body)
    )


def test_the_csv_of_each_new_table_follows_the_period(client, milano):
    name = milano.project.ats.short_name

    for slug in ("spesa", "raggiunti", "relazioni"):
        response = client.get(
            reverse("dashboards-public:table-csv", args=[slug]),
            {"periodo": "2020-2023"},
        )
        assert (
            f'filename="conciliare-{slug}-2020-2023.csv"'
            in (response["Content-Disposition"])
        )
    table, notes = csv_table(
        client.get(reverse("dashboards-public:table-csv", args=["raggiunti"]))
    )
    assert {row[0]: row for row in table}[name][1:] == ["34", "", "0", "0", ""]
    assert any("ultima relazione" in note[0] for note in notes)
    spent, _notes = csv_table(
        client.get(reverse("dashboards-public:table-csv", args=["spesa"]))
    )
    assert {row[0]: row for row in spent}[name][3:] == [
        "1500.00",
        "1200.00",
        "37500.00",
        "1000.01",
    ]


def test_the_reserved_dashboard_shows_every_count_of_the_own_ats(
    client, sign_in, milano
):
    name = milano.project.ats.short_name
    sign_in(regional_officer())

    reached = _rows(client.get(RESERVED).content.decode(), "raggiunti")

    assert reached[name][1:] == ["34", "3", "0", "0", "37"]
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("pavia")))
    body = client.get(RESERVED).content.decode()
    assert list(_rows(body, "spesa")) == [ats("pavia").short_name]
    assert "€ 37.500,00" not in body


def _page_queries(client, url):
    public_cache_invalidate()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_dashboards_take_the_same_queries_for_one_project_or_many(client, sign_in):
    funded = signed_project()
    pay(funded.project, "100.00")
    public_one = _page_queries(client, PUBLIC)
    sign_in(regional_officer())
    reserved_one = _page_queries(client, RESERVED)
    alliance = reverse("dashboards:alliance", args=[funded.team.alliance.pk])
    alliance_one = _page_queries(client, alliance)
    other = signed_project(grants=("20000.00", "1000.00"), ats_slug="pavia")
    for project in [*other.setup.projects, funded.project]:
        pay(project, "10.00", kind="interim")
        statement(project, (("100.00", "50.00"),))
        report(project, reach={("citizens", None): (40, None, None)})
        report(project, status=ReportStatus.DRAFT, due_on=timezone.localdate())

    assert _page_queries(client, alliance) == alliance_one
    assert _page_queries(client, RESERVED) == reserved_one
    client.logout()
    assert _page_queries(client, PUBLIC) == public_one


# -- an alliance's dashboard ------------------------------------------------------


def _alliance_url(funded, *args):
    name = "dashboards:alliance-table-csv" if args else "dashboards:alliance"
    return reverse(name, args=[funded.team.alliance.pk, *args])


def _who(who, funded):
    if who == "lead_rep":
        return funded.lead_rep
    if who == "partner_rep":
        return funded.team.partner_rep
    if who == "other_lead_rep":
        return funded.setup.teams[1].lead_rep
    if who == "milano_officer":
        return funded.officer
    if who == "milano_committee":
        return make_user(Role.COMMITTEE_MEMBER, ats=ats("milano"))
    if who == "pavia_officer":
        return make_user(Role.ATS_OFFICER, ats=ats("pavia"))
    if who == "region":
        return regional_officer()
    return make_user()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead_rep", 200),
        ("partner_rep", 404),
        ("other_lead_rep", 404),
        ("milano_officer", 200),
        ("milano_committee", 200),
        ("pavia_officer", 404),
        ("region", 200),
        ("citizen", 404),
    ],
)
def test_who_may_open_an_alliance_dashboard(client, sign_in, milano, who, status):
    sign_in(_who(who, milano))

    assert client.get(_alliance_url(milano)).status_code == status
    assert client.get(_alliance_url(milano, "progetti")).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, milano):
    assert client.get(_alliance_url(milano)).status_code == 302
    assert client.get(ALLIANCES).status_code == 302


def test_the_list_shows_the_alliances_each_user_follows(client, sign_in, milano):
    own, other = (team.alliance for team in milano.setup.teams)

    sign_in(milano.lead_rep)
    body = client.get(ALLIANCES).content.decode()
    assert own.name in body
    assert other.name not in body
    sign_in(milano.officer)
    body = client.get(ALLIANCES).content.decode()
    assert own.name in body
    assert other.name in body
    assert reverse("dashboards:alliance", args=[other.pk]) in body
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("pavia")))
    assert 'id="alliances-empty"' in client.get(ALLIANCES).content.decode()
    sign_in(make_user())
    assert client.get(ALLIANCES).status_code == 403


def test_the_alliance_dashboard_shows_its_projects_figures(client, sign_in, milano):
    sign_in(milano.lead_rep)
    code = milano.project.code

    body = client.get(_alliance_url(milano)).content.decode()

    projects = _rows(body, "progetti")
    assert projects[code][3:] == [
        "€ 45.000,00",
        "€ 1.500,00",
        "€ 1.200,00",
        "€ 22.500,00",
        "€ 1.000,01",
    ]
    assert _rows(body, "raggiunti")[code][1:] == ["34", "3", "0", "0", "37"]
    areas = _rows(body, "aree")
    assert [row[1:] for row in areas.values()] == [
        ["34", "0", "0", "0", "34"],
        ["0", "3", "0", "0", "3"],
    ]
    assert list(areas)[1] == "Area non indicata"
    assert _rows(body, "relazioni")[code][1:] == ["1", "1", "0"]
    assert milano.setup.projects[1].code not in body  # another alliance's
    response = client.get(_alliance_url(milano, "aree"))
    slug = milano.team.alliance.slug
    assert f'filename="alleanza-{slug}-aree.csv"' in response["Content-Disposition"]
    assert client.get(_alliance_url(milano, "nulla")).status_code == 404


def test_the_reserved_dashboard_links_the_alliances(client, sign_in, milano):
    sign_in(milano.officer)

    assert f'href="{ALLIANCES}"' in client.get(RESERVED).content.decode()


# -- the public project page ------------------------------------------------------


def test_a_public_project_page_shows_its_implementation(client, milano):
    body = client.get(milano.project.get_absolute_url()).content.decode()

    assert 'id="project-implementation"' in body
    assert "€ 22.500,00" in body
    assert "€ 1.000,01" in body
    rows = {}
    reader_rows = table_rows(
        body.replace('id="project-reached"', 'id="tabella-x"'), "x"
    )
    for row in reader_rows[1:]:
        rows[row[0]] = row[1]
    assert rows == {
        "Lavoratori e lavoratrici": "34",
        "Famiglie": "< 10",
        "Imprese": "0",
        "Cittadini": "0",
    }
    second = client.get(milano.setup.projects[1].get_absolute_url()).content.decode()
    assert 'id="project-reached-none"' in second


def test_a_project_without_a_signed_agreement_has_no_implementation(client):
    project = make_agreement_plan(grants=("20000.00",), ats_slug="pavia").projects[0]

    body = client.get(project.get_absolute_url()).content.decode()

    assert 'id="project-implementation"' not in body
