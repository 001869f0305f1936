"""The pages of the admissibility check, role by role, and what they do."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.calls.models import CallStatus
from conciliare.reviews.admissibility_services import review_start
from conciliare.reviews.clarification_services import clarification_request
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ClarificationRequest,
)
from conciliare.reviews.tests.admissibility.reviewable import reviewable_call

pytestmark = pytest.mark.django_db

OK, FOUND, FORBIDDEN, NOT_FOUND = (
    HTTPStatus.OK,
    HTTPStatus.FOUND,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.NOT_FOUND,
)


@pytest.fixture
def setting():
    call, submitted = reviewable_call(applications=2)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    reviews = {r.application_id: r for r in review_start(actor=officer, call=call)}
    review = reviews[submitted[0].application.pk]
    request = clarification_request(
        actor=officer,
        review=review,
        message="Precisare la sintesi.",
        fields=["summary"],
    )
    return call, submitted, officer, review, request


def _actor(who, setting):
    call, submitted, officer, _review, _request = setting
    return {
        "anonymous": None,
        "citizen": make_user(),
        "officer": officer,
        "other_ats_officer": make_user(Role.ATS_OFFICER, ats=ats("brescia")),
        "regional_officer": make_user(Role.REGIONAL_OFFICER),
        "committee_member": make_user(Role.COMMITTEE_MEMBER, ats=call.ats),
        "lead_rep": submitted[0].team.lead_rep,
        "partner_rep": submitted[0].team.partner_rep,
        "other_lead_rep": submitted[1].team.lead_rep,
    }[who]


MATRIX = {
    # who: (call's list, review page, clarification form, answer page)
    "anonymous": (FOUND, FOUND, FOUND, FOUND),
    "citizen": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "officer": (OK, OK, OK, NOT_FOUND),
    "other_ats_officer": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "regional_officer": (OK, OK, FORBIDDEN, NOT_FOUND),
    "committee_member": (OK, OK, FORBIDDEN, NOT_FOUND),
    "lead_rep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, OK),
    "partner_rep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN),
    "other_lead_rep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_who_may_open_the_pages_of_the_check(who, setting, client, sign_in):
    call, _submitted, _officer, review, request = setting
    # the clarification form opens on a pending review: use the other one
    pending = ApplicationReview.objects.exclude(pk=review.pk).get()
    user = _actor(who, setting)
    if user is not None:
        sign_in(user)
    urls = [
        reverse("reviews-admissibility:call-reviews", args=[call.pk]),
        reverse("reviews-admissibility:review-detail", args=[review.pk]),
        reverse("reviews-admissibility:clarification-create", args=[pending.pk]),
        reverse("reviews-admissibility:clarification-answer", args=[request.pk]),
    ]
    statuses = tuple(client.get(url).status_code for url in urls)
    assert statuses == MATRIX[who]


@pytest.mark.parametrize(
    "who", ["other_ats_officer", "regional_officer", "committee_member", "lead_rep"]
)
def test_only_the_calls_officers_decide(who, setting, client, sign_in):
    _call, _submitted, _officer, review, _request = setting
    pending = ApplicationReview.objects.exclude(pk=review.pk).get()
    sign_in(_actor(who, setting))
    response = client.post(
        reverse("reviews-admissibility:review-detail", args=[pending.pk]),
        {"decision": "admissible"},
    )
    assert response.status_code in (FORBIDDEN, NOT_FOUND)
    pending.refresh_from_db()
    assert pending.status == AdmissibilityStatus.PENDING


def test_the_list_shows_each_application_with_its_failed_prechecks(
    setting, client, sign_in
):
    call, submitted, officer, review, _request = setting
    ApplicationReview.objects.filter(pk=review.pk).update(
        prechecks=[
            {"code": "deadline", "label": "x", "passed": False, "detail": "y"},
            {"code": "grant_limits", "label": "x", "passed": False, "detail": "y"},
        ]
    )
    sign_in(officer)
    response = client.get(reverse("reviews-admissibility:call-reviews", args=[call.pk]))
    html = response.content.decode()
    row = html.split(f'id="review-{review.pk}"')[1].split("</tr>")[0]
    assert submitted[0].application.current_submission.protocol_number in row
    assert submitted[0].team.lead.legal_name in row
    assert "50.000,00" in row
    assert '<span class="text-danger fw-semibold">2</span>' in row
    assert "Soccorso istruttorio in corso" in row
    assert 'data-status="clarification">1<' in html
    assert 'data-status="pending">1<' in html


def test_the_list_of_a_closed_call_offers_to_start_and_starting_works(client, sign_in):
    call, _submitted = reviewable_call(applications=2)
    officer = sign_in(make_user(Role.ATS_OFFICER, ats=call.ats))
    url = reverse("reviews-admissibility:call-reviews", args=[call.pk])
    start_url = reverse("reviews-admissibility:review-start", args=[call.pk])
    page = client.get(url).content.decode()
    assert f'action="{start_url}"' in page
    assert "2 domande valide da istruire" in page
    response = client.post(start_url)
    assert response.status_code == FOUND
    call.refresh_from_db()
    assert call.status == CallStatus.IN_EVALUATION
    assert ApplicationReview.objects.filter(call=call).count() == 2
    assert start_url not in client.get(url).content.decode()
    assert officer is not None


def test_the_list_runs_the_same_queries_whatever_the_number_of_rows(client, sign_in):
    def queries(applications: int) -> int:
        call, _submitted = reviewable_call(applications=applications)
        officer = make_user(Role.ATS_OFFICER, ats=call.ats)
        review_start(actor=officer, call=call)
        sign_in(officer)
        url = reverse("reviews-admissibility:call-reviews", args=[call.pk])
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == OK
        return len(captured)

    assert queries(1) == queries(4)


def test_the_list_is_paged_in_the_order_of_submission(client, sign_in, monkeypatch):
    from conciliare.reviews import admissibility_views

    monkeypatch.setattr(admissibility_views, "PAGE_SIZE", 2)
    call, submitted = reviewable_call(applications=3)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    review_start(actor=officer, call=call)
    sign_in(officer)
    url = reverse("reviews-admissibility:call-reviews", args=[call.pk])
    protocols = [
        s.application.current_submission.protocol_number  # type: ignore[union-attr]
        for s in submitted
    ]

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "3 domande in istruttoria" in first
    assert protocols[0] in first
    assert protocols[1] in first
    assert protocols[2] not in first
    assert protocols[2] in second
    assert protocols[0] not in second
    assert "?page=2" in first


def test_a_missing_reason_is_refused_beside_its_field(setting, client, sign_in):
    _call, _submitted, officer, review, _request = setting
    pending = ApplicationReview.objects.exclude(pk=review.pk).get()
    sign_in(officer)
    url = reverse("reviews-admissibility:review-detail", args=[pending.pk])
    response = client.post(url, {"decision": "not_admissible", "reason": ""})
    assert response.status_code == OK
    html = response.content.decode()
    assert 'id="id_reason_error"' in html
    assert "Indicare il motivo della non ammissibilità" in html
    pending.refresh_from_db()
    assert pending.status == AdmissibilityStatus.PENDING
    response = client.post(
        url, {"decision": "not_admissible", "reason": "Allegati non firmati."}
    )
    assert response.status_code == FOUND
    pending.refresh_from_db()
    assert pending.status == AdmissibilityStatus.NOT_ADMISSIBLE


def test_a_decision_during_a_clarification_is_refused_on_the_page(
    setting, client, sign_in
):
    _call, _submitted, officer, review, _request = setting
    sign_in(officer)
    url = reverse("reviews-admissibility:review-detail", args=[review.pk])
    page = client.get(url).content.decode()
    assert 'id="decision-form"' not in page
    assert 'id="decision-waiting"' in page
    response = client.post(url, {"decision": "admissible"})
    assert "È in corso un soccorso istruttorio" in response.content.decode()
    review.refresh_from_db()
    assert review.status == AdmissibilityStatus.CLARIFICATION


def test_the_officer_asks_for_clarification_through_the_form(setting, client, sign_in):
    call, _submitted, officer, review, _request = setting
    pending = ApplicationReview.objects.exclude(pk=review.pk).get()
    requirement = call.required_attachments.order_by("position").first()
    sign_in(officer)
    url = reverse("reviews-admissibility:clarification-create", args=[pending.pk])
    page = client.get(url).content.decode()
    assert f'value="attachment:{requirement.pk}"' in page
    due = timezone.localtime(timezone.now() + timedelta(days=5))
    response = client.post(
        url,
        {
            "message": "Caricare l'accordo firmato.",
            "reopen": [f"attachment:{requirement.pk}"],
            "due_at": due.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == FOUND
    request = ClarificationRequest.objects.get(review=pending)
    assert request.fields == [f"attachment:{requirement.pk}"]
    pending.refresh_from_db()
    assert pending.status == AdmissibilityStatus.CLARIFICATION


def test_the_lead_body_sees_the_request_and_answers_it(setting, client, sign_in):
    _call, submitted, _officer, review, request = setting
    lead_rep = sign_in(submitted[0].team.lead_rep)
    detail = client.get(submitted[0].application.get_absolute_url()).content.decode()
    assert 'id="open-clarification"' in detail
    answer_url = reverse(
        "reviews-admissibility:clarification-answer", args=[request.pk]
    )
    assert answer_url in detail
    page = client.get(answer_url).content.decode()
    assert 'name="summary"' in page
    assert 'name="objectives"' not in page  # not reopened
    assert submitted[0].application.summary in page  # pre-filled
    response = client.post(
        answer_url, {"summary": "Sintesi precisata.", "answer_note": "Fatto."}
    )
    assert response.status_code == FOUND
    request.refresh_from_db()
    assert request.answer == {"summary": "Sintesi precisata."}
    assert request.answered_by == lead_rep
    review.refresh_from_db()
    assert review.status == AdmissibilityStatus.PENDING
    detail = client.get(submitted[0].application.get_absolute_url()).content.decode()
    assert 'id="open-clarification"' not in detail
    assert "Da istruire" in detail


def test_a_late_answer_is_refused_with_a_clear_message(setting, client, sign_in):
    _call, submitted, _officer, _review, request = setting
    past = timezone.now() - timedelta(minutes=1)
    ClarificationRequest.objects.filter(pk=request.pk).update(
        requested_at=past - timedelta(days=10), due_at=past
    )
    sign_in(submitted[0].team.lead_rep)
    url = reverse("reviews-admissibility:clarification-answer", args=[request.pk])
    page = client.get(url).content.decode()
    assert 'id="request-expired"' in page
    assert 'id="answer-form"' not in page
    response = client.post(url, {"summary": "Tardi.", "answer_note": "Tardi."})
    assert "Il termine per rispondere è scaduto" in response.content.decode()
    request.refresh_from_db()
    assert request.closed_at is None


def test_the_lead_body_reads_why_its_application_is_not_admissible(
    setting, client, sign_in
):
    _call, submitted, officer, review, _request = setting
    pending = ApplicationReview.objects.exclude(pk=review.pk).get()
    ApplicationReview.objects.filter(pk=pending.pk).update(
        status=AdmissibilityStatus.NOT_ADMISSIBLE,
        decision_reason="Cofinanziamento sotto il 30%.",
        decided_by=officer,
        decided_at=timezone.now(),
    )
    sign_in(submitted[1].team.lead_rep)
    detail = client.get(submitted[1].application.get_absolute_url()).content.decode()
    assert 'id="admissibility-reason"' in detail
    assert "Cofinanziamento sotto il 30%." in detail
