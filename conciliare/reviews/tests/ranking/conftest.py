"""A call in evaluation whose applications are decided and scored, ready to
be ranked: ``scored_call(points=[...], grants=[...])``."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import Submission
from conciliare.calls.models import Call, CallStatus
from conciliare.reviews.models import AdmissibilityStatus
from conciliare.reviews.tests.factories import closed_call, make_consensus, make_review


def points_for(total: int, first: int | None = None) -> list[str]:
    """Five criterion points summing to ``total`` (the first one ``first``)."""
    first = total // 5 if first is None else first
    rest = total - first
    return [
        str(first),
        *[str(rest // 4 + (1 if i < rest % 4 else 0)) for i in range(4)],
    ]


def make_scored_call(
    *,
    totals: list[int | None],
    grants: list[str],
    firsts: list[int | None] | None = None,
    budget: str = "100000.00",
    **overrides,
):
    """A call in evaluation with one application per total: ``None`` is not
    admitted, a number is admitted with that consensus total. Returns
    (call, [application]) in the given order, submitted one second apart."""
    call, submitted = closed_call(
        grants=grants,
        total_budget=Decimal(budget),
        system_action_share=Decimal("0.00"),
        **overrides,
    )
    Call.objects.filter(pk=call.pk).update(status=CallStatus.IN_EVALUATION)
    call.refresh_from_db()
    officer = make_user(Role.ATS_OFFICER, ats=call.ats)
    firsts = firsts or [None] * len(totals)
    base = timezone.now() - timedelta(days=2)
    applications = []
    for index, (item, total, first) in enumerate(
        zip(submitted, totals, firsts, strict=True)
    ):
        application = item.application
        Submission.objects.filter(pk=application.current_submission_id).update(
            submitted_at=base + timedelta(seconds=index),
            received_at=base + timedelta(seconds=index),
        )
        if total is None:
            make_review(
                application,
                status=AdmissibilityStatus.NOT_ADMISSIBLE,
                decided_by=officer,
            )
        else:
            review = make_review(application, decided_by=officer)
            make_consensus(review, points_for(total, first), recorded_by=officer)
        applications.append(application)
    return call, applications


@pytest.fixture
def scored_call(db):
    return make_scored_call
