"""A visitor opens the open data from the footer, reads the projects' data
dictionary, downloads the projects CSV and opens the grants table of
Amministrazione trasparente, filtering it (a bad year refused beside the
field); then does the same on a phone."""

import codecs
import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conciliare.plans.agreement_services import agreements_generate
from conciliare.plans.tests.agreement_factories import make_agreement_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_reads_and_downloads_the_open_data_and_the_grants(
    page, phone_page, axe_check
):
    setup = make_agreement_plan(grants=("45000.01", "30000.00"))
    agreements_generate(actor=setup.officer, version=setup.version)
    lead = setup.teams[0].lead

    # from the footer of the home page to the catalogue
    page.goto("/")
    page.locator("#footer").get_by_role("link", name="Dati aperti", exact=True).click()
    page.wait_for_url("**/dati-aperti/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dati aperti")
    axe_check(page)

    # the projects' data dictionary
    page.get_by_role(
        "link", name="Dizionario dei dati di «Progetti delle Alleanze locali"
    ).click()
    page.wait_for_url("**/dati-aperti/progetti/")
    table = page.locator("#dictionary-table")
    expect(table).to_contain_text("OC_FINANZ_TOT_PUB_NETTO")
    expect(table).to_contain_text("COD_LOCALE_PROGETTO")
    axe_check(page)

    # downloads the CSV and finds the plan's projects in it
    with page.expect_download() as info:
        page.get_by_role("link", name="Scarica il CSV").click()
    download = info.value
    assert download.suggested_filename == "conciliare-progetti.csv"
    body = Path(download.path()).read_bytes()
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert {row["COD_LOCALE_PROGETTO"] for row in rows} == {
        project.code for project in setup.projects
    }
    assert {row["OC_FINANZ_TOT_PUB_NETTO"] for row in rows} == {"45000.01", "30000.00"}

    # the grants table, from the footer
    page.locator("#footer").get_by_role(
        "link", name="Trasparenza: contributi concessi"
    ).click()
    page.wait_for_url("**/trasparenza/contributi/")
    grants = page.locator("#grant-table")
    expect(grants.locator("tbody tr")).to_have_count(2)
    expect(grants).to_contain_text(lead.legal_name)
    expect(grants).to_contain_text("45.000,01")
    axe_check(page)

    # a bad year is refused beside its field, the table stays
    page.locator("#id_year").fill("1999")
    page.get_by_role("button", name="Filtra").click()
    expect(page.locator("#grant-filter-errors")).to_contain_text(
        "Anno dell'atto: Indicare un anno dal 2000 in poi."
    )
    expect(grants.locator("tbody tr")).to_have_count(2)
    axe_check(page)
    page.reload()  # the address keeps the filter: the error sits beside the field
    expect(page.locator("#id_year_error")).to_contain_text("dal 2000")
    expect(page.locator("#id_year")).to_have_value("1999")

    # the act's year keeps both
    act_date = setup.version.act_date
    assert act_date is not None
    page.locator("#id_year").fill(str(act_date.year))
    page.locator("#id_ats").select_option(label=setup.plan.ats.name)
    page.get_by_role("button", name="Filtra").click()
    expect(page.locator("#grant-results")).to_contain_text("2 contributi trovati")

    # on a phone
    phone_page.goto("/dati-aperti/")
    axe_check(phone_page)
    phone_page.goto("/dati-aperti/soggetti/")
    expect(phone_page.locator("#dictionary-table")).to_contain_text("SOGG_COD_RUOLO")
    axe_check(phone_page)
    phone_page.goto("/trasparenza/contributi/")
    expect(phone_page.locator("#grant-table")).to_contain_text(lead.legal_name)
    axe_check(phone_page)
