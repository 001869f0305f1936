"""A person joins ATS Milano's network for an organisation not registered
yet, attaches the signed Modulo di adesione, and an officer approves."""

import re

import pytest
from playwright.sync_api import expect

from conciliare.documents.tests.samples import pdf_bytes
from conciliare.registry.models import Membership, Organisation
from conciliare.registry.tests.factories import NetworkFactory, OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_TAX_CODE = "00743110157"


def _type_tax_code(page, tax_code, *, answer):
    """Type the tax code and leave the field: the form says what it knows."""
    page.get_by_label("Codice fiscale dell'ente").fill(tax_code)
    page.get_by_label("Legale rappresentante").focus()
    expect(page.locator("#organisation-lookup")).to_contain_text(answer)


def _fill_request(page):
    page.get_by_label("Legale rappresentante").fill("Maria Rossi")
    page.locator("#id_contact_name").fill("Luca Bianchi")
    page.locator("#id_contact_email").fill("referente@example.org")
    _accept(page)


def _accept(page):
    # Bootstrap Italia draws the checkbox on the label, as a person clicks it
    for name in ("privacy_accepted", "regulation_accepted"):
        page.locator(f"label[for=id_{name}]").click()
        expect(page.locator(f"#id_{name}")).to_be_checked()


def test_a_new_organisation_joins_with_its_signed_form(
    page, live_server, axe_check, make_actor, browser_session, tmp_path
):
    # given a network and a citizen acting for an organisation not registered
    network = NetworkFactory.create()
    browser_session(page, make_actor("citizen"))
    signed = tmp_path / "modulo-firmato.pdf"
    signed.write_bytes(pdf_bytes("Modulo firmato"))

    # the citizen opens the joining form and types an unknown tax code
    page.goto(f"/enti/reti/{network.pk}/aderisci/")
    axe_check(page)
    _type_tax_code(page, NEW_TAX_CODE, answer="Nessun ente registrato")
    _fill_request(page)
    fieldset = page.get_by_role("group", name="Dati dell'ente")
    expect(fieldset).to_be_visible()

    # sending without the organisation's data shows the errors, input kept
    page.get_by_role("button", name="Invia la richiesta").click()
    expect(page.locator("#id_ente-legal_name_error")).to_be_visible()
    expect(page.locator("#id_contact_name")).to_have_value("Luca Bianchi")
    axe_check(page)
    assert not Membership.objects.exists()

    # the citizen fills in the organisation's data and sends
    page.get_by_label("Denominazione").fill("Cooperativa Sociale Il Girasole")
    page.get_by_label("Forma giuridica").select_option("social_cooperative")
    page.get_by_label("Tipologia").select_option("private_nonprofit")
    page.get_by_label("Dimensione").select_option("small")
    page.get_by_label("Comune").select_option(label="Legnano (MI)")
    page.get_by_label("Indirizzo").fill("Via Roma 1")
    page.get_by_label("CAP").fill("20025")
    page.get_by_label("PEC").fill("girasole@pec.example.org")
    page.locator("#id_ente-email").fill("info@girasole.example.org")
    expect(page.locator("#id_privacy_accepted")).to_be_checked()  # kept
    page.get_by_role("button", name="Invia la richiesta").click()

    # the request's page: the form to download, the signed copy to upload
    expect(page).to_have_url(re.compile(r"/enti/adesioni/\d+/$"))
    membership = Membership.objects.get()
    assert membership.organisation == Organisation.objects.get(tax_code=NEW_TAX_CODE)
    expect(page.locator("#protocol-number")).to_have_text(membership.protocol_number)
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Scarica il modulo di adesione (PDF)").click()
    assert download_info.value.path().read_bytes().startswith(b"%PDF")
    page.get_by_label("Modulo di adesione firmato").set_input_files(signed)
    page.get_by_role("button", name="Carica il modulo firmato").click()
    expect(page.locator("#signed-form")).to_contain_text("modulo-firmato.pdf")
    axe_check(page)

    # the officer finds the signed form attached and approves without a note
    page.context.clear_cookies()
    browser_session(page, make_actor("ats_officer"))
    page.goto(membership.get_absolute_url())
    expect(page.locator("#approval-warning")).to_contain_text("è allegato")
    axe_check(page)
    with page.expect_download() as download_info:
        page.locator("#signed-form").get_by_role("link").click()
    assert download_info.value.path().read_bytes() == signed.read_bytes()
    page.get_by_role("button", name="Approva l'adesione").click()
    expect(page.locator("#membership-status")).to_have_text("Attiva")
    expect(page.locator("#verification-note")).to_contain_text("firmato")
    axe_check(page)


def test_on_a_phone_a_registered_organisation_needs_no_data(
    phone_page, live_server, axe_check, make_actor, browser_session
):
    # given a registered organisation and a citizen on a phone
    network = NetworkFactory.create()
    organisation = OrganisationFactory.create(legal_name="Comune di Rho")
    browser_session(phone_page, make_actor("citizen"))
    page = phone_page

    # the citizen types its tax code: the organisation's fieldset goes away
    page.goto(f"/enti/reti/{network.pk}/aderisci/")
    axe_check(page)
    _type_tax_code(page, organisation.tax_code, answer="Ente già registrato")
    _fill_request(page)
    expect(page.get_by_role("group", name="Dati dell'ente")).to_be_hidden()
    axe_check(page)
    page.get_by_role("button", name="Invia la richiesta").click()

    # the request is filed for the registered organisation
    expect(page).to_have_url(re.compile(r"/enti/adesioni/\d+/$"))
    assert Membership.objects.get().organisation == organisation
    assert Organisation.objects.count() == 1
    axe_check(page)
