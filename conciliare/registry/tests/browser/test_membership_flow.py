"""A person asks to join ATS Milano's network; an ATS officer approves."""

import pytest
from playwright.sync_api import expect

from conciliare.registry.models import Membership
from conciliare.registry.tests.factories import NetworkFactory, OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_citizen_applies_and_the_officer_approves(
    page, live_server, axe_check, make_actor, browser_session
):
    # given
    network = NetworkFactory.create()
    organisation = OrganisationFactory.create(legal_name="Cooperativa Il Girasole")
    browser_session(page, make_actor("citizen"))

    # the citizen applies
    page.goto(f"/enti/reti/{network.pk}/aderisci/")
    axe_check(page)
    page.locator("#id_tax_code").fill(organisation.tax_code)
    page.locator("#id_legal_representative").focus()
    # the form says the organisation is known, and folds its data away
    expect(page.locator("#organisation-lookup")).to_contain_text("già registrato")
    page.locator("#id_legal_representative").fill("Maria Rossi")
    page.locator("#id_contact_name").fill("Luca Bianchi")
    page.locator("#id_contact_email").fill("referente@example.org")
    # Bootstrap Italia draws the checkbox on the label, as a person clicks it
    for name in ("privacy_accepted", "regulation_accepted"):
        page.locator(f"label[for=id_{name}]").click()
        expect(page.locator(f"#id_{name}")).to_be_checked()
    page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_url("**/enti/adesioni/*/")
    membership = Membership.objects.get()
    assert page.locator("#protocol-number").inner_text() == membership.protocol_number
    axe_check(page)

    # the officer approves
    page.context.clear_cookies()
    browser_session(page, make_actor("ats_officer"))
    page.goto(f"/enti/reti/{network.pk}/richieste/")
    axe_check(page)
    page.get_by_role("link", name=membership.protocol_number).click()
    page.wait_for_url("**/enti/adesioni/*/")
    axe_check(page)
    # without the signed form, the officer must say how it was verified
    page.get_by_role("button", name="Approva l'adesione").click()
    expect(page.locator("#id_verification_note_error")).to_contain_text(
        "non è allegato"
    )
    axe_check(page)
    page.get_by_label("Come è stata verificata la richiesta").fill(
        "PEC prot. 1234 del 10/11/2026"
    )
    page.get_by_role("button", name="Approva l'adesione").click()
    expect(page.locator("#membership-status")).to_have_text("Attiva")
    expect(page.locator("#verification-note")).to_contain_text("PEC prot. 1234")
    axe_check(page)
