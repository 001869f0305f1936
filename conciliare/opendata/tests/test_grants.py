"""The grants of the transparency rules: one row per convenzione of a
published plan, then one per funded entry of an approved ranking still
without one; draft rankings and plans never appear. The page shows the same
rows, 50 a page, by ATS and year, with constant queries."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conciliare.opendata.datasets import contributi
from conciliare.opendata.grant_selectors import GrantRows
from conciliare.opendata.tests.downloads import csv_rows, json_rows
from conciliare.plans.agreement_services import agreement_sign, agreements_generate
from conciliare.plans.models import PlanStatus
from conciliare.plans.tests.agreement_factories import (
    make_agreement_plan,
    signed_pdf,
)
from conciliare.plans.tests.factories import approved_ranking_call, make_plan
from conciliare.reviews.models import Ranking
from conciliare.reviews.models.ranking import RankingStatus

pytestmark = pytest.mark.django_db


def _agreements(**kwargs):
    setup = make_agreement_plan(**kwargs)
    agreements = agreements_generate(actor=setup.officer, version=setup.version)
    return setup, agreements


def test_each_agreement_is_a_grant_with_its_act_office_and_selection(client):
    setup, (first, second) = _agreements(grants=("45000.01", "30000.00"))
    agreement_sign(
        actor=setup.officer,
        agreement=first,
        signed_on=timezone.localdate(),
        signed_file=signed_pdf(),
    )

    rows = {row["COD_LOCALE_PROGETTO"]: row for row in csv_rows(client, "contributi")}

    assert list(next(iter(rows.values()))) == contributi.DATASET.column_names
    row = rows[first.project.code]
    lead = setup.teams[0].lead
    assert row["BENEFICIARIO"] == lead.legal_name
    assert row["CODICE_FISCALE_BENEFICIARIO"] == lead.tax_code
    assert row["IMPORTO"] == "45000.01"
    assert row["NUMERO_ATTO"] == setup.version.act_number
    assert row["DATA_ATTO"] == setup.version.act_date.isoformat()
    assert row["UFFICIO_RESPONSABILE"] == setup.plan.ats.name
    assert row["MODALITA_SELEZIONE"] == (
        f"Avviso pubblico – graduatoria: {setup.call.title}"
    )
    assert row["FASE"] == "Convenzione sottoscritta"
    assert row["LINK_PROGETTO"] == f"http://testserver/progetti/{first.project.code}/"
    assert rows[second.project.code]["FASE"] == "Convenzione da sottoscrivere"
    assert rows[second.project.code]["IMPORTO"] == "30000.00"


def test_before_the_agreements_the_funded_entries_of_an_approved_ranking_are_grants(
    client,
):
    call, submitted = approved_ranking_call(
        funded=1, partly_funded=1, not_funded=1, partly_awarded="20000.50"
    )

    rows = json_rows(client, "contributi")

    assert [row["IMPORTO"] for row in rows] == [
        Decimal("50000.00"),
        Decimal("20000.50"),
    ]
    assert [row["BENEFICIARIO"] for row in rows] == [
        item.team.lead.legal_name for item in submitted[:2]
    ]
    ranking = call.ranking
    assert {row["NUMERO_ATTO"] for row in rows} == {ranking.act_number}
    assert {row["FASE"] for row in rows} == {"Contributo assegnato in graduatoria"}
    # no public project yet: the link is the public ranking
    assert {row["LINK_PROGETTO"] for row in rows} == {
        f"http://testserver/graduatorie/{ranking.pk}/"
    }
    assert {row["COD_LOCALE_PROGETTO"] for row in rows} == {""}


def test_a_draft_ranking_is_never_published(client):
    call, _submitted = approved_ranking_call(funded=2)
    Ranking.objects.filter(call=call).update(status=RankingStatus.DRAFT)

    assert csv_rows(client, "contributi") == []
    assert "0 contributi trovati" in client.get("/trasparenza/contributi/").text


def test_agreements_of_a_plan_sent_back_are_not_published(client):
    setup, _agreements_made = _agreements(
        grants=("30000.00",), status=PlanStatus.APPROVED
    )
    setup.version.status = PlanStatus.RETURNED
    setup.version.remarks = "Rivedere."
    setup.version.save()

    assert csv_rows(client, "contributi") == []


def test_a_validated_plan_links_the_entries_to_their_public_projects(client):
    version = make_plan(status=PlanStatus.VALIDATED, funded=2)

    rows = csv_rows(client, "contributi")

    codes = {row.project.code for row in version.funded_projects.all()}
    assert {row["COD_LOCALE_PROGETTO"] for row in rows} == codes
    assert {row["LINK_PROGETTO"] for row in rows} == {
        f"http://testserver/progetti/{code}/" for code in codes
    }


def test_a_plan_still_in_draft_does_not_publish_its_projects_in_the_grants(client):
    make_plan(status=PlanStatus.DRAFT, funded=1)

    (row,) = csv_rows(client, "contributi")

    assert row["COD_LOCALE_PROGETTO"] == ""
    assert "/graduatorie/" in row["LINK_PROGETTO"]


# -- the page ----------------------------------------------------------------


def test_the_page_lists_the_grants_and_filters_by_ats_and_year(client):
    setup, _made = _agreements(grants=("45000.01",))
    approved_ranking_call(funded=1, ats_slug="brescia")
    year = setup.version.act_date.year

    page = client.get("/trasparenza/contributi/")
    milano = client.get("/trasparenza/contributi/", {"ats": "milano", "year": year})
    other_year = client.get("/trasparenza/contributi/", {"year": year - 1})

    assert page.status_code == 200
    assert "2 contributi trovati" in page.text
    assert "45.000,01" in page.text
    assert setup.teams[0].lead.legal_name in milano.text
    assert "1 contributo trovato" in milano.text
    assert "0 contributi trovati" in other_year.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "duemila"}, "Indicare un anno di quattro cifre"),
        ({"year": "1999"}, "Indicare un anno dal 2000 in poi"),
        ({"ats": "atlantide"}, "La scelta effettuata non compare"),
    ],
)
def test_a_bad_filter_is_refused_beside_its_field_and_the_table_still_shows(
    client, query, message
):
    _agreements(grants=("30000.00",))

    response = client.get("/trasparenza/contributi/", query)

    assert response.status_code == 200
    assert message in response.text
    assert "Alcuni filtri non sono validi" in response.text
    assert "1 contributo trovato" in response.text


def test_the_results_fragment_answers_the_filter_form(client):
    _agreements(grants=("30000.00",))

    response = client.get("/trasparenza/contributi/", {"partial": "results"})

    assert response.status_code == 200
    assert 'id="grant-results"' in response.text
    assert "<html" not in response.text


def test_the_page_is_paginated_by_fifty_across_agreements_and_entries(client):
    _agreements(grants=("30000.00", "20000.00"))
    approved_ranking_call(funded=2, ats_slug="brescia")
    rows = GrantRows()

    assert rows.count() == 4
    assert [row.stage for row in rows[1:3]] == [
        "Convenzione da sottoscrivere",
        "Contributo assegnato in graduatoria",
    ]
    assert [row.amount for row in rows[0:4]] == [row.amount for row in rows]


def _page_queries(client):
    cache.clear()  # the factories do not invalidate the public pages
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/trasparenza/contributi/")
    assert response.status_code == 200
    return len(queries)


def test_the_page_reads_the_same_number_of_queries_for_one_or_many_grants(client):
    _agreements(grants=("30000.00",))
    approved_ranking_call(funded=1, ats_slug="brescia")
    one = _page_queries(client)
    _agreements(grants=("30000.00", "20000.00", "10000.00"), ats_slug="bergamo")
    approved_ranking_call(funded=3, ats_slug="pavia")

    assert _page_queries(client) == one


def test_the_download_reads_the_same_number_of_queries_for_one_or_many_grants(
    client,
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/dati-aperti/contributi.csv")
            b"".join(response.streaming_content)
        return len(captured)

    _agreements(grants=("30000.00",))
    approved_ranking_call(funded=1, ats_slug="brescia")
    one = queries()
    _agreements(grants=("30000.00", "20000.00", "10000.00"), ats_slug="bergamo")
    approved_ranking_call(funded=3, ats_slug="pavia")

    assert queries() == one
