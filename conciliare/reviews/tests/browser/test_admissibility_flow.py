"""An officer of ATS Milano starts the admissibility check of a closed call,
reads the pre-checks, asks one lead body for clarification; the lead body
answers; the officer declares one application admissible and the other not
admissible (a missing reason is refused beside its field)."""

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import Submission
from conciliare.reviews.models import AdmissibilityStatus, ApplicationReview
from conciliare.reviews.tests.admissibility.reviewable import reviewable_call

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_checks_two_applications_with_one_clarification(
    page, axe_check, browser_session
):
    call, submitted = reviewable_call(applications=2)
    first, second = (item.application for item in submitted)
    first_protocol, second_protocol = (
        Submission.objects.get(
            application=application, withdrawn_at=None
        ).protocol_number
        for application in (first, second)
    )
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    browser_session(page, officer)

    # the officer starts the check of the closed call
    page.goto(f"/area-riservata/istruttoria/{call.pk}/")
    axe_check(page)
    page.get_by_role("button", name="Avvia l'istruttoria").click()
    page.wait_for_url(f"**/area-riservata/istruttoria/{call.pk}/")
    expect(page.locator("#call-status")).to_contain_text("In valutazione")
    expect(page.locator("#review-list tbody tr")).to_have_count(2)
    axe_check(page)

    # reads the pre-checks of the first application
    page.get_by_role("link", name=first_protocol).click()
    page.wait_for_url("**/istruttoria/domande/*/")
    expect(page.locator("#precheck-list tbody tr")).to_have_count(7)
    expect(page.locator('#precheck-list tr[data-code="cofinancing"]')).to_contain_text(
        "Superata"
    )
    axe_check(page)

    # asks the lead body to clarify the summary
    page.get_by_role("link", name="Chiedi chiarimenti all'ente capofila").click()
    page.wait_for_url("**/soccorso/")
    axe_check(page)
    page.locator("#id_message").fill("Indicare in quali comuni apre lo sportello.")
    page.get_by_label("Sintesi del progetto").check(force=True)
    page.get_by_role("button", name="Invia la richiesta").click()
    page.wait_for_url("**/istruttoria/domande/*/")
    expect(page.locator("#review-status")).to_have_text("Soccorso istruttorio in corso")
    expect(page.locator("#decision-waiting")).to_be_visible()
    axe_check(page)
    review_url = page.url

    # the lead body sees the request on its application and answers it
    browser_session(page, submitted[0].team.lead_rep)
    page.goto(first.get_absolute_url())
    expect(page.locator("#open-clarification")).to_contain_text(
        "Indicare in quali comuni"
    )
    axe_check(page)
    page.get_by_role("link", name="Rispondi alla richiesta").click()
    page.wait_for_url("**/istruttoria/soccorso/*/")
    expect(page.locator("#id_summary")).to_have_value(first.summary)
    expect(page.locator("#id_objectives")).to_have_count(0)
    axe_check(page)
    page.locator("#id_summary").fill("Sportelli a Milano, Sesto e Cinisello.")
    page.locator("#id_answer_note").fill("Aperti anche il sabato mattina.")
    page.get_by_role("button", name="Invia la risposta").click()
    page.wait_for_url(f"**{first.get_absolute_url()}")
    expect(page.locator("#admissibility-status")).to_have_text("Da istruire")
    axe_check(page)

    # the officer reads the answer beside the submitted value and admits it
    browser_session(page, officer)
    page.goto(review_url)
    expect(page.locator("#clarification-1")).to_contain_text(
        "Sportelli a Milano, Sesto e Cinisello."
    )
    expect(page.locator("#clarification-1")).to_contain_text(first.summary)
    axe_check(page)
    page.get_by_label("Ammissibile", exact=True).check(force=True)
    page.get_by_role("button", name="Registra l'esito").click()
    page.wait_for_url(f"**/area-riservata/istruttoria/{call.pk}/")
    axe_check(page)

    # the second is not admissible: without a reason it is refused
    page.get_by_role("link", name=second_protocol).click()
    page.wait_for_url("**/istruttoria/domande/*/")
    page.get_by_label("Non ammissibile").check(force=True)
    page.get_by_role("button", name="Registra l'esito").click()
    expect(page.locator("#id_reason_error")).to_contain_text(
        "Indicare il motivo della non ammissibilità"
    )
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    page.locator("#id_reason").fill("L'accordo di partenariato non è firmato.")
    page.get_by_role("button", name="Registra l'esito").click()
    page.wait_for_url(f"**/area-riservata/istruttoria/{call.pk}/")
    expect(page.locator('#review-counts dd[data-status="admissible"]')).to_have_text(
        "1"
    )
    expect(
        page.locator('#review-counts dd[data-status="not_admissible"]')
    ).to_have_text("1")
    axe_check(page)
    assert dict(ApplicationReview.objects.values_list("application_id", "status")) == {
        first.pk: AdmissibilityStatus.ADMISSIBLE,
        second.pk: AdmissibilityStatus.NOT_ADMISSIBLE,
    }
