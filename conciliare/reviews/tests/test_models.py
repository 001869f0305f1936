"""The database refuses review rows that break the rules, whatever code writes them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from conciliare.reviews.models import (
    AdmissibilityStatus,
    ConflictStatus,
    Ranking,
    RankingEntry,
    RankingOutcome,
)
from conciliare.reviews.tests.factories import (
    closed_call,
    make_assignment,
    make_consensus,
    make_review,
)

pytestmark = pytest.mark.django_db


def test_a_not_admissible_review_needs_its_reason():
    _call, submitted = closed_call(applications=1)
    review = make_review(submitted[0].application, status=AdmissibilityStatus.PENDING)
    review.status = AdmissibilityStatus.NOT_ADMISSIBLE
    review.decided_by = review.call.created_by
    with pytest.raises(IntegrityError), transaction.atomic():
        review.save()


def test_a_conflicted_evaluator_cannot_have_submitted_scores():
    _call, submitted = closed_call(applications=1)
    review = make_review(submitted[0].application)
    assignment = make_assignment(review, conflict=ConflictStatus.AUTOMATIC)
    assignment.submitted_at = assignment.assigned_at
    with pytest.raises(IntegrityError), transaction.atomic():
        assignment.save()


def test_a_score_is_recorded_only_for_an_admissible_application():
    _call, submitted = closed_call(applications=1)
    review = make_review(submitted[0].application, status=AdmissibilityStatus.PENDING)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_consensus(review, ["20", "20", "15", "10", "10"])


def test_a_funded_entry_gets_exactly_what_it_asked_for():
    call, submitted = closed_call(applications=1)
    ranking = Ranking.objects.create(
        call=call,
        ats=call.ats,
        budget=call.projects_budget,
        computed_at=call.closes_at,
        computed_by=call.created_by,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RankingEntry.objects.create(
            ranking=ranking,
            application=submitted[0].application,
            position=1,
            grant_requested=Decimal("50000.00"),
            grant_awarded=Decimal("49999.99"),
            outcome=RankingOutcome.FUNDED,
        )


def test_a_ranking_never_allocates_more_than_its_budget():
    call, _submitted = closed_call(applications=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ranking.objects.create(
            call=call,
            ats=call.ats,
            budget=Decimal("100.00"),
            allocated=Decimal("100.01"),
            computed_at=call.closes_at,
            computed_by=call.created_by,
        )


def test_a_call_is_reviewable_once_closed_or_past_its_close_time():
    from datetime import timedelta

    from django.utils import timezone

    from conciliare.calls.models import CallStatus
    from conciliare.calls.tests.factories import make_call

    call = make_call()  # published, closing in 30 days
    now = timezone.now()
    assert call.is_reviewable_at(now) is False
    assert call.is_reviewable_at(call.closes_at + timedelta(seconds=1)) is True
    call.status = CallStatus.CLOSED
    assert call.is_reviewable_at(now) is True
    call.status = CallStatus.IN_EVALUATION
    assert call.is_reviewable_at(call.closes_at + timedelta(days=1)) is False
