"""The projects and subjects datasets: only published projects (a public
plan version, or historical), their OpenCoesione columns, the plan's grant
as public funding, the subjects with their roles; constant queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conciliare.opendata.datasets import progetti, soggetti
from conciliare.opendata.registry import DATASETS
from conciliare.opendata.tests.downloads import csv_rows, json_rows
from conciliare.partnerships.models import Partner
from conciliare.plans.models import PlanStatus
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.projects.models import ProjectOrigin
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db


def _by_code(rows, key="COD_LOCALE_PROGETTO"):
    return {row[key]: row for row in rows}


def test_a_validated_plan_publishes_its_projects_with_the_plan_grant(client):
    setup = make_agreement_plan(grants=("45000.01", "30000.00"))
    first = setup.projects[0]
    first.public_funding = Decimal("1.00")  # the plan's grant wins
    first.save()
    areas = list(InterventionArea.objects.filter(period=first.period)[:2])
    first.areas.set(areas)

    rows = _by_code(csv_rows(client, "progetti"))

    assert set(rows) == {project.code for project in setup.projects}
    row = rows[first.code]
    assert list(row) == progetti.DATASET.column_names
    assert row["OC_TITOLO_PROGETTO"] == first.title
    assert row["CUP"] == ""
    assert row["OC_FINANZ_TOT_PUB_NETTO"] == "45000.01"
    assert row["COSTO_TOTALE"] == str(
        setup.rows[0].total_cost.quantize(Decimal("0.01"))
    )
    assert first.starts_on is not None
    assert first.ends_on is not None
    assert row["OC_DATA_INIZIO_PROGETTO"] == first.starts_on.isoformat()
    assert row["OC_DATA_FINE_PROGETTO_PREVISTA"] == first.ends_on.isoformat()
    assert row["OC_STATO_PROGETTO"] == "Finanziato"
    assert row["ATS"] == setup.plan.ats.name
    assert row["SOGGETTO_PROGRAMMATORE"] == setup.plan.ats.name
    assert row["SOGGETTO_ATTUATORE"] == setup.teams[0].lead.legal_name
    assert row["PERIODO"] == setup.call.period.name
    assert row["ALLEANZA"] == setup.teams[0].alliance.name
    assert row["AREE_INTERVENTO"] == ":::".join(area.name for area in areas)
    assert row["DEN_REGIONE"] == "Lombardia"
    assert row["OC_LINK"] == f"http://testserver/progetti/{first.code}/"


@pytest.mark.parametrize(
    "status", [PlanStatus.DRAFT, PlanStatus.RETURNED], ids=["draft", "returned"]
)
def test_projects_of_a_plan_never_made_public_are_not_published(client, status):
    make_agreement_plan(status=status)

    assert csv_rows(client, "progetti") == []
    assert json_rows(client, "progetti") == []
    assert csv_rows(client, "soggetti") == []


@pytest.mark.parametrize(
    "status", [PlanStatus.APPROVED, PlanStatus.SENT, PlanStatus.SUPERSEDED]
)
def test_projects_of_an_approved_sent_or_superseded_plan_are_published(client, status):
    setup = make_agreement_plan(grants=("30000.00",), status=status)

    assert [row["COD_LOCALE_PROGETTO"] for row in csv_rows(client, "progetti")] == [
        setup.projects[0].code
    ]


def test_historical_projects_are_published_with_their_own_funding(client):
    project = ProjectFactory.create(
        origin=ProjectOrigin.HISTORICAL,
        public_funding=Decimal("12345.60"),
        total_cost=Decimal("20000.00"),
    )

    (row,) = json_rows(client, "progetti")

    assert row["COD_LOCALE_PROGETTO"] == project.code
    assert row["OC_FINANZ_TOT_PUB_NETTO"] == Decimal("12345.60")
    assert row["COSTO_TOTALE"] == Decimal("20000.00")
    assert row["OC_DATA_INIZIO_PROGETTO"] is None
    assert row["ORIGINE"] == "Periodo precedente (dati storici)"


def test_subjects_name_the_ats_the_lead_and_the_current_partners(client):
    setup = make_agreement_plan(grants=("30000.00",))
    team = setup.teams[0]
    gone = team.partners[2]
    Partner.objects.filter(alliance=team.alliance, organisation=gone).update(
        left_on=timezone.localdate()
    )

    rows = csv_rows(client, "soggetti")

    assert {row["COD_LOCALE_PROGETTO"] for row in rows} == {setup.projects[0].code}
    assert list(rows[0]) == soggetti.DATASET.column_names
    by_role: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_role.setdefault(row["SOGG_COD_RUOLO"], []).append(row)
    (programmer,) = by_role["programmatore"]
    assert programmer["OC_DENOMINAZIONE_SOGG"] == setup.plan.ats.name
    assert programmer["OC_CODICE_FISCALE_SOGG"] == ""
    (implementer,) = by_role["attuatore"]
    assert implementer["OC_DENOMINAZIONE_SOGG"] == team.lead.legal_name
    assert implementer["OC_CODICE_FISCALE_SOGG"] == team.lead.tax_code
    assert implementer["SOGG_DESCR_RUOLO"] == "Attuatore"
    assert {row["OC_DENOMINAZIONE_SOGG"] for row in by_role["partner"]} == {
        organisation.legal_name for organisation in team.partners[:2]
    }
    assert {row["TIPOLOGIA_SOGG"] for row in by_role["partner"]} == {
        str(organisation.get_typology_display()) for organisation in team.partners[:2]
    }


def test_the_files_are_in_italian_on_the_english_site_too(client):
    setup = make_agreement_plan(grants=("30000.00",))

    (row,) = [
        row
        for row in csv_rows(client, "progetti")
        if row["COD_LOCALE_PROGETTO"] == setup.projects[0].code
    ]
    english = client.get("/en/dati-aperti/progetti.json")

    assert b"Finanziato" in b"".join(english.streaming_content)
    assert row["OC_STATO_PROGETTO"] == "Finanziato"


def _download_queries(client, dataset):
    with CaptureQueriesContext(connection) as queries:
        for extension in ("csv", "json"):
            response = client.get(f"/dati-aperti/{dataset}.{extension}")
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("dataset", [d.slug for d in DATASETS])
def test_each_download_reads_the_same_number_of_queries_for_one_or_many_rows(
    client, dataset
):
    make_agreement_plan(grants=("30000.00",))
    one = _download_queries(client, dataset)
    make_agreement_plan(grants=("20000.00", "25000.00", "26000.00"), ats_slug="brescia")

    assert _download_queries(client, dataset) == one
