"""Writes of the admissibility check (istruttoria formale): an ATS officer
opens it on a closed call (one review per valid submission, with its
automatic pre-checks) and declares each application admissible or not.

Every write checks its permission, locks its row, is audited and, when the
lead body must know, e-mails it once committed."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.accounts.models import User
from conciliare.applications.models import Application, ApplicationStatus
from conciliare.audit.services import event_record, event_record_many
from conciliare.calls.models import Call, CallStatus
from conciliare.calls.services import call_close, call_lock
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.reviews.models import AdmissibilityStatus, ApplicationReview
from conciliare.reviews.prechecks import application_prechecks

#: The decisions an officer may take on a pending review.
DECISIONS = (AdmissibilityStatus.ADMISSIBLE, AdmissibilityStatus.NOT_ADMISSIBLE)


@transaction.atomic
def review_start(*, actor: User, call: Call) -> list[ApplicationReview]:
    """Open the admissibility check of ``call``: closed (or published past its
    close time: closed first), it moves to «in valutazione» and every
    application with a valid submission gets its review and pre-checks.

    Running it again creates only the reviews still missing (none, normally).
    Returns the reviews it created."""
    call = call_lock(call)
    ensure_perm(actor, "reviews.start_review", call)
    now = timezone.now()
    if call.is_reviewable_at(now) and call.status == CallStatus.PUBLISHED:
        call = call_close(call=call, actor=actor)
    if call.status == CallStatus.CLOSED:
        previous = call.status
        call.transition_to(CallStatus.IN_EVALUATION)
        call.save(update_fields=["status", "updated_at"])
        event_record(
            actor=actor,
            verb="call.review_start",
            target=call,
            from_state=previous,
            to_state=call.status,
        )
        transaction.on_commit(public_cache_invalidate)
    elif call.status != CallStatus.IN_EVALUATION:
        raise ApplicationError(
            _(
                "L'istruttoria si avvia solo su un avviso chiuso: "
                "«%(title)s» è «%(status)s»."
            )
            % {"title": call.title, "status": call.status_label}
        )
    applications = (
        Application.objects.filter(
            call=call,
            status=ApplicationStatus.SUBMITTED,
            current_submission__isnull=False,
            review__isnull=True,
        )
        .select_related(
            "call__composition_rules", "current_submission", "alliance__lead"
        )
        .order_by("current_submission__submitted_at", "pk")
    )
    reviews = [
        ApplicationReview.objects.create(
            application=application,
            call=call,
            ats_id=call.ats_id,
            prechecks=application_prechecks(application),
            prechecked_at=now,
        )
        for application in applications
    ]
    event_record_many(
        actor=actor,
        verb="review.create",
        targets=reviews,
        to_state=AdmissibilityStatus.PENDING,
        changes_of=lambda review: {
            "prechecks_failed": sum(1 for c in review.prechecks if not c["passed"])
        },
    )
    return reviews


@transaction.atomic
def review_decide(
    *, actor: User, review: ApplicationReview, decision: str, reason: str = ""
) -> ApplicationReview:
    """Declare the application admissible or not (``reason`` required then,
    and shown to the lead body). Refused while a clarification is open."""
    review = review_lock(review)
    ensure_perm(actor, "reviews.decide_admissibility", review)
    if decision not in DECISIONS:
        raise ApplicationError(
            _("Scegliere l'esito dell'istruttoria."), field="decision"
        )
    if review.status == AdmissibilityStatus.CLARIFICATION:
        raise ApplicationError(
            _(
                "È in corso un soccorso istruttorio: si decide dopo la risposta "
                "dell'ente capofila o dopo aver chiuso la richiesta scaduta."
            ),
            field="decision",
        )
    ensure_call_in_review(review.call)
    reason = reason.strip()
    if decision == AdmissibilityStatus.NOT_ADMISSIBLE and not reason:
        raise ApplicationError(
            _(
                "Indicare il motivo della non ammissibilità: lo leggerà l'ente capofila."
            ),
            field="reason",
        )
    previous = review.status
    review.transition_to(decision)
    review.decision_reason = reason
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.save(
        update_fields=[
            "status",
            "decision_reason",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    event_record(
        actor=actor,
        verb="review.decide",
        target=review,
        from_state=previous,
        to_state=review.status,
        note=reason,
    )
    _notify_decision(review)
    return review


def review_lock(review: ApplicationReview) -> ApplicationReview:
    """The review re-read and locked until the transaction ends."""
    return (
        ApplicationReview.objects.select_for_update(of=("self",))
        .select_related(
            "call", "ats", "application__alliance__lead", "application__call"
        )
        .get(pk=review.pk)
    )


def ensure_call_in_review(call: Call) -> None:
    if call.status != CallStatus.IN_EVALUATION:
        raise ApplicationError(
            _("L'istruttoria dell'avviso «%(title)s» non è aperta.")
            % {"title": call.title}
        )


def lead_recipients(application: Application) -> list[str]:
    """Where the lead body of ``application`` is written to."""
    lead = application.alliance.lead
    return [
        address
        for address in (lead.pec, lead.email, application.alliance.contact_email)
        if address
    ]


def _notify_decision(review: ApplicationReview) -> None:
    application = review.application
    with override("it"):
        values: dict[str, Any] = {
            "title": application.title,
            "call": review.call.title,
            "ats": review.ats,
        }
        if review.status == AdmissibilityStatus.ADMISSIBLE:
            subject = _("Domanda ammessa alla valutazione: %(title)s") % values
            body = (
                _(
                    "La domanda «%(title)s» all'avviso «%(call)s» dell'%(ats)s ha "
                    "superato l'istruttoria formale ed è ammessa alla valutazione "
                    "del Comitato."
                )
                % values
            )
        else:
            subject = _("Domanda non ammissibile: %(title)s") % values
            body = _(
                "La domanda «%(title)s» all'avviso «%(call)s» dell'%(ats)s non è "
                "ammissibile per questo motivo:\n\n%(reason)s"
            ) % {**values, "reason": review.decision_reason}
    mail_on_commit(subject, body, lead_recipients(application))
