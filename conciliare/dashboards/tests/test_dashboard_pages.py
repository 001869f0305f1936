"""The public figures (/numeri/) and the reserved dashboard: the tables with
their charts and CSV, small counts hidden only on public pages, drafts left
out, the historical figures with their source, who may open the reserved
dashboard and what an ATS's officer sees."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ROLES
from conciliare.applications.models import ApplicationTargetGroup
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.money import AmountFormatter
from conciliare.dashboards.tests.helpers import csv_table as _csv
from conciliare.dashboards.tests.helpers import plan_of
from conciliare.dashboards.tests.helpers import table_rows as _table
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db

PUBLIC = reverse("dashboards-public:region")
RESERVED = reverse("dashboards:region")
SLUGS = (
    "ats",
    "spesa",
    "beneficiari",
    "raggiunti",
    "relazioni",
    "periodi",
    "storico",
)


def _milano_with_few_families():
    version = plan_of("milano", grants=["50000.00", "33333.33"], action="12345.67")
    application = version.funded_projects.get(position=1).project.application
    ApplicationTargetGroup.objects.create(
        application=application, kind="families", expected_beneficiaries=3
    )
    return version


def test_the_public_page_shows_the_eight_ats_with_charts_tables_and_csv_links(client):
    _milano_with_few_families()
    plan_of("brianza", grants=["40000.00"], public=False)

    response = client.get(PUBLIC)

    body = response.content.decode()
    assert response.status_code == 200
    rows = {row[0]: row for row in _table(body, "ats")[1:]}
    milano = ATS.objects.get(slug="milano").short_name
    brianza = ATS.objects.get(slug="brianza").short_name
    assert rows[milano][2] == "€ 95.679,00"
    assert rows[milano][3] == "2"
    assert rows[brianza][2] == "€ 0,00"  # a draft commits nothing publicly
    assert len(rows) == 9  # 8 ATS and the total
    assert body.count('role="img"') == len(SLUGS)
    for slug in SLUGS:
        assert (
            f'aria-labelledby="grafico-{slug}-titolo grafico-{slug}-descrizione"'
            in body
        )
        assert reverse("dashboards-public:table-csv", args=[slug]) in body
    assert "Scarica CSV" in body


def test_small_counts_are_hidden_on_the_public_page_and_csv_but_not_reserved(
    client, sign_in, make_actor
):
    _milano_with_few_families()
    milano = ATS.objects.get(slug="milano").short_name

    public = client.get(PUBLIC).content.decode()
    rows = {row[0]: row for row in _table(public, "beneficiari")[1:]}
    # the row's total would give the hidden count away: it is hidden too
    assert rows[milano][1:] == ["240", "< 10", "0", "0", "riservato"]
    assert "inferiori a 10" in public
    periods = {row[0]: row for row in _table(public, "periodi")[1:]}
    assert periods["2020-2023"][5] == "riservato"
    table, notes = _csv(
        client.get(reverse("dashboards-public:table-csv", args=["beneficiari"]))
    )
    by_ats = {row[0]: row for row in table[1:]}
    assert by_ats[milano][1:] == ["240", "", "0", "0", ""]
    assert notes
    assert "inferiori a 10" in notes[0][0]

    sign_in(make_actor(Role.REGIONAL_OFFICER))
    reserved = client.get(RESERVED).content.decode()
    rows = {row[0]: row for row in _table(reserved, "beneficiari")[1:]}
    assert rows[milano][1:] == ["240", "3", "0", "0", "243"]
    periods = {row[0]: row for row in _table(reserved, "periodi")[1:]}
    assert periods["2020-2023"][5] == "243"
    assert "< 10" not in reserved
    assert "riservato" not in reserved


def test_the_threshold_is_a_setting(client, settings):
    _milano_with_few_families()
    settings.DASHBOARD_MIN_PUBLIC_COUNT = 2
    milano = ATS.objects.get(slug="milano").short_name

    rows = {
        row[0]: row
        for row in _table(client.get(PUBLIC).content.decode(), "beneficiari")[1:]
    }

    assert rows[milano][2:] == ["3", "0", "0", "243"]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_csv_holds_the_same_figures_as_its_table(client, slug):
    _milano_with_few_families()
    amounts = AmountFormatter()

    page = _table(client.get(PUBLIC).content.decode(), slug)
    table, _notes = _csv(
        client.get(reverse("dashboards-public:table-csv", args=[slug]))
    )

    assert len(table) == len(page)
    assert table[0] == page[0]
    for shown, data in zip(page[1:], table[1:], strict=True):
        assert shown[0] == data[0]
        for text, value in zip(shown[1:], data[1:], strict=True):
            if text.startswith("€"):
                assert text == "€ " + amounts.amount(Decimal(value))
            elif text.startswith("<") or text == "riservato":
                assert value == ""
            elif re.fullmatch(r"[\d.]+", text):
                assert text.replace(".", "") == value
            elif value.isdigit():  # an approximate historical figure
                assert text in (
                    "oltre 47.000",
                    "circa 1.900",
                    "63 alleanze",
                    "44 progetti",
                )
            else:
                assert text in (value, "n.d.", "non disponibile")


def test_the_ats_csv_follows_the_chosen_period(client):
    plan_of("milano", grants=["50000.00"])

    response = client.get(
        reverse("dashboards-public:table-csv", args=["ats"]), {"periodo": "2020-2023"}
    )

    assert 'filename="conciliare-ats-2020-2023.csv"' in response["Content-Disposition"]
    table, _notes = _csv(response)
    milano = ATS.objects.get(slug="milano").short_name
    assert {row[0]: row for row in table}[milano][2] == "50000.00"


def test_an_unknown_table_is_not_found(client):
    assert (
        client.get(reverse("dashboards-public:table-csv", args=["nulla"])).status_code
        == 404
    )


def test_the_historical_figures_are_shown_as_such_with_their_source(client):
    body = client.get(PUBLIC).content.decode()

    rows = {row[0]: row for row in _table(body, "storico")[1:]}
    assert rows["2014-2016 (dato storico)"][1] == "€ 8.000.000,00"
    assert rows["2014-2016 (dato storico)"][4] == "€ 3.000.000,00"
    assert rows["2014-2016 (dato storico)"][5:8] == [
        "63 alleanze",
        "oltre 47.000",
        "circa 1.900",
    ]
    assert rows["2014-2016 (dato storico)"][8].startswith("[S22]")
    assert rows["2017-2018 (dato storico)"][1:4] == [
        "€ 4.292.411,00",
        "€ 2.782.889,00",
        "€ 806.418,00",
    ]
    assert rows["2017-2018 (dato storico)"][8].startswith("[S21]")


def test_the_public_page_is_cached_for_visitors(client):
    public = PUBLIC + "?periodo=2020-2023"
    _page_queries(client, public)

    with CaptureQueriesContext(connection) as context:
        assert client.get(public).status_code == 200

    assert len(context.captured_queries) == 0


def test_the_footer_and_the_open_data_link_the_public_figures(client):
    home = client.get(reverse("portal:home")).content.decode()
    catalogue = client.get(reverse("opendata:catalogue")).content.decode()

    assert f'href="{PUBLIC}"' in home
    assert catalogue.count(f'href="{PUBLIC}"') == 2  # the page and the footer


def _page_queries(client, url):
    public_cache_invalidate()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_pages_take_the_same_queries_for_one_plan_or_many(
    client, sign_in, make_actor
):
    public = PUBLIC + "?periodo=2020-2023"
    plan_of("milano", grants=["50000.00"])
    public_one = _page_queries(client, public)
    sign_in(make_actor(Role.REGIONAL_OFFICER))
    reserved_one = _page_queries(client, RESERVED)
    plan_of("pavia", grants=["20000.00", "10000.00"], action="500.00")
    plan_of("bergamo", grants=["30000.00"])

    assert _page_queries(client, RESERVED) == reserved_one
    client.logout()
    assert _page_queries(client, public) == public_one


EXPECTED = {
    "anonymous": 302,
    "citizen": 403,
    Role.ORGANISATION_REPRESENTATIVE.value: 403,
    Role.COMMITTEE_MEMBER.value: 403,
    Role.ATS_OFFICER.value: 200,
    Role.REGIONAL_OFFICER.value: 200,
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    "url", [RESERVED, reverse("dashboards:table-csv", args=["ats"])]
)
def test_who_may_open_the_reserved_dashboard(client, login_as, who, url):
    login_as(who)

    assert client.get(url).status_code == EXPECTED[who]


def test_an_ats_officer_sees_only_their_own_ats(client, login_as):
    plan_of("milano", grants=["50000.00"])
    plan_of("pavia", grants=["20000.00"])
    login_as(Role.ATS_OFFICER, ats_slug="pavia")
    pavia = ATS.objects.get(slug="pavia").short_name

    body = client.get(RESERVED).content.decode()
    table, _notes = _csv(client.get(reverse("dashboards:table-csv", args=["ats"])))
    periods, _notes = _csv(
        client.get(reverse("dashboards:table-csv", args=["periodi"]))
    )

    rows = _table(body, "ats")[1:]
    assert [row[0] for row in rows] == [pavia]
    assert rows[0][2] == "€ 20.000,00"
    for other in ATS.objects.exclude(slug="pavia"):
        assert other.short_name not in body
    assert [row[0] for row in table[1:]] == [pavia]
    current = {row[0]: row for row in periods[1:]}["2020-2023"]
    assert current[2] == "20000.00"
