"""An officer of ATS Milano sets the advance of the plan's agreements,
generates them, opens one and records its signature (a missing file is
refused beside its field); the lead body's representative then reads the
agreement on a phone and downloads it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conciliare.plans.models import Agreement, AgreementStatus
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.projects.models import ProjectStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_officer_signs_an_agreement_that_the_lead_body_reads(
    page, phone_page, axe_check, browser_session
):
    setup = make_agreement_plan(grants=("45000.01", "30000.00"))
    browser_session(page, setup.officer)

    # the officer sets the advance to 40% of the grant
    page.goto(f"/area-riservata/convenzioni/piano/{setup.plan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Convenzioni del")
    expect(page.locator("#agreements-empty")).to_be_visible()
    axe_check(page)
    expect(page.locator("#id_advance_share")).to_have_value("50,00")
    page.locator("#id_advance_share").fill("40")
    page.get_by_role("button", name="Salva lo schema").click()
    page.wait_for_url(f"**/convenzioni/piano/{setup.plan.pk}/")
    expect(page.locator("#id_advance_share")).to_have_value("40,00")
    axe_check(page)

    # generates the agreements
    page.get_by_role("button", name="Predisponi le convenzioni").click()
    page.wait_for_url(f"**/convenzioni/piano/{setup.plan.pk}/")
    table = page.locator("#agreements-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("18.000,00")  # 40% of 45.000,01
    expect(table).to_contain_text("27.000,01")
    axe_check(page)

    # opens the first one
    agreement = Agreement.objects.order_by("number").first()
    assert agreement is not None
    page.get_by_role("link", name=agreement.number).click()
    page.wait_for_url(f"**/convenzioni/{agreement.pk}/")
    expect(page.locator("#agreement-status")).to_have_text("Da sottoscrivere")
    expect(page.locator("#agreement-grant")).to_have_text("€ 45.000,01")
    expect(page.locator("#agreement-pdf")).to_be_visible()
    axe_check(page)

    # signs it: without the file first
    page.locator("#id_signed_on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Registra la sottoscrizione").click()
    expect(page.locator("#id_signed_file_error")).to_contain_text(
        "Allegare la convenzione sottoscritta"
    )
    expect(page.locator("#id_signed_on")).to_have_value(
        timezone.localdate().isoformat()
    )
    axe_check(page)
    page.locator("#id_signed_file").set_input_files(
        {
            "name": "convenzione-firmata.pdf",
            "mimeType": "application/pdf",
            "buffer": PDF,
        }
    )
    page.get_by_role("button", name="Registra la sottoscrizione").click()
    page.wait_for_url(f"**/convenzioni/{agreement.pk}/")
    expect(page.locator("#agreement-status")).to_have_text("Sottoscritta")
    expect(page.locator("#agreement-signed")).to_be_visible()
    axe_check(page)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.project.status == ProjectStatus.AGREEMENT_SIGNED

    # the lead body's representative reads it on a phone
    browser_session(phone_page, setup.teams[0].lead_rep)
    phone_page.goto("/area-riservata/convenzioni/")
    axe_check(phone_page)
    phone_page.get_by_role("link", name=agreement.number).click()
    phone_page.wait_for_url(f"**/convenzioni/{agreement.pk}/")
    expect(phone_page.locator("#agreement-status")).to_have_text("Sottoscritta")
    expect(phone_page.locator("#instalments")).to_contain_text("18.000,00")
    expect(phone_page.locator("#sign")).to_have_count(0)
    axe_check(phone_page)
    with phone_page.expect_download() as download:
        phone_page.locator("#agreement-signed").click()
    assert download.value.suggested_filename == "convenzione-firmata.pdf"
