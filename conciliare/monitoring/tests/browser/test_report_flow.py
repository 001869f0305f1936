"""The lead body's representative fills in the interim report (texts,
beneficiaries reached, an indicator, an attachment) and submits it; the
ATS's officer first asks for changes without saying which (refused beside
the field), then accepts it; the representative reads it on a phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conciliare.monitoring.models import ReportStatus
from conciliare.monitoring.tests.factories import signed_project
from conciliare.monitoring.tests.test_report_services import interim, started

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_lead_body_submits_its_report_and_the_officer_accepts_it(
    page, phone_page, axe_check, browser_session
):
    funded = started(signed_project())
    report = interim(funded)
    report_url = reverse(
        "monitoring:report-detail",
        kwargs={"code": funded.project.code, "pk": report.pk},
    )
    browser_session(page, funded.lead_rep)

    # the representative opens the report started from the project page
    page.goto(report_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Relazione intermedia")
    expect(page.locator("#report-status")).to_have_text("In compilazione")
    expect(page.locator("#report-missing")).to_contain_text("attività realizzate")
    axe_check(page)

    # writes what was done
    page.locator("#id_activities").fill("Sportello conciliazione aperto due giorni.")
    page.locator("#id_narrative").fill("Il progetto procede come previsto.")
    page.get_by_role("button", name="Salva i dati generali").click()
    page.wait_for_url(f"**{report_url}#general")
    expect(page.locator("#id_activities")).to_have_value(
        "Sportello conciliazione aperto due giorni."
    )

    # the beneficiaries reached: 40 workers (25 women, 15 men), 12 families
    page.locator("#id_reach-0-reached").fill("40")
    page.locator("#id_reach-0-women").fill("25")
    page.locator("#id_reach-0-men").fill("15")
    page.get_by_role("button", name="Aggiungi una riga").click()
    page.locator("#id_reach-1-kind").select_option("families")
    page.locator("#id_reach-1-reached").fill("12")
    expect(page.locator("#id_reach-0-reached")).to_have_value("40")
    axe_check(page)
    page.get_by_role("button", name="Salva i destinatari").click()
    page.wait_for_url(f"**{report_url}#reach")
    expect(page.locator(".reach-row")).to_have_count(2)

    # an indicator and an attachment
    page.locator("#id_indicators-0-value").fill("40")
    page.get_by_role("button", name="Salva gli indicatori").click()
    page.wait_for_url(f"**{report_url}#indicators")
    expect(page.locator("#id_indicators-0-value")).to_have_value("40,00")
    page.locator("#id_description").fill("Registro delle presenze")
    page.locator("#id_file").set_input_files(
        {"name": "registro.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Carica l'allegato").click()
    page.wait_for_url(f"**{report_url}#attachments")
    expect(page.locator("#attachment-list")).to_contain_text("Registro delle presenze")
    expect(page.locator("#report-ready")).to_be_visible()
    axe_check(page)

    # and submits it
    page.get_by_role("button", name="Invia la relazione all'ATS").click()
    page.wait_for_url(f"**{report_url}")
    expect(page.locator("#report-status")).to_have_text("Inviata")
    expect(page.locator("#report-on-time")).to_be_visible()
    expect(page.locator("#reach-totals")).to_contain_text("40")
    axe_check(page)

    # the ATS's officer asks for changes without saying which
    page.context.clear_cookies()
    browser_session(page, funded.officer)
    page.goto(report_url)
    expect(page.locator("#indicator-table")).to_contain_text("33,3%")  # 40 of 120
    axe_check(page)
    page.get_by_role("button", name="Chiedi integrazioni").click()
    expect(page.locator("#id_note_error")).to_contain_text("Indicare che cosa")
    expect(page.locator("#report-status")).to_have_text("Inviata")
    axe_check(page)

    # then accepts it
    page.get_by_role("button", name="Accetta la relazione").click()
    page.wait_for_url(f"**{report_url}")
    expect(page.locator("#report-status")).to_have_text("Accettata")
    expect(page.locator("#reopen")).to_be_visible()
    axe_check(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED

    # the officer's list of overdue reports
    page.goto(reverse("monitoring:overdue"))
    expect(page.locator("#overdue-empty")).to_be_visible()
    axe_check(page)

    # the representative reads the accepted report on a phone
    browser_session(phone_page, funded.lead_rep)
    phone_page.goto(report_url)
    expect(phone_page.locator("#report-status")).to_have_text("Accettata")
    expect(phone_page.locator("#reach-totals")).to_contain_text("Famiglie")
    expect(phone_page.locator("#decision")).to_have_count(0)
    axe_check(phone_page)
