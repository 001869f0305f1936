import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.applications.checks import application_check
from conciliare.applications.models import ApplicationStatus, Submission
from conciliare.applications.services import application_rows_set
from conciliare.applications.submission_services import (
    CallClosed,
    application_submit,
    application_withdraw,
)
from conciliare.applications.tests.factories import (
    budget_rows,
    complete_application,
    make_team,
)
from conciliare.audit.models import AuditEvent
from conciliare.calls.models import Call
from conciliare.calls.tests.factories import make_call
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import Document

pytestmark = pytest.mark.django_db


def _codes(application):
    return [failure.code for failure in application_check(application)]


def test_a_complete_application_is_submitted_with_protocol_snapshot_and_receipt(
    django_capture_on_commit_callbacks,
):
    call = make_call()
    application = complete_application(call=call)
    assert application_check(application) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission = application_submit(
            actor=application.created_by,
            application=application,
            key=uuid.uuid4(),
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.current_submission == submission
    assert submission.protocol_number.startswith(f"{call.ats.code}-")
    assert submission.snapshot["title"] == "Tempi per le famiglie"
    assert submission.snapshot["totals"]["cofinancing_share"] == "50.00"
    assert submission.grant_requested == Decimal("50000.00")
    assert len(submission.snapshot_sha256) == 64
    submission.refresh_from_db()
    receipt = Document.objects.get(pk=submission.receipt_id)
    assert receipt.content_type == "application/pdf"
    assert not receipt.is_public
    [message] = mail.outbox
    assert submission.protocol_number in message.subject
    assert message.attachments[0][0] == f"ricevuta-{submission.protocol_number}.pdf"
    assert AuditEvent.objects.filter(verb="application.submit").count() == 1


def test_the_same_key_submits_once():
    application = complete_application(call=make_call())
    key = uuid.uuid4()
    first = application_submit(
        actor=application.created_by, application=application, key=key
    )
    again = application_submit(
        actor=application.created_by, application=application, key=key
    )
    assert first.pk == again.pk
    assert Submission.objects.filter(application=application).count() == 1


def test_a_second_submit_with_another_key_is_told_it_was_sent():
    application = complete_application(call=make_call())
    first = application_submit(
        actor=application.created_by, application=application, key=uuid.uuid4()
    )
    with pytest.raises(ApplicationError, match=first.protocol_number):
        application_submit(
            actor=application.created_by, application=application, key=uuid.uuid4()
        )


def test_after_the_close_time_submission_is_refused_but_a_request_received_in_time_counts():
    call = make_call()
    application = complete_application(call=call)
    closes_at = timezone.now() + timedelta(seconds=1)
    Call.objects.filter(pk=call.pk).update(closes_at=closes_at)
    with pytest.raises(CallClosed, match="scaduto"):
        application_submit(
            actor=application.created_by,
            application=application,
            key=uuid.uuid4(),
            received_at=closes_at,
        )
    submission = application_submit(
        actor=application.created_by,
        application=application,
        key=uuid.uuid4(),
        received_at=closes_at - timedelta(microseconds=1),
    )
    assert submission.received_at < closes_at


def test_a_partner_cannot_submit_for_the_alliance():
    call = make_call()
    team = make_team()
    application = complete_application(call=call, team=team)
    with pytest.raises(PermissionDenied):
        application_submit(
            actor=team.partner_rep, application=application, key=uuid.uuid4()
        )


def test_a_failing_application_is_refused_with_every_reason():
    call = make_call()
    team = make_team()
    application = complete_application(call=call, team=team)
    application = application_rows_set(
        actor=team.lead_rep,
        application=application,
        version=application.version,
        kind="budget_lines",
        rows=budget_rows(team, cost="100000.00", grant="75000.00"),
    )
    application.attachments.all().delete()
    with pytest.raises(ValidationError) as exc:
        application_submit(
            actor=team.lead_rep, application=application, key=uuid.uuid4()
        )
    messages = exc.value.messages
    assert any(
        "25,00% del costo totale" in m and "almeno il 30,00%" in m for m in messages
    )
    assert any("Accordo di partenariato sottoscritto" in m for m in messages)
    assert not Submission.objects.exists()


def test_withdrawn_and_resubmitted_only_the_last_submission_counts():
    application = complete_application(call=make_call())
    actor = application.created_by
    first = application_submit(actor=actor, application=application, key=uuid.uuid4())
    application = application_withdraw(
        actor=actor, application=application, reason="Correzione"
    )
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.current_submission is None
    second = application_submit(actor=actor, application=application, key=uuid.uuid4())
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert second.withdrawn_at is None
    assert first.protocol_number != second.protocol_number
    assert list(Submission.objects.filter(withdrawn_at__isnull=True)) == [second]


def test_the_same_application_passes_one_call_and_fails_another():
    """The rules are data of the call: identical content, different verdicts."""
    team = make_team()
    lenient = make_call(
        min_cofinancing_share=Decimal("20.00"), max_grant=Decimal("80000.00")
    )
    application = complete_application(
        call=lenient, team=team, cost="100000.00", grant="75000.00"
    )
    assert _codes(application) == []
    strict = make_call(title="Avviso severo")  # 30% and EUR 50,000 by default
    application.call = strict
    application.save(update_fields=["call"])
    for attachment in application.attachments.all():
        assert attachment.requirement is not None
        attachment.requirement = strict.required_attachments.get(
            position=attachment.requirement.position
        )
        attachment.save()
    assert _codes(application) == ["grant_above_maximum", "cofinancing_below_minimum"]


def test_the_cofinancing_share_is_exact_at_the_boundary():
    team = make_team()
    call = make_call()
    application = complete_application(
        call=call, team=team, cost="100000.00", grant="70000.00"
    )
    assert "cofinancing_below_minimum" not in _codes(application)  # exactly 30%
    application = application_rows_set(
        actor=team.lead_rep,
        application=application,
        version=application.version,
        kind="budget_lines",
        rows=budget_rows(team, cost="100000.00", grant="70000.01"),
    )
    assert "cofinancing_below_minimum" in _codes(application)  # 29.9999%
