"""A lead body founds an alliance and adds a partner; another organisation
files a Scheda partnership; the lead accepts it from the queue (htmx)."""

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.partnerships.models import Alliance, PartnerRequest
from conciliare.registry.models import Typology
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_lead_founds_an_alliance_and_accepts_a_scheda(
    page, phone_page, axe_check, browser_session
):
    # given three organisations of the registry and their representatives
    lead = OrganisationFactory.create(
        legal_name="Comune di Legnano", typology=Typology.PUBLIC_BODY
    )
    partner = OrganisationFactory.create(legal_name="CISL Milano Metropoli")
    joining = OrganisationFactory.create(legal_name="Confartigianato Alto Milanese")
    lead_rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=lead)
    joining_rep = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=joining)

    # the lead's representative founds the alliance
    browser_session(page, lead_rep)
    page.goto("/area-riservata/alleanze/")
    axe_check(page)
    page.get_by_role("link", name="Registra una nuova alleanza").click()
    page.wait_for_url("**/area-riservata/alleanze/nuova/")
    axe_check(page)
    page.locator("#id_ats").select_option(
        label="ATS della Città Metropolitana di Milano"
    )
    page.locator("#id_name").fill("La conciliazione innova la piccola impresa")
    page.locator("#id_description").fill(
        "Welfare aziendale per micro e piccole imprese."
    )
    page.get_by_label("2020-2023").check(force=True)
    page.locator("#id_contact_email").fill("pianodizona@example.org")
    page.get_by_role("button", name="Registra l'alleanza").click()
    page.wait_for_url("**/area-riservata/alleanze/*/")
    alliance = Alliance.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(alliance.name)
    expect(page.locator("#composition-2020-2023")).to_contain_text(
        "Servono almeno 4 enti nel partenariato: ce n'è 1."
    )
    axe_check(page)

    # and adds a partner by its tax code
    page.get_by_role("link", name="Aggiungi un partner").click()
    page.wait_for_url("**/partner/nuovo/")
    axe_check(page)
    page.locator("#id_organisation").fill(partner.tax_code)
    page.locator("#id_technical_contribution").fill("Sportello per i lavoratori")
    page.locator("#id_economic_contribution").fill("1.500,00")
    page.get_by_role("button", name="Aggiungi all'alleanza").click()
    page.wait_for_url(f"**/area-riservata/alleanze/{alliance.pk}/")
    expect(page.locator("#partners")).to_contain_text("CISL Milano Metropoli")
    expect(page.locator("#partners")).to_contain_text("1.500,00 €")

    # another organisation's representative files a Scheda partnership
    page.context.clear_cookies()
    browser_session(page, joining_rep)
    page.goto(f"/area-riservata/alleanze/{alliance.pk}/scheda-partnership/")
    axe_check(page)
    page.locator("#id_content_contribution").fill("Consulenza alle imprese artigiane")
    page.locator("#id_message").fill("Vorremmo aderire all'alleanza.")
    page.get_by_role("button", name="Invia la scheda partnership").click()
    page.wait_for_url("**/area-riservata/alleanze/richieste/*/")
    expect(page.locator("#request-status")).to_have_text("Richiesta")
    axe_check(page)
    partner_request = PartnerRequest.objects.get()

    # the lead accepts it from the queue, without leaving the page
    page.context.clear_cookies()
    browser_session(page, lead_rep)
    page.goto(f"/area-riservata/alleanze/{alliance.pk}/richieste/")
    axe_check(page)
    page.get_by_role("button", name="Accogli Confartigianato Alto Milanese").click()
    card = page.locator(f"#request-{partner_request.pk}")
    expect(card.locator(".request-status")).to_have_text("Accolta")
    expect(card).to_contain_text("è ora partner dell'alleanza")
    axe_check(page)

    # the manage page, on a phone, lists the three organisations
    browser_session(phone_page, lead_rep)
    phone_page.goto(f"/area-riservata/alleanze/{alliance.pk}/")
    expect(phone_page.locator("#partners")).to_contain_text(
        "Confartigianato Alto Milanese"
    )
    axe_check(phone_page)
