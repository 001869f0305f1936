"""The lead body's representative fills an interim statement with two
expenses (an invoice and a self-declaration; a wrong amount is refused
beside its field with the rest kept) and sends it; the ATS officer draws the
sample, verifies the self-declaration drawn, checks each expense row by row
(htmx), closes the check and reads the totals; the lead body reads the
statement on a phone."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conciliare.monitoring.models import (
    ExpenseCheck,
    ExpenseEvidence,
    StatementStatus,
    Verification,
)
from conciliare.monitoring.project_services import project_start
from conciliare.monitoring.statement_services import statement_create
from conciliare.monitoring.tests.factories import signed_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_a_statement_is_filled_sent_sampled_checked_and_closed(
    page, phone_page, axe_check, browser_session
):
    funded = signed_project()
    signed_on = funded.agreement.signed_on
    assert signed_on is not None
    project_start(actor=funded.lead_rep, project=funded.project, started_on=signed_on)
    today = timezone.localdate()
    statement = statement_create(
        actor=funded.lead_rep,
        project=funded.project,
        kind="interim",
        period_start=signed_on,
        period_end=today,
    )
    url = reverse(
        "monitoring:statement-detail",
        kwargs={"code": funded.project.code, "pk": statement.pk},
    )
    lead, partner = funded.team.lead, funded.team.partners[0]

    # the lead body's representative opens the statement
    browser_session(page, funded.lead_rep)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rendiconto intermedio n. 1"
    )
    expect(page.locator("#statement-status")).to_have_text("In compilazione")
    expect(page.locator("#expenses-empty")).to_be_visible()
    axe_check(page)

    # a first try with a wrong amount
    page.locator("#id_expense-organisation").select_option(str(lead.pk))
    page.locator("#id_expense-category").select_option("personnel")
    page.locator("#id_expense-description").fill("Coordinamento del progetto")
    page.locator("#id_expense-supplier").fill("Studio Rossi")
    page.locator("#id_expense-evidence").select_option("invoice")
    page.locator("#id_expense-document_number").fill("F-12")
    page.locator("#id_expense-document_date").fill(today.isoformat())
    page.locator("#id_expense-amount").fill("abc")
    page.locator("#id_expense-file").set_input_files(_file("fattura.pdf"))
    page.get_by_role("button", name="Aggiungi la spesa").click()
    expect(page.locator("#id_expense-amount_error")).to_contain_text(
        "Indicare un importo in euro"
    )
    expect(page.locator("#id_expense-description")).to_have_value(
        "Coordinamento del progetto"
    )
    expect(page.locator("#id_expense-document_number")).to_have_value("F-12")
    expect(page.locator("#id_expense-organisation")).to_have_value(str(lead.pk))
    axe_check(page)

    # the amount corrected, the file chosen again
    page.locator("#id_expense-amount").fill("1.250,10")
    page.locator("#id_expense-file").set_input_files(_file("fattura.pdf"))
    page.get_by_role("button", name="Aggiungi la spesa").click()
    page.wait_for_url(f"**{url}#expenses")
    expect(page.locator("#expenses-table tbody tr")).to_have_count(1)

    # the self-declaration of a partner
    page.locator("#id_expense-organisation").select_option(str(partner.pk))
    page.locator("#id_expense-category").select_option("vouchers")
    page.locator("#id_expense-description").fill("Rimborsi per i centri estivi")
    page.locator("#id_expense-evidence").select_option("self_declaration")
    page.locator("#id_expense-document_number").fill("A-1")
    page.locator("#id_expense-document_date").fill(today.isoformat())
    page.locator("#id_expense-amount").fill("300,00")
    page.locator("#id_expense-file").set_input_files(_file("autocertificazione.pdf"))
    page.get_by_role("button", name="Aggiungi la spesa").click()
    page.wait_for_url(f"**{url}#expenses")
    expect(page.locator("#expenses-table tbody tr")).to_have_count(2)
    expect(page.locator("#total-declared")).to_have_text("€ 1.550,10")
    expect(page.locator("#totals-partner")).to_contain_text(partner.legal_name)
    axe_check(page)

    page.get_by_role("button", name="Invia il rendiconto all'ATS").click()
    page.wait_for_url(f"**{url}")
    expect(page.locator("#statement-status")).to_have_text("Inviato")
    expect(page.locator("#expense-add")).to_have_count(0)
    axe_check(page)

    # the ATS officer draws the sample
    statement.refresh_from_db()
    invoice = statement.expenses.get(evidence=ExpenseEvidence.INVOICE)
    declaration = statement.expenses.get(evidence=ExpenseEvidence.SELF_DECLARATION)
    page.context.clear_cookies()
    browser_session(page, funded.officer)
    page.goto(url)
    expect(page.locator("#sample-rule")).to_contain_text("10,00%")
    axe_check(page)
    page.get_by_role("button", name="Estrai il campione").click()
    page.wait_for_url(f"**{url}#sample")
    statement.refresh_from_db()
    expect(page.locator("#sample-seed")).to_have_text(str(statement.sample_seed))
    expect(page.locator("#sample-drawn")).to_contain_text(str(funded.officer))
    expect(page.locator(f"#sampled-{declaration.pk}")).to_contain_text(
        "Rimborsi per i centri estivi"
    )
    axe_check(page)

    # verifies the self-declaration drawn
    page.locator(f"#id_verify-{declaration.pk}-outcome").select_option("confirmed")
    page.locator(f"#sampled-{declaration.pk}").get_by_role("button").click()
    page.wait_for_url(f"**{url}#sample")
    expect(
        page.locator(f"#sampled-{declaration.pk} .sampled-verification")
    ).to_have_text("Confermata")

    # checks the invoice eligible, row by row without reloading the page
    row = page.locator(f"#expense-{invoice.pk}")
    row.locator(f"#id_check-{invoice.pk}-outcome").select_option("eligible")
    row.get_by_role("button").click()
    expect(page.locator(f"#expense-{invoice.pk} [role=status]")).to_have_text(
        "Esito registrato."
    )
    expect(page.locator(f"#expense-{invoice.pk} .expense-check-status")).to_have_text(
        "Ammissibile"
    )

    # and the self-declaration partly eligible: without a reason first
    row = page.locator(f"#expense-{declaration.pk}")
    row.locator(f"#id_check-{declaration.pk}-outcome").select_option("partly_eligible")
    row.locator(f"#id_check-{declaration.pk}-eligible_amount").fill("200,00")
    row.get_by_role("button").click()
    expect(page.locator(f"#id_check-{declaration.pk}-reason_error")).to_contain_text(
        "Motivare"
    )
    expect(page.locator(f"#id_check-{declaration.pk}-eligible_amount")).to_have_value(
        "200,00"
    )
    page.locator(f"#id_check-{declaration.pk}-reason").fill(
        "Un rimborso senza ricevuta"
    )
    page.locator(f"#expense-{declaration.pk}").get_by_role("button").click()
    expect(
        page.locator(f"#expense-{declaration.pk} .expense-check-status")
    ).to_have_text("Parzialmente ammissibile")
    axe_check(page)

    # closes the check and reads the totals
    page.locator("#id_close-note").fill("Verifica conclusa.")
    page.get_by_role("button", name="Concludi la verifica").click()
    page.wait_for_url(f"**{url}")
    expect(page.locator("#statement-status")).to_have_text("Verificato")
    expect(page.locator("#total-declared")).to_have_text("€ 1.550,10")
    expect(page.locator("#total-eligible")).to_have_text("€ 1.450,10")
    expect(page.locator("#reopen-form")).to_be_visible()
    axe_check(page)
    statement.refresh_from_db()
    declaration.refresh_from_db()
    assert statement.status == StatementStatus.CHECKED
    assert declaration.verification == Verification.CONFIRMED
    assert declaration.check_status == ExpenseCheck.PARTLY_ELIGIBLE

    # the lead body reads it on a phone
    browser_session(phone_page, funded.lead_rep)
    phone_page.goto(url)
    expect(phone_page.locator("#statement-status")).to_have_text("Verificato")
    expect(phone_page.locator("#total-eligible")).to_have_text("€ 1.450,10")
    expect(phone_page.locator("#expense-add")).to_have_count(0)
    axe_check(phone_page)
