"""An officer of ATS Milano drafts and adopts the DTI, prepares a call from
the documented defaults, edits a criterion and publishes it; a visitor then
finds the call in /avvisi/ and reads it (also on a phone)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.calls.models import Call, CallStatus, GuidanceDocument
from conciliare.documents.tests.factories import PDF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Avviso per i progetti delle alleanze locali 2020-2023"


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_publishes_a_call_that_a_visitor_reads(
    page, phone_page, axe_check, browser_session
):
    officer = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    browser_session(page, officer)

    # the officer starts the DTI of 2020-2023
    page.goto("/area-riservata/avvisi/indirizzi/")
    axe_check(page)
    page.get_by_role("link", name="Avvia un nuovo documento").click()
    page.wait_for_url("**/indirizzi/nuovo/")
    axe_check(page)
    page.locator("#id_period").select_option(label="2020-2023")
    page.locator("#id_title").fill("Documento Territoriale di Indirizzo 2020-2023")
    page.get_by_role("button", name="Avvia il documento").click()
    guidance_url = "**/area-riservata/avvisi/indirizzi/*/"
    page.wait_for_url(guidance_url)
    axe_check(page)

    # writes two sections
    page.locator("#id_context").fill("Famiglie con figli piccoli e caregiver.")
    page.locator("#id_strategies").fill("Servizi salva-tempo e welfare aziendale.")
    page.get_by_role("button", name="Salva").click()
    page.wait_for_url(guidance_url)
    expect(page.locator("#id_context")).to_have_value(
        "Famiglie con figli piccoli e caregiver."
    )

    # and adopts it with the act
    page.get_by_role("link", name="Registra l'atto di adozione").click()
    page.wait_for_url("**/adozione/")
    axe_check(page)
    page.locator("#id_act_number").fill("103")
    page.locator("#id_act_date").fill("2020-02-28")
    page.locator("#id_act_file").set_input_files(
        {"name": "decreto-103.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Adotta il documento").click()
    page.wait_for_url(guidance_url)
    expect(page.locator("#guidance-status")).to_have_text("Adottato")
    axe_check(page)
    guidance = GuidanceDocument.objects.get()
    assert guidance.act_document is not None

    # then prepares a call: the period first, then the documented defaults
    page.goto("/area-riservata/avvisi/")
    axe_check(page)
    page.get_by_role("link", name="Prepara un nuovo avviso").click()
    page.wait_for_url("**/avvisi/nuovo/")
    axe_check(page)
    page.get_by_role("link", name="Periodo 2020-2023").click()
    page.wait_for_url("**/avvisi/nuovo/?period=2020-2023")
    expect(page.locator("#id_system_action_share")).to_have_value("20,00")
    expect(page.locator("#id_min_cofinancing_share")).to_have_value("30,00")
    expect(page.locator("#id_max_grant")).to_have_value("50000,00")
    # 31/05/2023 has passed: the officer must give the call's own date
    expect(page.locator("#id_activities_end_by")).to_have_value("")
    expect(page.locator("#id_min_partners")).to_have_value("4")
    expect(page.locator("#id_areas_0")).to_be_checked()
    axe_check(page)
    now = timezone.now()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_guidance").select_option(label=f"{guidance.title} (Adottato)")
    page.locator("#id_act_number").fill("486")
    page.locator("#id_act_date").fill(timezone.localdate().isoformat())
    page.locator("#id_total_budget").fill("337.126,00")
    page.locator("#id_opens_at").fill(_local(now - timedelta(hours=1)))
    page.locator("#id_closes_at").fill(_local(now + timedelta(days=30)))
    page.locator("#id_activities_end_by").fill(
        (timezone.localdate() + timedelta(days=700)).isoformat()
    )
    page.get_by_role("button", name="Crea l'avviso").click()
    page.wait_for_url("**/area-riservata/avvisi/*/")
    call = Call.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#call-projects-budget")).to_contain_text("269.700,80")
    expect(page.locator("#publish-ready")).to_be_visible()
    axe_check(page)

    # edits a criterion
    page.get_by_role("link", name="Criteri di valutazione").click()
    page.wait_for_url("**/criteri/")
    axe_check(page)
    page.locator("#id_criteria-0-max_points").fill("30")
    page.get_by_role("button", name="Salva").click()
    page.wait_for_url(f"**/area-riservata/avvisi/{call.pk}/")
    expect(page.locator("#call-criteria")).to_contain_text("su 105")

    # and publishes the call
    page.get_by_role("button", name="Pubblica l'avviso").click()
    page.wait_for_url(f"**/area-riservata/avvisi/{call.pk}/")
    expect(page.locator("#call-status")).to_have_text("Pubblicato")
    axe_check(page)
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED

    # a visitor finds it among the calls and opens it
    page.context.clear_cookies()
    page.goto("/avvisi/")
    axe_check(page)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/avvisi/{call.pk}/")
    expect(page.locator("#call-status")).to_have_text("Pubblicato")
    expect(page.get_by_role("link", name="Presenta una domanda")).to_have_attribute(
        "href", f"/area-riservata/domande/nuova/?call={call.pk}"
    )
    expect(page.locator("#call-rules")).to_contain_text(
        "almeno il 30% del costo totale del progetto"
    )
    expect(page.locator("#call-criteria")).to_contain_text(
        "Coerenza con il Documento Territoriale di Indirizzo"
    )
    axe_check(page)

    # also on a phone
    phone_page.goto(f"/avvisi/{call.pk}/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe_check(phone_page)
