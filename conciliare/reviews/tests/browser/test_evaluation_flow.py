"""The committee evaluates an admissible application: the officer assigns
two evaluators; the first declares a conflict of interest and no longer
reaches the application; the second declares none, scores every criterion
and submits; the officer assigns a third, who scores too; then the officer
records the committee's score."""

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.reviews.models import EvaluatorAssignment
from conciliare.reviews.tests.factories import closed_call, make_review, make_seat

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _assign(page, review, seat, protocol):
    page.locator(f"#id_review-{review.pk}-seat").select_option(str(seat.pk))
    page.get_by_role("button", name=f"Assegna alla domanda {protocol}").click()
    page.wait_for_load_state()


def _score_and_submit(page, axe_check, criteria, points):
    for criterion, value in zip(criteria, points, strict=True):
        page.locator(f"#id_points_{criterion.pk}").fill(value)
        page.locator(f"#id_comment_{criterion.pk}").fill("Coerente con il DTI.")
    page.get_by_role("button", name="Salva la bozza").click()
    expect(page.locator("#save-status")).to_contain_text("Bozza salvata.")
    axe_check(page)
    page.get_by_role("button", name="Consegna la valutazione").click()
    expect(page.locator("#evaluation-status")).to_contain_text("Valutazione consegnata")
    axe_check(page)


def test_the_committee_evaluates_an_application(page, axe_check, browser_session):
    call, [submitted] = closed_call(applications=1)
    review = make_review(submitted.application)
    submission = submitted.application.current_submission
    assert submission is not None
    protocol = submission.protocol_number
    criteria = list(call.criteria.order_by("position"))
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    first, second, third = (make_seat(call=call) for _ in range(3))
    assignments_url = f"/area-riservata/valutazione/avvisi/{call.pk}/"

    # the officer assigns two evaluators
    browser_session(page, officer)
    page.goto(assignments_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Valutazione delle domande ammissibili"
    )
    axe_check(page)
    _assign(page, review, first, protocol)
    _assign(page, review, second, protocol)
    expect(page.locator(f"#review-{review.pk}-progress")).to_contain_text(
        "Valutatori senza conflitto: 2 su 2 richiesti"
    )
    axe_check(page)

    # the first declares a conflict of interest
    browser_session(page, first.user)
    page.goto("/area-riservata/valutazione/")
    axe_check(page)
    page.get_by_role("link", name=f"Rendi la dichiarazione per {protocol}").click()
    page.wait_for_url("**/dichiarazione/")
    axe_check(page)
    page.locator("label[for=id_conflict_1]").click()
    page.locator("#id_note").fill("Sono consulente dell'ente capofila.")
    page.get_by_role("button", name="Registra la dichiarazione").click()
    page.wait_for_url("**/area-riservata/valutazione/")
    expect(page.locator("#assignments")).to_contain_text(
        "Esclusa per conflitto di interessi"
    )
    axe_check(page)
    # and no longer reaches the application
    mine = EvaluatorAssignment.objects.get(seat=first)
    response = page.goto(f"/area-riservata/valutazione/assegnazioni/{mine.pk}/")
    assert response.status == 403
    response = page.goto(f"/api/v1/evaluations/assignments/{mine.pk}/application")
    assert response.status == 403

    # the second declares none, scores every criterion and submits
    browser_session(page, second.user)
    page.goto("/area-riservata/valutazione/")
    page.get_by_role("link", name=f"Rendi la dichiarazione per {protocol}").click()
    page.wait_for_url("**/dichiarazione/")
    page.locator("label[for=id_conflict_0]").click()
    page.get_by_role("button", name="Registra la dichiarazione").click()
    page.wait_for_url("**/assegnazioni/*/")
    axe_check(page)
    _score_and_submit(page, axe_check, criteria, ["20", "20", "15", "10", "10"])
    expect(page.locator("#no-other-scores")).to_be_visible()

    # the officer sees one evaluator missing and assigns a third
    browser_session(page, officer)
    page.goto(assignments_url)
    expect(page.locator(f"#review-{review.pk}-progress")).to_contain_text(
        "Valutatori senza conflitto: 1 su 2 richiesti"
    )
    _assign(page, review, third, protocol)
    expect(page.locator(f"#review-{review.pk}-progress")).to_contain_text(
        "Valutatori senza conflitto: 2 su 2 richiesti"
    )

    # who declares, scores and then reads the second's scores
    browser_session(page, third.user)
    page.goto("/area-riservata/valutazione/")
    page.get_by_role("link", name=f"Rendi la dichiarazione per {protocol}").click()
    page.locator("label[for=id_conflict_0]").click()
    page.get_by_role("button", name="Registra la dichiarazione").click()
    page.wait_for_url("**/assegnazioni/*/")
    _score_and_submit(page, axe_check, criteria, ["22", "21,5", "16", "11", "12"])
    expect(page.locator("#other-scores")).to_contain_text(str(second.user))

    # the officer records the committee's score
    browser_session(page, officer)
    page.goto(assignments_url)
    page.get_by_role(
        "link", name=f"Punteggi e consenso della domanda {protocol}"
    ).click()
    page.wait_for_url("**/valutazione/domande/*/")
    expect(page.locator("#submitted-scores")).to_contain_text("21,5")
    axe_check(page)
    for criterion, value in zip(
        criteria, ["21", "21", "15,5", "10,5", "11"], strict=True
    ):
        page.locator(f"#id_points_{criterion.pk}").fill(value)
        page.locator(f"#id_justification_{criterion.pk}").fill("Concordato in seduta.")
    page.locator("#id_note").fill("Seduta del Comitato.")
    page.get_by_role("button", name="Registra il punteggio").click()
    expect(page.locator("#consensus-status")).to_contain_text("Registrato")
    expect(page.locator("#consensus-status")).to_contain_text("79,00")
    axe_check(page)
    review.refresh_from_db()
    assert str(review.total_score) == "79.00"
