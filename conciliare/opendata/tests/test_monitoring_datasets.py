"""The payments and indicators datasets and the money columns of the
projects dataset: published projects only, recoveries as negative rows,
the latest accepted report only, small counts left empty and flagged,
constant queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conciliare.dashboards.tests.monitoring_rows import (
    pay,
    recover,
    report,
    revoke,
    statement,
)
from conciliare.monitoring.models import PaymentKind, ReportStatus, StatementStatus
from conciliare.monitoring.tests.factories import signed_project
from conciliare.opendata.datasets import indicatori, pagamenti
from conciliare.opendata.tests.downloads import csv_rows, json_rows
from conciliare.plans.models import PlanStatus
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _today():
    return timezone.localdate()


@pytest.fixture
def monitored():
    """Two projects of Milano with payments, a recovery, a revocation, a
    checked statement and reports; a project of a draft plan of Brianza
    with a payment and an accepted report that must never appear."""
    funded = signed_project(grants=("45000.00", "30000.00"))
    first, second = funded.setup.projects
    today = _today()
    pay(first, "22500.00", paid_on=today - 30 * DAY, act_number="LIQ-12")
    recover(first, "1000.01", received_on=today - 5 * DAY)
    pay(second, "15000.00", paid_on=today - 40 * DAY)
    recover(second, "15000.00", received_on=today - 3 * DAY)
    revoke(second, "15000.00")
    statement(first, (("1000.00", "1000.00"), ("500.00", "200.00")))
    statement(first, (("700.00", None),), status=StatementStatus.SUBMITTED)
    areas = list(InterventionArea.objects.filter(period=first.period)[:2])
    report(
        first,
        period_end=today - 200 * DAY,
        reach={("workers", None): (50, None, None)},
    )
    report(
        first,
        period_end=today - 10 * DAY,
        reach={
            ("workers", areas[0]): (30, 20, 10),
            ("workers", areas[1]): (12, 11, 1),
            ("families", None): (3, None, None),
        },
        indicators=(
            ("Ore di servizio erogate", "0", "1000", "350"),
            ("Soddisfazione media", "0", "10", "8.5"),
        ),
    )
    report(
        first,
        status=ReportStatus.SUBMITTED,
        period_end=today,
        reach={("workers", None): (99, None, None)},
    )
    hidden = make_agreement_plan(
        grants=("20000.00",), status=PlanStatus.DRAFT, ats_slug="brianza"
    ).projects[0]
    pay(hidden, "10000.00")
    report(hidden, reach={("workers", None): (80, None, None)})
    return funded, first, second, areas, hidden


def test_payments_list_each_movement_with_recoveries_negative(client, monitored):
    _funded, first, second, _areas, hidden = monitored

    rows = csv_rows(client, "pagamenti")

    assert list(rows[0]) == pagamenti.DATASET.column_names
    assert hidden.code not in {row["COD_LOCALE_PROGETTO"] for row in rows}
    moves = [
        (
            row["COD_LOCALE_PROGETTO"],
            row["TIPO_PAGAMENTO"],
            row["IMPORTO_PAGAMENTO"],
            row["IMPORTO_DA_RECUPERARE"],
        )
        for row in rows
    ]
    assert moves == [
        (first.code, "anticipo", "22500.00", ""),
        (first.code, "recupero", "-1000.01", ""),
        (second.code, "anticipo", "15000.00", ""),
        (second.code, "revoca", "", "15000.00"),
        (second.code, "recupero", "-15000.00", ""),
    ]
    advance = rows[0]
    assert advance["DATA_PAGAMENTO"] == (_today() - 30 * DAY).isoformat()
    assert advance["NUMERO_ATTO"] == "LIQ-12"
    assert advance["DATA_ATTO"] == (_today() - 32 * DAY).isoformat()
    assert advance["DESCR_TIPO_PAGAMENTO"] == "Anticipo"
    assert advance["BENEFICIARIO"] == first.alliance.lead.legal_name
    assert advance["COD_ATS"] == first.ats.code
    assert advance["COD_PERIODO"] == "2020-2023"
    assert rows[1]["RIFERIMENTO_INCASSO"] == "Reversale 7"
    assert rows[1]["NUMERO_ATTO"] == ""


def test_a_balance_below_the_advance_says_what_is_to_recover(client):
    funded = signed_project()
    pay(funded.project, "22500.00")
    pay(
        funded.project,
        "0",
        kind=PaymentKind.BALANCE,
        act_number="LIQ-2",
        recovery_due="2500.50",
    )

    rows = json_rows(client, "pagamenti")

    balance = rows[1]
    assert balance["TIPO_PAGAMENTO"] == "saldo"
    assert balance["IMPORTO_PAGAMENTO"] == Decimal("0.00")
    assert balance["IMPORTO_DA_RECUPERARE"] == Decimal("2500.50")


def test_indicators_come_from_the_latest_accepted_report_with_small_counts_hidden(
    client, monitored
):
    _funded, first, _second, areas, hidden = monitored

    rows = csv_rows(client, "indicatori")

    assert list(rows[0]) == indicatori.DATASET.column_names
    assert {row["COD_LOCALE_PROGETTO"] for row in rows} == {first.code}
    assert hidden.code not in str(rows)
    table = [
        (
            row["COD_INDICATORE"],
            row["AREA_INTERVENTO"],
            row["REALIZZATO_INDICATORE"],
            row["DI_CUI_DONNE"],
            row["DI_CUI_UOMINI"],
            row["DATO_OSCURATO"],
        )
        for row in rows
    ]
    first_area = f"{areas[0].number}. {areas[0].name}"
    second_area = f"{areas[1].number}. {areas[1].name}"
    assert table[:3] == [
        ("DEST_LAVORATORI", first_area, "30", "20", "10", "NO"),
        # 1 man would single someone out: women and men are hidden together
        ("DEST_LAVORATORI", second_area, "12", "", "", "SI"),
        ("DEST_FAMIGLIE", "non indicata", "", "", "", "SI"),
    ]
    services, satisfaction = rows[3:]
    assert services["TIPO_INDICATORE"] == "indicatore"
    assert services["DESCR_INDICATORE"] == "Ore di servizio erogate"
    assert services["COD_INDICATORE"].startswith("IND_")
    assert (
        services["VALORE_BASE"],
        services["PROGRAMMATO_INDICATORE"],
        services["REALIZZATO_INDICATORE"],
        services["DATO_OSCURATO"],
    ) == ("0", "1000", "350", "NO")
    assert satisfaction["REALIZZATO_INDICATORE"] == ""
    assert satisfaction["DATO_OSCURATO"] == "SI"
    assert rows[0]["DATA_RILEVAZIONE"] == (_today() - 10 * DAY).isoformat()
    assert rows[0]["TIPO_RELAZIONE"] == "Relazione intermedia"
    assert rows[0]["DESCR_INDICATORE"] == (
        "Destinatari raggiunti: Lavoratori e lavoratrici"
    )


def test_the_threshold_of_the_indicators_is_the_dashboards_setting(
    client, monitored, settings
):
    settings.DASHBOARD_MIN_PUBLIC_COUNT = 2

    rows = json_rows(client, "indicatori")

    families = next(r for r in rows if r["COD_INDICATORE"] == "DEST_FAMIGLIE")
    assert families["REALIZZATO_INDICATORE"] == Decimal(3)
    assert families["DATO_OSCURATO"] == "NO"
    men = [r["DI_CUI_UOMINI"] for r in rows if r["COD_INDICATORE"] == "DEST_LAVORATORI"]
    assert men == [10, None]  # 1 is still below 2


def test_projects_carry_what_was_paid_recovered_and_found_eligible(client, monitored):
    _funded, first, second, _areas, hidden = monitored

    rows = {row["COD_LOCALE_PROGETTO"]: row for row in csv_rows(client, "progetti")}

    assert hidden.code not in rows
    assert (
        rows[first.code]["IMPORTO_PAGATO"],
        rows[first.code]["IMPORTO_RECUPERATO"],
        rows[first.code]["SPESA_AMMESSA"],
    ) == ("22500.00", "1000.01", "1200.00")
    assert rows[second.code]["IMPORTO_RECUPERATO"] == "15000.00"
    assert rows[second.code]["SPESA_AMMESSA"] == "0.00"


def test_the_catalogue_lists_the_new_datasets(client, monitored):
    page = client.get("/dati-aperti/").text

    assert 'href="/dati-aperti/pagamenti.csv"' in page
    assert 'href="/dati-aperti/indicatori.json"' in page
    dictionary = client.get("/dati-aperti/indicatori/").text
    assert "DATO_OSCURATO" in dictionary
    assert "REALIZZATO_INDICATORE" in dictionary


def _queries(client, slug):
    with CaptureQueriesContext(connection) as queries:
        for extension in ("csv", "json"):
            response = client.get(f"/dati-aperti/{slug}.{extension}")
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("slug", ["pagamenti", "indicatori", "progetti"])
def test_the_monitoring_downloads_take_the_same_queries_for_one_or_many_rows(
    client, slug
):
    funded = signed_project()
    pay(funded.project, "22500.00")
    report(funded.project, reach={("workers", None): (40, None, None)})
    one = _queries(client, slug)
    others = signed_project(grants=("20000.00", "25000.00"), ats_slug="pavia")
    for project in others.setup.projects:
        pay(project, "10000.00")
        recover(project, "10.00")
        statement(project, (("100.00", "100.00"),))
        report(
            project,
            reach={("workers", None): (40, None, None), ("firms", None): (12, 6, 6)},
            indicators=(("Ore", "0", "10", "10"),),
        )

    assert _queries(client, slug) == one
