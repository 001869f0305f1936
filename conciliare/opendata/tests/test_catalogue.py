"""The catalogue, the data dictionaries, the two formats of every dataset,
the DCAT-AP_IT description and the API."""

import json
import re
from decimal import Decimal

import pytest

from conciliare.dashboards.tests.monitoring_rows import pay, recover, report
from conciliare.opendata.registry import DATASETS
from conciliare.opendata.tests.downloads import csv_rows, download_bytes, json_rows
from conciliare.plans.agreement_services import agreements_generate
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.territory.models import Allocation

pytestmark = pytest.mark.django_db

SLUGS = [dataset.slug for dataset in DATASETS]


@pytest.fixture
def published():
    setup = make_agreement_plan(grants=("45000.01", "30000.00"))
    agreements_generate(actor=setup.officer, version=setup.version)
    project = setup.projects[0]
    pay(project, "22500.01")
    recover(project, "0.01")
    report(
        project,
        reach={("workers", None): (25, 15, 10), ("firms", None): (4, None, None)},
        indicators=(("Ore di servizio", "0", "1000", "412.5"),),
    )
    return setup


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("slug", SLUGS)
def test_the_csv_and_the_json_hold_the_same_rows(client, slug):
    dataset = next(d for d in DATASETS if d.slug == slug)
    from_csv = csv_rows(client, slug)
    from_json = json_rows(client, slug)

    assert from_csv, "the fixture publishes rows in every dataset"
    assert len(from_csv) == len(from_json)
    for csv_row, json_row in zip(from_csv, from_json, strict=True):
        assert list(csv_row) == list(json_row) == dataset.column_names
        for column in dataset.columns:
            value = json_row[column.name]
            if value is None:
                expected = ""
            elif column.kind == "amount":
                assert isinstance(value, Decimal)
                expected = f"{value:.2f}"  # two decimals in the JSON too
                assert str(value) == expected
            elif column.kind == "decimal":  # 25 or 412.5, as many decimals as needed
                assert isinstance(value, int | Decimal)
                expected = str(value)
            elif column.kind == "date":
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
                expected = value
            else:
                expected = str(value)
            assert csv_row[column.name] == expected, column.name


def test_the_csv_quotes_commas_quotes_and_line_breaks(client, published):
    project = published.projects[0]
    project.title = 'Tempi "liberi", per tutti'
    project.summary = "Prima riga\nseconda riga"
    project.save()

    body = download_bytes(client, "/dati-aperti/progetti.csv").decode("utf-8-sig")
    (row,) = [
        r
        for r in csv_rows(client, "progetti")
        if r["COD_LOCALE_PROGETTO"] == project.code
    ]

    assert '"Tempi ""liberi"", per tutti"' in body
    assert body.split("\n", 1)[0].endswith("\r")
    assert row["OC_TITOLO_PROGETTO"] == 'Tempi "liberi", per tutti'
    assert row["OC_SINTESI_PROGETTO"] == "Prima riga\nseconda riga"


def test_the_allocations_are_published_to_the_cent(client):
    allocation = Allocation.objects.select_related("ats", "period").first()
    assert allocation is not None, "the reference data has the allocations"
    allocation.amount = Decimal("123456.78")
    allocation.save()

    rows = json_rows(client, "assegnazioni")

    assert len(rows) == Allocation.objects.count()
    (row,) = [
        r
        for r in rows
        if r["COD_ATS"] == allocation.ats.code
        and r["ANNO"] == allocation.year
        and r["COD_PERIODO"] == allocation.period.slug
    ]
    assert row["IMPORTO"] == Decimal("123456.78")
    assert row["ATS"] == allocation.ats.name


def test_the_downloads_are_attachments_in_utf8_cacheable(client):
    response = client.get("/dati-aperti/progetti.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="conciliare-progetti.csv"'
    )
    assert "public" in response["Cache-Control"]
    json_response = client.get("/dati-aperti/soggetti.json")
    assert json_response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(b"".join(json_response.streaming_content)) == []


def test_an_unknown_dataset_is_not_found(client):
    assert client.get("/dati-aperti/spese.csv").status_code == 404
    assert client.get("/dati-aperti/spese.json").status_code == 404
    assert client.get("/dati-aperti/spese/").status_code == 404


def test_the_catalogue_page_lists_every_dataset_with_licence_and_formats(client):
    response = client.get("/dati-aperti/")

    assert response.status_code == 200
    for dataset in DATASETS:
        assert str(dataset.title) in response.text
        assert f'href="/dati-aperti/{dataset.slug}.csv"' in response.text
        assert f'href="/dati-aperti/{dataset.slug}.json"' in response.text
        assert f'href="/dati-aperti/{dataset.slug}/"' in response.text
    assert "https://creativecommons.org/licenses/by/4.0/" in response.text


@pytest.mark.parametrize("slug", SLUGS)
def test_the_dictionary_lists_every_column_of_the_dataset(client, slug):
    dataset = next(d for d in DATASETS if d.slug == slug)

    response = client.get(f"/dati-aperti/{slug}/")

    assert response.status_code == 200
    listed = re.findall(r'<th scope="row"><code>([A-Z_]+)</code></th>', response.text)
    header = download_bytes(client, f"/dati-aperti/{slug}.csv").decode("utf-8-sig")
    assert listed == dataset.column_names == header.split("\r\n", 1)[0].split(",")


def test_the_footer_links_the_open_data_and_the_grants(client):
    response = client.get("/")

    assert 'href="/dati-aperti/"' in response.text
    assert 'href="/trasparenza/contributi/"' in response.text


def test_the_dcat_catalogue_names_every_dataset_and_distribution(client, published):
    response = client.get("/dati-aperti/catalogo.jsonld")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@context"]["dcatapit"] == "http://dati.gov.it/onto/dcatapit#"
    assert "dcatapit:Catalog" in catalogue["@type"]
    assert catalogue["dct:publisher"]["foaf:name"] == "Regione Lombardia"
    datasets = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert set(datasets) == {f"r_lombar:conciliare-{slug}" for slug in SLUGS}
    for slug in SLUGS:
        described = datasets[f"r_lombar:conciliare-{slug}"]
        assert "dcatapit:Dataset" in described["@type"]
        assert {t["@language"] for t in described["dct:title"]} == {"it", "en"}
        assert described["dct:rightsHolder"]["dct:identifier"] == "r_lombar"
        assert described["dcat:theme"][0]["@id"].startswith(
            "http://publications.europa.eu/resource/authority/data-theme/"
        )
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", described["dct:modified"]["@value"])
        urls = {d["dcat:downloadURL"]["@id"] for d in described["dcat:distribution"]}
        assert urls == {
            f"http://testserver/dati-aperti/{slug}.csv",
            f"http://testserver/dati-aperti/{slug}.json",
        }
        for distribution in described["dcat:distribution"]:
            assert "dcatapit:Distribution" in distribution["@type"]
            assert distribution["dct:license"]["@id"] == (
                "https://creativecommons.org/licenses/by/4.0/"
            )
            assert distribution["dct:format"]["@id"].rsplit("/", 1)[1] in {
                "CSV",
                "JSON",
            }


def test_the_api_gives_the_catalogue_with_columns_and_downloads(client, published):
    response = client.get("/api/v1/opendata/")

    assert response.status_code == 200
    body = response.json()
    assert [d["identifier"] for d in body["datasets"]] == SLUGS
    projects = body["datasets"][0]
    assert [c["name"] for c in projects["columns"]] == DATASETS[0].column_names
    assert {d["url"] for d in projects["distributions"]} == {
        "http://testserver/dati-aperti/progetti.csv",
        "http://testserver/dati-aperti/progetti.json",
    }
    assert projects["modified"] is not None
    assert body["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
