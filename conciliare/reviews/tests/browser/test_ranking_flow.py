"""An officer of ATS Milano computes the ranking of a call in evaluation,
reads its three lists and approves it (a missing act number is refused
beside its field); a visitor then reads the public ranking, also on a phone."""

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.reviews.models import Ranking, RankingStatus
from conciliare.reviews.tests.ranking.conftest import make_scored_call

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_approves_the_ranking_that_a_visitor_reads(
    page, phone_page, axe_check, browser_session
):
    call, applications = make_scored_call(
        totals=[90, 75, 55, None],
        grants=["50000.00", "50000.00", "20000.00", "10000.00"],
        budget="80000.00",
    )
    funded, partly, below, refused = applications
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    browser_session(page, officer)

    # the officer opens the ranking page: nothing stops the computation
    page.goto(f"/area-riservata/graduatorie/{call.pk}/")
    expect(page.locator("#ranking-status")).to_have_text("Non ancora calcolata")
    axe_check(page)
    page.get_by_role("button", name="Calcola la graduatoria").click()
    page.wait_for_url(f"**/area-riservata/graduatorie/{call.pk}/")
    expect(page.locator("#ranking-status")).to_have_text("Proposta")
    axe_check(page)

    # reads the three lists and the money
    expect(page.locator("#funded")).to_contain_text(funded.title)
    expect(page.locator("#funded")).to_contain_text(partly.title)
    expect(page.locator("#funded")).to_contain_text("Ammessa e finanziata in parte")
    expect(page.locator("#not-funded")).to_contain_text(below.title)
    expect(page.locator("#not-funded")).to_contain_text("Punteggio inferiore al minimo")
    expect(page.locator("#not-admitted")).to_contain_text(refused.title)
    expect(page.locator("#allocated")).to_have_text("€ 80.000,00")

    # approves without the act number: refused beside the field
    page.locator("#id_act_date").fill("2026-02-10")
    page.locator("#id_committee_minutes").fill(
        "Seduta del 9 febbraio 2026: punteggi concordati all'unanimità."
    )
    page.get_by_role("button", name="Approva la graduatoria").click()
    expect(page.locator("#id_act_number_error")).to_have_text(
        "Indicare il numero dell'atto di approvazione."
    )
    expect(page.locator("#id_committee_minutes")).to_have_value(
        "Seduta del 9 febbraio 2026: punteggi concordati all'unanimità."
    )
    axe_check(page)
    page.locator("#id_act_number").fill("212/2026")
    page.get_by_role("button", name="Approva la graduatoria").click()
    page.wait_for_url(f"**/area-riservata/graduatorie/{call.pk}/")
    expect(page.locator("#ranking-status")).to_have_text("Approvata")
    expect(page.locator("#scorrimento")).to_be_visible()
    axe_check(page)
    ranking = Ranking.objects.get(call=call)
    assert ranking.status == RankingStatus.APPROVED
    assert ranking.document is not None

    # the first funded alliance renounces: its funds complete the partly funded one
    page.get_by_role("link", name="Registra una rinuncia").click()
    page.wait_for_url(f"**/area-riservata/graduatorie/{call.pk}/rinuncia/")
    axe_check(page)
    first = ranking.entries.get(application=funded)
    page.locator("#id_renounce-entry").select_option(value=str(first.pk))
    page.get_by_role("button", name="Registra la rinuncia").click()
    expect(page.locator("#id_renounce-reason_error")).to_be_visible()
    axe_check(page)
    page.locator("#id_renounce-reason").fill("Rinuncia comunicata dall'ente capofila.")
    page.get_by_role("button", name="Registra la rinuncia").click()
    page.wait_for_url(f"**/area-riservata/graduatorie/{call.pk}/")
    expect(page.locator("#funded")).not_to_contain_text("Ammessa e finanziata in parte")
    axe_check(page)

    # a visitor finds it among the public rankings and reads it
    phone_page.goto("/graduatorie/")
    axe_check(phone_page)
    phone_page.get_by_role("link", name=call.title).click()
    phone_page.wait_for_url(f"**/graduatorie/{ranking.pk}/")
    expect(phone_page.locator("#act")).to_contain_text("n. 212/2026 del 10/02/2026")
    expect(phone_page.locator("#funded")).to_contain_text(partly.title)
    expect(phone_page.locator("#ranking-pdf")).to_be_visible()
    axe_check(phone_page)
