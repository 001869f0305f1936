"""The automatic pre-checks computed when the review of a closed call starts."""

from datetime import timedelta
from decimal import Decimal

import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import Submission
from conciliare.calls.models import Call
from conciliare.reviews.admissibility_services import review_start
from conciliare.reviews.models import ApplicationReview
from conciliare.reviews.prechecks import (
    ACTIVITIES,
    ATTACHMENTS,
    COFINANCING,
    DEADLINE,
    GRANT,
    LEAD,
    PARTNERSHIP,
)
from conciliare.reviews.tests.admissibility.reviewable import reviewable_call

pytestmark = pytest.mark.django_db


def _checks(review: ApplicationReview) -> dict[str, dict]:
    return {check["code"]: check for check in review.prechecks}


def _start(call: Call) -> list[ApplicationReview]:
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    return review_start(actor=officer, call=call)


def test_a_compliant_application_passes_every_precheck():
    call, _submitted = reviewable_call(applications=1)
    (review,) = _start(call)
    checks = _checks(review)
    assert list(checks) == [
        DEADLINE,
        ATTACHMENTS,
        LEAD,
        PARTNERSHIP,
        COFINANCING,
        GRANT,
        ACTIVITIES,
    ]
    assert all(check["passed"] for check in checks.values())
    assert all(
        set(check) == {"code", "label", "passed", "detail"} for check in checks.values()
    )
    assert checks[DEADLINE]["label"] == "Domanda ricevuta entro la scadenza"
    assert review.prechecked_at is not None


def test_an_application_short_of_co_financing_fails_that_precheck_only():
    call, _submitted = reviewable_call(applications=1)
    # the call asks more than the 50% the application co-finances
    Call.objects.filter(pk=call.pk).update(min_cofinancing_share=Decimal("60.00"))
    call.refresh_from_db()
    (review,) = _start(call)
    checks = _checks(review)
    assert checks[COFINANCING]["passed"] is False
    assert "60,00%" in checks[COFINANCING]["detail"]
    assert [code for code, check in checks.items() if not check["passed"]] == [
        COFINANCING
    ]


def test_an_application_received_after_the_close_time_fails_the_deadline_check():
    call, submitted = reviewable_call(applications=1)
    Submission.objects.filter(application=submitted[0].application).update(
        received_at=call.closes_at + timedelta(seconds=1),
        submitted_at=call.closes_at + timedelta(seconds=2),
    )
    (review,) = _start(call)
    checks = _checks(review)
    assert checks[DEADLINE]["passed"] is False
    assert "scadenza" in checks[DEADLINE]["detail"]


def test_grant_limits_and_activity_dates_are_checked_against_the_call():
    call, _submitted = reviewable_call(applications=1)
    Call.objects.filter(pk=call.pk).update(
        max_grant=Decimal("40000.00"), activities_end_by=call.opens_at.date()
    )
    call.refresh_from_db()
    (review,) = _start(call)
    checks = _checks(review)
    assert checks[GRANT]["passed"] is False
    assert checks[ACTIVITIES]["passed"] is False
    assert checks[ATTACHMENTS]["passed"] is True
