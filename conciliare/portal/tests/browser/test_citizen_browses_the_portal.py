"""A citizen browses the portal: home → an ATS → an alliance → a project;
searches; filters the documents; reports an accessibility problem. Every
page is checked with axe-core, the ATS page also on a phone."""

import pytest

from conciliare.documents.models import DocumentKind
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.partnerships.tests.factories import AllianceFactory, PartnerFactory
from conciliare.portal.models import Feedback
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def milano(db):
    network = NetworkFactory.create()
    make_membership(
        network=network,
        organisation=OrganisationFactory.create(legal_name="Cooperativa Il Girasole"),
        status=MembershipStatus.ACTIVE,
        directory_consent=True,
    )
    alliance = AllianceFactory.create(
        name="Alleanza Sud – Sud Est Milano",
        lead__legal_name="Spazio Aperto Servizi",
    )
    PartnerFactory.create(alliance=alliance, organisation__legal_name="CISL Milano")
    project = ProjectFactory.create(
        alliance=alliance,
        title="Nuove sinergie reti territoriali",
        public_funding=60000,
        total_cost=85000,
    )
    DocumentFactory.create(
        title="Piano Territoriale di Conciliazione 2020-2023", kind=DocumentKind.PLAN
    )
    DocumentFactory.create(title="Modulo di adesione", kind=DocumentKind.FORM)
    return {"alliance": alliance, "project": project}


def test_a_citizen_goes_from_the_home_to_a_project(page, axe_check, milano):
    # the home
    page.goto("/")
    axe_check(page)
    page.get_by_role("link", name="ATS Milano", exact=True).click()
    page.wait_for_url("**/ats/milano/")

    # the ATS page: network, alliances and projects, committee, documents
    table = page.locator("#alliance-project-table")
    assert "Spazio Aperto Servizi" in table.inner_text()
    assert page.locator("#members-by-typology").is_visible()
    axe_check(page)
    table.get_by_role("link", name="Alleanza Sud – Sud Est Milano").click()
    page.wait_for_url(f"**{milano['alliance'].get_absolute_url()}")

    # the alliance
    assert "CISL Milano" in page.locator("#partner-table").inner_text()
    axe_check(page)
    page.get_by_role("link", name="Nuove sinergie reti territoriali").click()
    page.wait_for_url(f"**{milano['project'].get_absolute_url()}")

    # the project
    assert page.locator("#project-public-funding").inner_text() == "€ 60.000"
    axe_check(page)


def test_a_citizen_searches_and_filters(page, axe_check, milano):
    # search
    page.goto("/cerca/")
    axe_check(page)
    page.get_by_label("Che cosa cerca").fill("ab")
    page.get_by_role("button", name="Cerca").click()
    page.wait_for_url("**/cerca/?q=ab")
    assert page.get_by_text("Scrivere almeno 3 caratteri.").is_visible()
    axe_check(page)
    page.get_by_label("Che cosa cerca").fill("sinergie")
    page.get_by_role("button", name="Cerca").click()
    page.wait_for_url("**/cerca/?q=sinergie")
    assert "Nuove sinergie" in page.locator("#project-results").inner_text()
    axe_check(page)

    # the project list, filtered by status (htmx swaps the results)
    page.goto("/progetti/")
    page.get_by_label("Stato").select_option("completed")
    page.get_by_role("button", name="Filtra").click()
    page.wait_for_url("**/progetti/?*status=completed*")
    assert page.get_by_text("0 progetti trovati.").is_visible()
    axe_check(page)

    # the documents: title, start of validity, file; filtered by kind
    page.goto("/documenti/")
    page.get_by_label("Tipo").select_option("plan")
    page.get_by_role("button", name="Filtra").click()
    page.wait_for_url("**/documenti/?*kind=plan*")
    results = page.locator("#document-results")
    assert "Piano Territoriale" in results.inner_text()
    assert "Modulo di adesione" not in results.inner_text()
    axe_check(page)

    # the alliance list, filtered by ATS
    page.goto("/alleanze/")
    page.get_by_label("ATS").select_option("brescia")
    page.get_by_role("button", name="Filtra").click()
    page.wait_for_url("**/alleanze/?*ats=brescia*")
    assert page.get_by_text("0 alleanze trovate.").is_visible()
    axe_check(page)


def test_a_citizen_reports_an_accessibility_problem(page, axe_check):
    page.goto("/alleanze/")
    page.get_by_role("link", name="Segnala un problema di accessibilità").click()
    page.wait_for_url("**/accessibilita/segnalazione/?pagina=**")
    assert page.get_by_label("Pagina").input_value() == "/alleanze/"
    axe_check(page)

    # a mistake first: reported beside the field
    page.get_by_label("E-mail").fill("anna.verdi")
    page.get_by_label("Segnalazione").fill("La tabella non si legge con lo zoom.")
    page.get_by_role("button", name="Invia la segnalazione").click()
    assert page.locator("#id_email_error").is_visible()
    axe_check(page)

    page.get_by_label("E-mail").fill("anna.verdi@example.org")
    page.get_by_role("button", name="Invia la segnalazione").click()
    page.wait_for_url("**/accessibilita/segnalazione/inviata/")
    assert page.get_by_role("status").is_visible()
    axe_check(page)
    assert Feedback.objects.get().page_url == "/alleanze/"


def test_the_ats_page_on_a_phone(phone_page, axe_check, milano):
    phone_page.goto("/ats/milano/")
    assert phone_page.locator("#alliance-project-table").is_visible()
    axe_check(phone_page)
