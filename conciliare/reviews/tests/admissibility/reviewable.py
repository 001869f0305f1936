"""A closed call whose applications arrived before its close time.

``reviews.tests.factories.closed_call`` moves the close time to one minute
ago *after* the applications were submitted (seconds ago), so their receipt
falls after the close time; here the submissions are dated back before it,
as they would be in a real closed call."""

from datetime import timedelta
from typing import Any

from conciliare.applications.models import Application, Submission
from conciliare.calls.models import Call
from conciliare.reviews.tests.factories import Submitted, closed_call


def reviewable_call(
    *, applications: int = 2, **kwargs: Any
) -> tuple[Call, list[Submitted]]:
    call, submitted = closed_call(applications=applications, **kwargs)
    for index, item in enumerate(submitted):
        moment = call.closes_at - timedelta(hours=2) + timedelta(minutes=index)
        Submission.objects.filter(application=item.application).update(
            received_at=moment, submitted_at=moment
        )
        Application.objects.filter(pk=item.application.pk).update(submitted_at=moment)
        item.application.refresh_from_db()
    return call, submitted
