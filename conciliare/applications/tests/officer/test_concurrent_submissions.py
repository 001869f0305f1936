"""Many alliances submit at the close time, each request on its own database
connection (PostgreSQL only: row locks under contention). What the officers
receive must be complete and in order: every request received in time is
stored once, with protocol numbers in the order of the submission times;
requests received late are refused; a retry with the same key creates
nothing. bench/submissions.py measures the same at 200 requests."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from conciliare.applications.models import ApplicationStatus, Submission
from conciliare.applications.submission_services import (
    CallClosed,
    application_submit,
)
from conciliare.applications.tests.factories import complete_application
from conciliare.calls.models import Call
from conciliare.calls.tests.factories import make_call

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

IN_TIME, LATE, RETRIED = 14, 6, 5


def _sequence(protocol_number):
    return int(protocol_number.rsplit("-", 1)[1])


def test_concurrent_submissions_at_the_close_time_are_stored_once_and_in_order():
    # given applications whose requests reached the server just before the
    # close time, others just after, and double clicks of some of them
    call = make_call()
    applications = [complete_application(call=call) for _ in range(IN_TIME + LATE)]
    closes_at = timezone.now()
    Call.objects.filter(pk=call.pk).update(closes_at=closes_at)
    attempts = []
    for index, application in enumerate(applications):
        received_at = (
            closes_at - timedelta(milliseconds=index + 1) if index < IN_TIME else None
        )
        attempts.append((application, uuid.uuid4(), received_at))
    attempts += attempts[:IN_TIME:2][:RETRIED]  # double clicks: same key
    start = threading.Barrier(len(attempts))
    results: list[object] = [None] * len(attempts)

    def fire(slot, application, key, received_at):
        try:
            start.wait()
            results[slot] = application_submit(
                actor=application.created_by,
                application=application,
                key=key,
                received_at=received_at or timezone.now(),
            )
        except Exception as exc:
            results[slot] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=fire, args=(slot, *attempt))
        for slot, attempt in enumerate(attempts)
    ]

    # when they all arrive at once
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then none is lost: accepted + refused == attempted
    accepted = [r for r in results if isinstance(r, Submission)]
    refused = [r for r in results if isinstance(r, CallClosed)]
    assert len(accepted) + len(refused) == len(attempts), results
    assert len(refused) == LATE
    assert len(accepted) == IN_TIME + RETRIED
    # every accepted one stored once, a retry answered with the same one
    stored = list(Submission.objects.order_by("submitted_at", "pk"))
    assert len(stored) == IN_TIME
    by_key = {s.key: s for s in stored}
    for (application, key, received_at), result in zip(attempts, results, strict=True):
        if received_at is None:
            assert isinstance(result, CallClosed)
            assert not Submission.objects.filter(application=application).exists()
        else:
            assert result.pk == by_key[key].pk
            assert by_key[key].application_id == application.pk
            assert by_key[key].received_at == received_at
    assert Submission.objects.filter(
        application__status=ApplicationStatus.SUBMITTED
    ).count() == len({s.application_id for s in stored})
    # protocol numbers unique and in the order of the submission times
    sequence = [_sequence(s.protocol_number) for s in stored]
    assert sequence == sorted(set(sequence))
    times = [s.submitted_at for s in stored]
    assert times == sorted(times)
