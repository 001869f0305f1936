"""An ATS officer searches the registry and registers a new organisation."""

import pytest

from conciliare.registry.models import Organisation
from conciliare.registry.tests.factories import (
    OrganisationFactory,
    with_wrong_check_digit,
)
from conciliare.territory.models import Comune

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VALID_TAX_CODE = "00743110157"


def test_an_officer_searches_then_registers_an_organisation(
    page, live_server, axe_check, make_actor, browser_session
):
    # given
    OrganisationFactory.create(
        legal_name="Comune di Legnano", comune=Comune.objects.get(name="Legnano")
    )
    OrganisationFactory.create(legal_name="Fondazione Brixia", is_synthetic=True)
    browser_session(page, make_actor("ats_officer"))

    # the list, then a search answered by htmx in place
    page.goto("/enti/")
    assert page.get_by_role("heading", level=1).inner_text() == "Anagrafe degli enti"
    assert page.locator("#organisation-table tbody tr").count() == 2
    axe_check(page)
    page.evaluate("window.notReloaded = true")
    page.get_by_role("textbox", name="Cerca").fill("legnano")
    page.get_by_role("button", name="Cerca").click()
    page.wait_for_url("**/enti/?*q=legnano*")
    rows = page.locator("#organisation-table tbody tr")
    rows.nth(1).wait_for(state="detached")
    assert rows.count() == 1
    assert page.evaluate("window.notReloaded") is True  # swapped by htmx
    assert "Comune di Legnano" in rows.first.inner_text()
    axe_check(page)

    # the form, submitted with a wrong check digit
    page.get_by_role("link", name="Registra un nuovo ente").click()
    page.wait_for_url("**/enti/nuovo/")
    axe_check(page)
    wrong = with_wrong_check_digit(VALID_TAX_CODE)
    page.locator("#id_legal_name").fill("Cooperativa Sociale Il Girasole")
    page.locator("#id_tax_code").fill(wrong)
    page.locator("#id_legal_form").select_option(label="Cooperativa sociale")
    page.locator("#id_typology").select_option(value="private_nonprofit")
    page.locator("#id_size_class").select_option(value="small")
    page.locator("#id_comune").select_option(label="Legnano (MI)")
    page.locator("#id_email").fill("info@girasole.example.org")
    page.get_by_role("button", name="Salva").click()
    page.wait_for_load_state("domcontentloaded")

    # the error sits next to the field, which keeps what was typed
    error = page.locator("#id_tax_code_error")
    assert error.inner_text() == (
        f"Il codice fiscale {wrong} non è valido: la cifra di controllo è errata."
    )
    tax_code = page.locator("#id_tax_code")
    assert tax_code.input_value() == wrong
    assert tax_code.get_attribute("aria-invalid") == "true"
    assert "id_tax_code_error" in (tax_code.get_attribute("aria-describedby") or "")
    assert page.locator("#id_legal_name").input_value() == (
        "Cooperativa Sociale Il Girasole"
    )
    assert not Organisation.objects.filter(legal_name__contains="Girasole").exists()
    axe_check(page)

    # corrected and saved: the detail page
    tax_code.fill(VALID_TAX_CODE)
    page.get_by_role("button", name="Salva").click()
    page.wait_for_url("**/enti/*/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Cooperativa Sociale Il Girasole"
    )
    assert "Ente «Cooperativa Sociale Il Girasole» registrato." in page.inner_text(
        "main"
    )
    assert "organisation.create" in page.inner_text(".event-log")
    organisation = Organisation.objects.get(tax_code=VALID_TAX_CODE)
    assert page.url.endswith(organisation.get_absolute_url())
    assert organisation.ambito is not None
    assert organisation.ambito.slug == "legnanese"
    axe_check(page)


def test_pagination_and_filter_errors_are_accessible(
    page, live_server, axe_check, make_actor, browser_session
):
    # given: two pages of organisations
    for number in range(30):
        OrganisationFactory.create(legal_name=f"Ente {number:02d}")
    browser_session(page, make_actor("regional_officer"))

    # a bad filter is explained, the list still shows
    page.goto("/enti/?typology=bogus")
    assert "Alcuni filtri non sono validi" in page.inner_text("#results")
    assert page.locator("#id_typology").get_attribute("aria-invalid") == "true"
    axe_check(page)

    # the second page, swapped in by htmx
    page.goto("/enti/")
    page.evaluate("window.notReloaded = true")
    pagination = page.get_by_role("navigation", name="Pagine dell’elenco degli enti")
    pagination.get_by_role("link", name="Pagina successiva").click()
    page.wait_for_url("**/enti/?page=2")
    page.get_by_role("rowheader", name="Ente 25").wait_for()
    assert page.locator("#organisation-table tbody tr").count() == 5
    assert page.evaluate("window.notReloaded") is True
    axe_check(page)
