"""Starting the admissibility check of a call and the officer's decisions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.submission_services import application_withdraw
from conciliare.audit.models import AuditEvent
from conciliare.calls.models import Call, CallStatus
from conciliare.core.exceptions import ApplicationError
from conciliare.reviews.admissibility_services import review_decide, review_start
from conciliare.reviews.clarification_services import clarification_request
from conciliare.reviews.models import AdmissibilityStatus, ApplicationReview
from conciliare.reviews.tests.admissibility.reviewable import reviewable_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def started():
    call, submitted = reviewable_call(applications=2)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    reviews = review_start(actor=officer, call=call)
    return call, submitted, officer, reviews


def test_starting_the_review_moves_the_call_and_creates_one_review_per_submission():
    call, submitted = reviewable_call(applications=3)
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    reviews = review_start(actor=officer, call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.IN_EVALUATION
    assert {r.application_id for r in reviews} == {s.application.pk for s in submitted}
    assert all(r.status == AdmissibilityStatus.PENDING for r in reviews)
    assert all(r.ats_id == call.ats_id and r.call_id == call.pk for r in reviews)
    assert AuditEvent.objects.filter(verb="call.review_start").count() == 1
    assert AuditEvent.objects.filter(verb="review.create").count() == 3


def test_starting_twice_creates_nothing_more(started):
    call, _submitted, officer, reviews = started
    assert review_start(actor=officer, call=call) == []
    assert ApplicationReview.objects.filter(call=call).count() == len(reviews)
    assert AuditEvent.objects.filter(verb="call.review_start").count() == 1


def test_a_withdrawn_application_is_not_reviewed():
    call, submitted = reviewable_call(applications=2)
    # withdrawn while the call was open
    Call.objects.filter(pk=call.pk).update(status=CallStatus.PUBLISHED)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + timedelta(days=1))
    application_withdraw(
        actor=submitted[0].team.lead_rep,
        application=submitted[0].application,
        reason="",
    )
    Call.objects.filter(pk=call.pk).update(
        status=CallStatus.CLOSED, closes_at=timezone.now() - timedelta(seconds=1)
    )
    call.refresh_from_db()
    reviews = review_start(actor=make_user(Role.ATS_OFFICER, ats=call.ats), call=call)
    assert [r.application_id for r in reviews] == [submitted[1].application.pk]


def test_a_published_call_past_its_close_time_is_closed_first():
    call, _submitted = reviewable_call(applications=1)
    Call.objects.filter(pk=call.pk).update(status=CallStatus.PUBLISHED, closed_at=None)
    call.refresh_from_db()
    review_start(actor=make_user(Role.ATS_OFFICER, ats=call.ats), call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.IN_EVALUATION
    assert call.closed_at == call.closes_at
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="call.").values_list(
            "verb", flat=True
        )
    )
    assert "call.close" in verbs
    assert "call.review_start" in verbs


def test_an_open_call_cannot_be_reviewed():
    call, _submitted = reviewable_call(applications=1)
    Call.objects.filter(pk=call.pk).update(
        status=CallStatus.PUBLISHED, closes_at=timezone.now() + timedelta(days=1)
    )
    call.refresh_from_db()
    with pytest.raises(ApplicationError, match="avviso chiuso"):
        review_start(actor=make_user(Role.ATS_OFFICER, ats=call.ats), call=call)
    assert not ApplicationReview.objects.exists()


@pytest.mark.parametrize(
    "who",
    [
        "brescia_officer",
        Role.REGIONAL_OFFICER,
        Role.COMMITTEE_MEMBER,
        "lead_rep",
    ],
)
def test_only_an_officer_of_the_calls_ats_starts_the_review(who):
    call, submitted = reviewable_call(applications=1)
    if who == "brescia_officer":
        actor = make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    elif who == Role.COMMITTEE_MEMBER:
        actor = make_user(Role.COMMITTEE_MEMBER, ats=call.ats)
    elif who == "lead_rep":
        actor = submitted[0].team.lead_rep
    else:
        actor = make_user(who)
    with pytest.raises(PermissionDenied):
        review_start(actor=actor, call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED


def test_an_officer_declares_an_application_admissible(started):
    _call, _submitted, officer, reviews = started
    mail.outbox.clear()
    review = review_decide(
        actor=officer, review=reviews[0], decision=AdmissibilityStatus.ADMISSIBLE
    )
    assert review.status == AdmissibilityStatus.ADMISSIBLE
    assert review.decided_by == officer
    assert review.decided_at is not None
    event = AuditEvent.objects.get(verb="review.decide")
    assert (event.from_state, event.to_state) == ("pending", "admissible")


def test_not_admissible_needs_a_reason_that_the_lead_body_receives(
    started, django_capture_on_commit_callbacks
):
    _call, _submitted, officer, reviews = started
    with pytest.raises(ApplicationError) as refused:
        review_decide(
            actor=officer,
            review=reviews[0],
            decision=AdmissibilityStatus.NOT_ADMISSIBLE,
            reason="   ",
        )
    assert refused.value.field == "reason"
    reviews[0].refresh_from_db()
    assert reviews[0].status == AdmissibilityStatus.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review = review_decide(
            actor=officer,
            review=reviews[0],
            decision=AdmissibilityStatus.NOT_ADMISSIBLE,
            reason="Manca la firma digitale dell'accordo di partenariato.",
        )
    assert (
        review.decision_reason
        == "Manca la firma digitale dell'accordo di partenariato."
    )
    assert len(mail.outbox) == 1
    assert "Manca la firma digitale" in mail.outbox[0].body


def test_a_decision_is_refused_while_a_clarification_is_open(started):
    _call, _submitted, officer, reviews = started
    clarification_request(
        actor=officer, review=reviews[0], message="Chiarire gli obiettivi.", fields=[]
    )
    with pytest.raises(ApplicationError, match="soccorso istruttorio"):
        review_decide(
            actor=officer, review=reviews[0], decision=AdmissibilityStatus.ADMISSIBLE
        )
    reviews[0].refresh_from_db()
    assert reviews[0].status == AdmissibilityStatus.CLARIFICATION


def test_a_decided_review_cannot_be_decided_again(started):
    _call, _submitted, officer, reviews = started
    review_decide(
        actor=officer, review=reviews[0], decision=AdmissibilityStatus.ADMISSIBLE
    )
    with pytest.raises(ApplicationError):
        review_decide(
            actor=officer,
            review=reviews[0],
            decision=AdmissibilityStatus.NOT_ADMISSIBLE,
            reason="Ripensamento.",
        )


def test_another_ats_officer_cannot_decide(started):
    _call, _submitted, _officer, reviews = started
    other = make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    with pytest.raises(PermissionDenied):
        review_decide(
            actor=other, review=reviews[0], decision=AdmissibilityStatus.ADMISSIBLE
        )
    with pytest.raises(PermissionDenied):
        clarification_request(
            actor=other, review=reviews[0], message="Chiarire.", fields=[]
        )
