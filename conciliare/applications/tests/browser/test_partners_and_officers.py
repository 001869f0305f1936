"""A partner confirms its part of a draft; the lead body submits and then
withdraws the application; the ATS officer amends the open call (a missing
reason is refused next to its field), reads the applications received, one
of them in full, and downloads the export."""

import uuid

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import ApplicationStatus
from conciliare.applications.submission_services import application_submit
from conciliare.applications.tests.factories import complete_application, make_team
from conciliare.calls.tests.factories import make_call

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_partners_confirm_leads_withdraw_and_officers_review(
    page, axe_check, browser_session
):
    call = make_call()
    team = make_team(ats=call.ats)
    application = complete_application(call=call, team=team)
    detail = f"/area-riservata/domande/{application.pk}/"

    # a partner's representative confirms its role and contribution
    browser_session(page, team.partner_rep)
    page.goto(detail)
    axe_check(page)
    page.get_by_role("button", name="Conferma ruolo e contributo").click()
    page.wait_for_url(f"**{detail}")
    expect(page.locator("#partner-confirmations")).to_contain_text("Confermata il")
    axe_check(page)

    # the lead body submits, then withdraws with a reason
    application_submit(actor=team.lead_rep, application=application, key=uuid.uuid4())
    browser_session(page, team.lead_rep)
    page.goto(detail)
    page.get_by_role("link", name="Ritira la domanda").click()
    page.wait_for_url("**/ritira/")
    axe_check(page)
    page.locator("#id_reason").fill("Correzione del piano economico")
    page.get_by_role("button", name="Ritira la domanda").click()
    page.wait_for_url(f"**{detail}")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    axe_check(page)
    # and submits it again (the form's own flow is the other browser test)
    application_submit(actor=team.lead_rep, application=application, key=uuid.uuid4())

    # the ATS officer amends the call: without a reason it is refused
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    browser_session(page, officer)
    page.goto(f"/area-riservata/avvisi/{call.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Rettifica l'avviso").click()
    page.wait_for_url("**/rettifica/")
    axe_check(page)
    page.locator("#id_max_grant").fill("60000,00")
    page.get_by_role("button", name="Registra la rettifica").click()
    expect(page.locator("#id_reason_error")).to_contain_text("motivo")
    expect(page.locator("#id_max_grant")).to_have_value("60000,00")
    axe_check(page)
    page.locator("#id_reason").fill("Contributo massimo aumentato (decreto 12/2020)")
    page.get_by_role("button", name="Registra la rettifica").click()
    page.wait_for_url(f"**/area-riservata/avvisi/{call.pk}/")
    assert call.amendments.get().reason.startswith("Contributo massimo")

    # reads the applications received and one of them in full
    page.get_by_role("link", name="Domande ricevute").first.click()
    page.wait_for_url(f"**/avvisi/{call.pk}/domande/")
    axe_check(page)
    protocol = application.submissions.get(withdrawn_at__isnull=True).protocol_number
    page.get_by_role("link", name=protocol).click()
    page.wait_for_url(f"**/avvisi/domande/{application.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.title)
    axe_check(page)

    # and downloads the export
    page.goto(f"/area-riservata/avvisi/{call.pk}/domande/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Esporta in Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # the amendment is public on the call's page
    page.goto(f"/avvisi/{call.pk}/")
    expect(page.locator("main")).to_contain_text("decreto 12/2020")
    axe_check(page)
