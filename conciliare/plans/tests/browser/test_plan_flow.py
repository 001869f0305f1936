"""An officer of ATS Milano creates the plan from the approved ranking, adds
a system action with a network operator, approves it with the act (a
missing act number refused beside its field) and sends it; a regional
officer returns it with remarks from the Region's view; the officer
approves and sends it again; the Region validates it; a visitor reads the
public plan, also on a phone."""

import re

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.documents.tests.factories import PDF
from conciliare.plans.models import PlanStatus, PlanVersion
from conciliare.plans.tests.factories import approved_ranking_call
from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import NetworkFactory, make_membership

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLAN_URL = "**/area-riservata/piani/*/"


def _approve(page, axe_check, act_number):
    page.locator("#approve-link").click()
    page.wait_for_url("**/approva/")
    axe_check(page)
    page.locator("#id_act_date").fill("2026-05-29")
    page.locator("#id_act_file").set_input_files(
        {"name": "delibera.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    if act_number:
        page.locator("#id_act_number").fill(act_number)
    page.get_by_role("button", name="Approva il piano").click()


def test_a_plan_from_the_ranking_to_the_regions_validation(
    page, phone_page, axe_check, browser_session
):
    milano = ats("milano")
    officer = make_user(Role.ATS_OFFICER, ats=milano)
    call, _submitted = approved_ranking_call(funded=2, officer=officer)
    network = NetworkFactory.create(ats=milano, period=call.period)
    operator = make_membership(network=network, status=MembershipStatus.ACTIVE)
    regional = make_user(Role.REGIONAL_OFFICER)

    # the officer creates the plan from the approved ranking
    browser_session(page, officer)
    page.goto("/area-riservata/piani/")
    axe_check(page)
    page.get_by_role(
        "button", name=re.compile("Crea il piano dalla graduatoria")
    ).click()
    page.wait_for_url(PLAN_URL)
    expect(page.locator("#plan-status")).to_have_text("In preparazione")
    expect(page.locator("#plan-projects tbody tr")).to_have_count(2)
    axe_check(page)

    # adds a system action with a network operator
    page.get_by_role("link", name="Aggiungi un'azione di sistema").click()
    page.wait_for_url("**/azioni/nuova/")
    axe_check(page)
    page.locator("#id_title").fill("Sportello di conciliazione di rete")
    page.locator("#id_description").fill("Informazione e orientamento alle imprese.")
    page.locator("#id_budget").fill("20.000,00")
    page.get_by_label(operator.organisation.legal_name).check(force=True)
    page.get_by_role("button", name="Salva l'azione").click()
    page.wait_for_url(PLAN_URL)
    actions = page.locator("#system-actions")
    expect(actions).to_contain_text("Sportello di conciliazione di rete")
    expect(actions).to_contain_text(operator.organisation.legal_name)

    # approves it: without the act number the form says so beside the field
    _approve(page, axe_check, act_number="")
    expect(page.locator("#id_act_number_error")).to_have_text(
        "Indicare il numero dell'atto di approvazione."
    )
    expect(page.locator("#id_act_number")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    page.locator("#id_act_number").fill("390")
    page.locator("#id_act_file").set_input_files(
        {"name": "delibera.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Approva il piano").click()
    page.wait_for_url(PLAN_URL)
    expect(page.locator("#plan-status")).to_have_text("Approvato dall'ATS")
    axe_check(page)

    # and sends it to the Region
    page.locator("#send-button").click()
    page.wait_for_url(PLAN_URL)
    expect(page.locator("#plan-status")).to_have_text("Trasmesso alla Regione")

    # the regional officer returns it with remarks from the Region's view
    page.context.clear_cookies()
    browser_session(page, regional)
    page.goto("/area-riservata/piani/regione/")
    axe_check(page)
    expect(page.locator("#region-plans tbody tr")).to_have_count(8)
    milano_row = page.locator('tr[data-ats="milano"]')
    expect(milano_row).to_contain_text("Trasmesso alla Regione")
    expect(milano_row.locator(".committed")).to_have_text("€ 120.000,00")
    milano_row.get_by_role("link", name=re.compile("Restituisci")).click()
    page.wait_for_url("**/restituisci/")
    axe_check(page)
    page.locator("#id_remarks").fill("Indicare le date dell'azione di sistema.")
    page.get_by_role("button", name="Restituisci il piano").click()
    page.wait_for_url("**/area-riservata/piani/regione/")
    expect(page.locator('tr[data-ats="milano"]')).to_contain_text(
        "Restituito con osservazioni"
    )

    # the officer reads the remarks, approves and sends it again
    page.context.clear_cookies()
    browser_session(page, officer)
    version = PlanVersion.objects.get()
    page.goto(f"/area-riservata/piani/{version.plan_id}/")
    expect(page.locator("#plan-remarks")).to_contain_text(
        "Indicare le date dell'azione di sistema."
    )
    axe_check(page)
    _approve(page, axe_check, act_number="412")
    page.wait_for_url(PLAN_URL)
    page.locator("#send-button").click()
    page.wait_for_url(PLAN_URL)
    expect(page.locator("#plan-status")).to_have_text("Trasmesso alla Regione")

    # the Region validates it
    page.context.clear_cookies()
    browser_session(page, regional)
    page.goto("/area-riservata/piani/regione/")
    page.locator('tr[data-ats="milano"]').get_by_role(
        "button", name=re.compile("Valida")
    ).click()
    page.wait_for_url("**/area-riservata/piani/regione/")
    expect(page.locator('tr[data-ats="milano"]')).to_contain_text(
        "Validato dalla Regione"
    )
    axe_check(page)
    version.refresh_from_db()
    assert version.status == PlanStatus.VALIDATED
    assert version.act_number == "412"

    # a visitor reads the public plan, also on a phone
    page.context.clear_cookies()
    page.goto("/piani/")
    axe_check(page)
    page.get_by_role("link", name=version.plan.title).click()
    page.wait_for_url("**/piani/milano/2020-2023/")
    expect(page.get_by_role("heading", level=1)).to_have_text(version.plan.title)
    expect(page.locator("#plan-projects tbody tr")).to_have_count(2)
    expect(page.locator("#plan-act")).to_contain_text("412")
    expect(page.get_by_text("Sportello di conciliazione di rete")).to_be_visible()
    axe_check(page)
    phone_page.goto("/piani/milano/2020-2023/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(version.plan.title)
    axe_check(phone_page)
