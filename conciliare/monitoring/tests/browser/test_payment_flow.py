"""An officer of ATS Milano opens the monitoring list, opens a project and
records its advance (without the act's number first: refused beside the
field), then finds it in the payments and in the project's history; the
lead body's representative then declares, on a phone, the start of the
activities."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conciliare.monitoring.models import Payment
from conciliare.monitoring.tests.factories import signed_project
from conciliare.projects.models import ProjectStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_pays_the_advance_and_the_lead_body_starts_the_project(
    page, phone_page, axe_check, browser_session
):
    funded = signed_project()
    project = funded.project
    today = timezone.localdate()
    browser_session(page, funded.officer)

    # the officer opens the monitoring list and the project
    page.goto("/area-riservata/progetti/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progetti e monitoraggio")
    expect(page.locator(f"#project-{project.code}")).to_contain_text("45.000,00")
    axe_check(page)
    page.get_by_role("link", name=project.code).click()
    page.wait_for_url(f"**/progetti/{project.code}/")
    expect(page.locator("#project-status")).to_have_text("Convenzione sottoscritta")
    expect(page.locator("#id_advance-amount")).to_have_value("22500,00")
    axe_check(page)

    # records the advance: without the act's number first
    page.locator("#id_advance-act_date").fill((today - timedelta(days=1)).isoformat())
    page.locator("#id_advance-paid_on").fill(today.isoformat())
    page.get_by_role("button", name="Registra: Anticipo").click()
    expect(page.locator("#id_advance-act_number_error")).to_contain_text(
        "Indicare il numero dell'atto di liquidazione"
    )
    expect(page.locator("#id_advance-paid_on")).to_have_value(today.isoformat())
    axe_check(page)
    page.locator("#id_advance-act_number").fill("LIQ-2024-118")
    page.get_by_role("button", name="Registra: Anticipo").click()
    page.wait_for_url(f"**/progetti/{project.code}/")
    expect(page.locator("#payments-table")).to_contain_text("LIQ-2024-118")
    expect(page.locator("#payments-total")).to_have_text("€ 22.500,00")
    expect(page.locator("#timeline")).to_contain_text("Pagamento registrato")
    expect(page.locator("#payment-advance")).to_have_count(0)
    axe_check(page)
    assert Payment.objects.get().act_number == "LIQ-2024-118"

    # the lead body's representative declares the start on a phone
    browser_session(phone_page, funded.lead_rep)
    phone_page.goto(f"/area-riservata/progetti/{project.code}/")
    expect(phone_page.locator("#payments-table")).to_contain_text("22.500,00")
    expect(phone_page.locator("#payment-advance")).to_have_count(0)
    axe_check(phone_page)
    phone_page.locator("#id_start-started_on").fill(today.isoformat())
    phone_page.get_by_role("button", name="Registra l'avvio").click()
    phone_page.wait_for_url(f"**/progetti/{project.code}/")
    expect(phone_page.locator("#project-status")).to_have_text("In corso")
    expect(phone_page.locator("#timeline")).to_contain_text("Avvio delle attività")
    axe_check(phone_page)
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
