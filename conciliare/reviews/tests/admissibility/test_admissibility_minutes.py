"""The minutes of the admissibility check, rendered by the worker as a PDF."""

import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import DocumentKind
from conciliare.reviews.admissibility_minutes import (
    admissibility_minutes_html,
    admissibility_minutes_request,
)
from conciliare.reviews.admissibility_services import review_decide, review_start
from conciliare.reviews.clarification_services import (
    clarification_answer,
    clarification_request,
)
from conciliare.reviews.models import AdmissibilityStatus, MinutesKind, ReviewMinutes
from conciliare.reviews.tests.admissibility.reviewable import reviewable_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided():
    call, submitted = reviewable_call(applications=2)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    reviews = {r.application_id: r for r in review_start(actor=officer, call=call)}
    first = reviews[submitted[0].application.pk]
    second = reviews[submitted[1].application.pk]
    request = clarification_request(
        actor=officer, review=first, message="Precisare gli obiettivi.", fields=[]
    )
    clarification_answer(
        actor=submitted[0].team.lead_rep,
        request=request,
        note="Obiettivi misurabili entro 12 mesi.",
    )
    review_decide(actor=officer, review=first, decision=AdmissibilityStatus.ADMISSIBLE)
    return call, officer, first, second


def test_the_minutes_wait_until_every_application_is_decided(decided):
    call, officer, _first, _second = decided
    with pytest.raises(ApplicationError, match="attendono ancora"):
        admissibility_minutes_request(actor=officer, call=call)


def test_the_minutes_pdf_is_produced_and_stored_once(
    decided, django_capture_on_commit_callbacks
):
    call, officer, first, second = decided
    review_decide(
        actor=officer,
        review=second,
        decision=AdmissibilityStatus.NOT_ADMISSIBLE,
        reason="Partenariato privo di micro imprese.",
    )
    html = admissibility_minutes_html(
        call=call, number=1, generated_at=first.decided_at
    )
    assert "Partenariato privo di micro imprese." in html
    assert "Precisare gli obiettivi." in html
    assert "Obiettivi misurabili entro 12 mesi." in html
    with django_capture_on_commit_callbacks(execute=True):
        admissibility_minutes_request(actor=officer, call=call)
    minutes = ReviewMinutes.objects.get(call=call)
    assert minutes.kind == MinutesKind.ADMISSIBILITY
    assert minutes.number == 1
    document = minutes.document
    assert document.kind == DocumentKind.MINUTES
    assert document.is_public is False
    assert document.ats_id == call.ats_id
    with document.file.open("rb") as stored:
        assert stored.read(4) == b"%PDF"
    # asked again with no new decision: nothing more
    with django_capture_on_commit_callbacks(execute=True):
        admissibility_minutes_request(actor=officer, call=call)
    assert ReviewMinutes.objects.filter(call=call).count() == 1
