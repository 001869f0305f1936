"""The lead body's representative prepares an application from an empty
draft (autosave, rows, budget checked against the call, uploads), submits
it and downloads the receipt."""

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from conciliare.applications.models import Application, Submission
from conciliare.applications.tests.factories import PDF, day, make_team
from conciliare.calls.tests.factories import make_call

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _autosaved(page, name, value):
    """Wait for the answer to an autosave that carried ``name=value`` (the
    field typed last: that save carries everything typed before it)."""

    def is_it(response):
        request = response.request
        return (
            request.method == "POST"
            and request.headers.get("hx-request") == "true"
            and parse_qs(request.post_data or "").get(name) == [value]
        )

    return page.expect_response(is_it)


def test_the_lead_prepares_submits_and_gets_the_receipt(
    page, phone_page, axe_check, browser_session
):
    # given an open call and an alliance of its ATS that meets its rules
    call = make_call()
    team = make_team(ats=call.ats)
    start, end = day(60), day(400)
    browser_session(page, team.lead_rep)

    # the representative starts from the open calls
    page.goto("/area-riservata/domande/")
    axe_check(page)
    page.get_by_role(
        "link", name=f"Prepara una domanda per l'avviso {call.title}"
    ).click()
    page.wait_for_url("**/domande/nuova/?call=*")
    axe_check(page)
    page.locator("#id_title").fill("Tempi comuni per le famiglie")
    page.get_by_role("button", name="Avvia la domanda").click()
    page.wait_for_url("**/domande/*/")
    application = Application.objects.get()
    expect(page.locator("#checker")).to_contain_text(
        "Scrivere la sintesi del progetto."
    )
    axe_check(page)

    # fills the general section, saved automatically
    page.get_by_role("link", name="Modifica i dati generali").click()
    page.wait_for_url("**/generale/")
    axe_check(page)
    page.locator("#id_summary").fill("Servizi salva-tempo per chi lavora.")
    page.locator("#id_areas_0").check(force=True)
    page.locator("#id_starts_on").fill(start.isoformat())
    page.locator("#id_ends_on").fill(end.isoformat())
    page.locator("#id_objectives").fill("Ridurre il tempo speso nella cura.")
    with _autosaved(page, "objectives", "Ridurre il tempo speso nella cura."):
        page.locator("#id_objectives").press("Tab")
    expect(page.locator("#autosave-status")).to_contain_text("Salvato alle")
    expect(page.locator("#section-failures")).to_contain_text(
        "Questa sezione rispetta le regole dell'avviso."
    )
    application.refresh_from_db()
    assert application.objectives == "Ridurre il tempo speso nella cura."
    assert page.locator("#draft-version").input_value() == str(application.version)

    # adds an action
    page.get_by_role("link", name="Azioni", exact=True).click()
    page.wait_for_url("**/azioni/")
    axe_check(page)
    page.locator("#id_actions-0-title").fill("Sportello conciliazione")
    page.locator("#id_actions-0-responsible").select_option(str(team.lead.pk))
    page.locator("#id_actions-0-starts_on").fill(start.isoformat())
    page.locator("#id_actions-0-ends_on").fill(
        (start + timedelta(days=100)).isoformat()
    )
    page.locator("#id_actions-0-description").fill("Apertura settimanale")
    with _autosaved(page, "actions-0-description", "Apertura settimanale"):
        page.locator("#id_actions-0-description").press("Tab")
    expect(page.locator("#autosave-status")).to_contain_text("Salvato alle")

    # a target group and an indicator
    page.get_by_role("link", name="Destinatari e indicatori").click()
    page.wait_for_url("**/destinatari/")
    page.locator("#id_target_groups-0-kind").select_option("workers")
    page.locator("#id_target_groups-0-expected_beneficiaries").fill("120")
    page.locator("#id_indicators-0-name").fill("Lavoratori raggiunti")
    page.locator("#id_indicators-0-unit").fill("persone")
    page.locator("#id_indicators-0-baseline").fill("0")
    page.locator("#id_indicators-0-target").fill("120")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator(".alert-success")).to_contain_text("salvata")
    axe_check(page)
    assert application.indicators.count() == 1

    # a budget with too little co-financing: the checker says so
    page.get_by_role("link", name="Piano economico").click()
    page.wait_for_url("**/budget/")
    page.locator("#id_budget_lines-0-organisation").select_option(str(team.lead.pk))
    page.locator("#id_budget_lines-0-category").select_option("personnel")
    page.locator("#id_budget_lines-0-cofinancing_source").select_option("own")
    page.locator("#id_budget_lines-0-cost").fill("40.000,00")
    page.locator("#id_budget_lines-0-grant_requested").fill("30.000,00")
    with _autosaved(page, "budget_lines-0-grant_requested", "30.000,00"):
        page.locator("#id_budget_lines-0-grant_requested").press("Tab")
    expect(page.locator("#section-failures")).to_contain_text(
        "Il cofinanziamento dei partner è il 25,00% del costo totale "
        "(€ 10.000,00 su € 40.000,00): l'avviso chiede almeno il 30,00%."
    )
    expect(page.locator("#cofinancing-share")).to_contain_text("25,00%")
    axe_check(page)
    # fixed
    page.locator("#id_budget_lines-0-grant_requested").fill("20.000,00")
    with _autosaved(page, "budget_lines-0-grant_requested", "20.000,00"):
        page.locator("#id_budget_lines-0-grant_requested").press("Tab")
    expect(page.locator("#cofinancing-share")).to_contain_text("50,00%")
    expect(page.locator("#budget_lines-0-cofinancing")).to_contain_text("€ 20.000,00")
    expect(page.locator("#section-failures")).to_contain_text(
        "Questa sezione rispetta le regole dell'avviso."
    )

    # the overview still misses the attachments
    page.goto(application.get_absolute_url())
    expect(page.locator("#checker")).to_contain_text(
        "Manca l'allegato obbligatorio «Accordo di partenariato sottoscritto»."
    )
    page.get_by_role("link", name="Correggi nella sezione «Allegati»").click()
    page.wait_for_url("**/allegati/")
    axe_check(page)
    for requirement in call.required_attachments.order_by("position"):
        form = page.locator(f"#requirement-{requirement.pk} form").last
        form.locator("input[type=file]").set_input_files(
            {"name": "firmato.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        form.locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_contain_text("firmato.pdf")
    axe_check(page)

    # submits
    page.goto(application.get_absolute_url())
    expect(page.locator("#checker-ok")).to_be_visible()
    page.get_by_role("link", name="Invia la domanda").click()
    page.wait_for_url("**/invia/")
    axe_check(page)
    page.get_by_role("button", name="Invia la domanda").click()
    page.wait_for_url(application.get_absolute_url())
    submission = Submission.objects.get()
    expect(page.locator(".alert-success")).to_contain_text(
        f"Domanda inviata: protocollo {submission.protocol_number} del"
    )
    expect(page.locator("#protocol-number")).to_contain_text(submission.protocol_number)
    axe_check(page)

    # and downloads the receipt
    href = page.locator(".receipt-link").first.get_attribute("href")
    receipt = page.request.get(href)
    assert receipt.status == 200
    assert receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")

    # the overview reads well on a phone
    browser_session(phone_page, team.lead_rep)
    phone_page.goto(application.get_absolute_url())
    expect(phone_page.locator("#application-status")).to_have_text("Inviata")
    axe_check(phone_page)
