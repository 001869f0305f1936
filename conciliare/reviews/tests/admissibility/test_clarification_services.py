"""The soccorso istruttorio: the officer asks, the lead body answers before
the due date, the officer closes an expired request."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.tests.factories import pdf_file
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import Document
from conciliare.reviews.admissibility_services import review_start
from conciliare.reviews.clarification_services import (
    clarification_answer,
    clarification_close,
    clarification_request,
)
from conciliare.reviews.models import AdmissibilityStatus, ClarificationRequest
from conciliare.reviews.tests.admissibility.reviewable import reviewable_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    call, submitted = reviewable_call(applications=2)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    reviews = review_start(actor=officer, call=call)
    by_application = {r.application_id: r for r in reviews}
    review = by_application[submitted[0].application.pk]
    return call, submitted, officer, review


def _ask(officer, review, fields=("summary",)):
    return clarification_request(
        actor=officer,
        review=review,
        message="Precisare la sintesi e allegare l'accordo firmato.",
        fields=list(fields),
    )


def _expire(request):
    past = timezone.now() - timedelta(minutes=1)
    ClarificationRequest.objects.filter(pk=request.pk).update(
        requested_at=past - timedelta(days=10), due_at=past
    )
    request.refresh_from_db()


def test_a_request_waits_for_the_lead_body_until_the_calls_days_pass(
    setting, django_capture_on_commit_callbacks
):
    call, _submitted, officer, review = setting
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(officer, review, fields=["summary", "ends_on"])
    review.refresh_from_db()
    assert review.status == AdmissibilityStatus.CLARIFICATION
    assert request.number == 1
    assert request.fields == ["summary", "ends_on"]
    expected = timezone.now() + timedelta(days=call.clarification_days)
    assert abs((request.due_at - expected).total_seconds()) < 60
    assert len(mail.outbox) == 1
    assert "Precisare la sintesi" in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb="review.clarification_request").exists()


def test_a_request_needs_a_message_and_known_fields(setting):
    _call, _submitted, officer, review = setting
    with pytest.raises(ValidationError) as refused:
        clarification_request(
            actor=officer, review=review, message=" ", fields=["budget"]
        )
    assert set(refused.value.message_dict) == {"message", "fields"}
    review.refresh_from_db()
    assert review.status == AdmissibilityStatus.PENDING


def test_the_lead_body_answers_and_the_review_is_pending_again(
    setting, django_capture_on_commit_callbacks
):
    call, submitted, officer, review = setting
    requirement = call.required_attachments.order_by("position").first()
    key = f"attachment:{requirement.pk}"
    request = _ask(officer, review, fields=["summary", "ends_on", key])
    submission = submitted[0].application.current_submission
    snapshot_before = dict(submission.snapshot)
    new_end = timezone.localdate() + timedelta(days=200)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = clarification_answer(
            actor=submitted[0].team.lead_rep,
            request=request,
            values={
                "summary": "Sportelli in tre comuni, aperti il sabato.",
                "ends_on": new_end,
                "objectives": "Non riaperto: ignorato.",
            },
            note="Allegato l'accordo firmato digitalmente.",
            files={key: pdf_file("accordo-firmato.pdf")},
        )
    assert answered.closed_at is not None
    assert answered.answered_by == submitted[0].team.lead_rep
    assert answered.answer["summary"] == "Sportelli in tre comuni, aperti il sabato."
    assert answered.answer["ends_on"] == new_end.isoformat()
    assert "objectives" not in answered.answer
    document = Document.objects.get(pk=answered.answer[key]["document_id"])
    assert document.is_public is False
    assert document.ats_id == call.ats_id
    assert answered.documents.get().requirement == requirement
    review.refresh_from_db()
    assert review.status == AdmissibilityStatus.PENDING
    submission.refresh_from_db()
    assert submission.snapshot == snapshot_before
    assert [m.to for m in mail.outbox] == [[officer.email]]


def test_an_answer_after_the_due_date_is_refused(setting):
    _call, submitted, officer, review = setting
    request = _ask(officer, review)
    _expire(request)
    with pytest.raises(ApplicationError, match="termine per rispondere è scaduto"):
        clarification_answer(
            actor=submitted[0].team.lead_rep,
            request=request,
            values={"summary": "Tardi."},
        )
    request.refresh_from_db()
    assert request.closed_at is None


@pytest.mark.parametrize("who", ["partner", "other_alliance"])
def test_only_the_lead_bodys_representative_answers(setting, who):
    _call, submitted, officer, review = setting
    request = _ask(officer, review)
    actor = (
        submitted[0].team.partner_rep
        if who == "partner"
        else submitted[1].team.lead_rep
    )
    with pytest.raises(PermissionDenied):
        clarification_answer(actor=actor, request=request, note="Risposta.")


def test_an_empty_answer_is_refused(setting):
    _call, submitted, officer, review = setting
    request = _ask(officer, review)
    snapshot = submitted[0].application.current_submission.snapshot
    with pytest.raises(ValidationError) as refused:
        clarification_answer(
            actor=submitted[0].team.lead_rep,
            request=request,
            values={"summary": snapshot["summary"]},  # unchanged
        )
    assert "answer_note" in refused.value.message_dict


def test_the_officer_closes_an_expired_request_and_then_decides(setting):
    _call, _submitted, officer, review = setting
    request = _ask(officer, review)
    with pytest.raises(ApplicationError, match="non è ancora scaduto"):
        clarification_close(actor=officer, request=request)
    _expire(request)
    clarification_close(actor=officer, request=request)
    request.refresh_from_db()
    assert request.closed_at is not None
    assert request.answered_at is None
    review.refresh_from_db()
    assert review.status == AdmissibilityStatus.PENDING
    assert AuditEvent.objects.filter(verb="review.clarification_expire").exists()
    second = _ask(officer, review)
    assert second.number == 2
