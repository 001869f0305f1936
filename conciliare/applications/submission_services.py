"""Submitting an application, and withdrawing it.

``application_submit`` is the one way in, for the web form and the API:
it checks every rule of the call again on the server, stores an immutable
snapshot, takes a protocol number and the server's time, and leaves the PDF
receipt and the e-mail to the worker. The same ``key`` (one per form shown,
or the API's Idempotency-Key) always yields the same submission, so a double
click or a network retry never submits twice.

Deadline: what counts is when the server *received* the request
(``received_at``, taken before waiting for any lock), so a request that
arrived in time is never refused because others were being served.
"""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.applications.call_figures import call_figures_invalidate
from conciliare.applications.checks import application_check, budget_totals
from conciliare.applications.models import Application, ApplicationStatus, Submission
from conciliare.applications.services import application_lock
from conciliare.applications.snapshots import (
    application_snapshot,
    snapshot_fingerprint,
    snapshot_json,
)
from conciliare.audit.services import event_record
from conciliare.calls.models import Call
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.registry.membership_services import protocol_number_next


class CallClosed(ApplicationError):  # noqa: N818 (reads as what happened)
    def __init__(self, call: Call) -> None:
        super().__init__(
            _(
                "L'avviso è scaduto il %(closes_at)s: la domanda non può più essere "
                "inviata né ritirata."
            )
            % {"closes_at": _moment(call.closes_at)}
        )


@transaction.atomic
def application_submit(
    *,
    actor: User,
    application: Application,
    key: uuid.UUID,
    received_at: datetime | None = None,
) -> Submission:
    """Submit ``application`` (a draft, or a withdrawn one) to its call.

    Returns the submission made with ``key`` if there is one already.
    Raises PermissionDenied, CallClosed, ApplicationError or ValidationError
    (``__all__``: every rule of the call the application fails).
    """
    received_at = received_at or timezone.now()
    application = application_lock(application)
    earlier = Submission.objects.filter(application=application, key=key).first()
    if earlier is not None:
        return earlier
    ensure_perm(actor, "applications.view_application", application)
    if (
        application.status == ApplicationStatus.SUBMITTED
        and application.current_submission
    ):
        raise ApplicationError(
            _("La domanda è già stata inviata: protocollo %(number)s del %(moment)s.")
            % {
                "number": application.current_submission.protocol_number,
                "moment": _moment(application.current_submission.submitted_at),
            }
        )
    ensure_perm(actor, "applications.submit_application", application)
    call = application.call
    if not call.is_open_at(received_at):
        if received_at < call.opens_at:
            raise ApplicationError(
                _(
                    "L'avviso apre il %(opens_at)s: la domanda si potrà inviare da allora."
                )
                % {"opens_at": _moment(call.opens_at)}
            )
        raise CallClosed(call)
    failures = application_check(application)
    if failures:
        raise ValidationError({"__all__": [failure.message for failure in failures]})
    snapshot = snapshot_json(application_snapshot(application))
    totals = budget_totals(application)
    protocol_number = protocol_number_next(ats=application.ats)
    submission = Submission.objects.create(
        application=application,
        key=key,
        protocol_number=protocol_number,
        received_at=received_at,
        submitted_at=max(timezone.now(), received_at),
        submitted_by=actor,
        snapshot=snapshot,
        snapshot_sha256=snapshot_fingerprint(snapshot),
        grant_requested=totals.grant_requested,
        total_cost=totals.cost,
    )
    previous = application.status
    application.transition_to(ApplicationStatus.SUBMITTED)
    application.current_submission = submission
    application.submitted_at = submission.submitted_at
    application.version += 1
    application.save(
        update_fields=[
            "status",
            "current_submission",
            "submitted_at",
            "version",
            "updated_at",
        ]
    )
    call_figures_invalidate(call_id=application.call_id)
    event_record(
        actor=actor,
        verb="application.submit",
        target=application,
        from_state=previous,
        to_state=application.status,
        changes={"protocol_number": [None, protocol_number]},
        note=submission.snapshot_sha256,
    )
    from conciliare.applications.tasks import submission_receipt_task

    transaction.on_commit(lambda: submission_receipt_task.enqueue(submission.pk))
    return submission


@transaction.atomic
def application_withdraw(
    *, actor: User, application: Application, reason: str = ""
) -> Application:
    """Withdraw a submitted application before the close time: its
    submission no longer counts; the lead body may change and resubmit it."""
    now = timezone.now()
    application = application_lock(application)
    ensure_perm(actor, "applications.withdraw_application", application)
    if now >= application.call.closes_at:
        raise CallClosed(application.call)
    submission = application.current_submission
    if submission is None:  # pragma: no cover - the status says there is one
        raise ApplicationError(_("La domanda non risulta inviata."))
    previous = application.status
    application.transition_to(ApplicationStatus.WITHDRAWN)
    application.current_submission = None
    application.version += 1
    application.updated_by = actor
    application.save(
        update_fields=[
            "status",
            "current_submission",
            "version",
            "updated_by",
            "updated_at",
        ]
    )
    Submission.objects.filter(pk=submission.pk).update(
        withdrawn_at=now, withdrawn_by=actor
    )
    call_figures_invalidate(call_id=application.call_id)
    event_record(
        actor=actor,
        verb="application.withdraw",
        target=application,
        from_state=previous,
        to_state=application.status,
        changes={"protocol_number": [submission.protocol_number, None]},
        note=reason.strip(),
    )
    return application


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
