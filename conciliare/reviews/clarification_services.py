"""The soccorso istruttorio: an ATS officer asks the lead body to clarify or
complete an application (the fields it reopens, a due date); the lead
body's representative answers once, before the due date; an officer may
close a request left unanswered past its due date.

The answer is stored on the request: the submitted snapshot never changes.
Every write checks its permission, locks its rows and is audited."""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.reviews.admissibility_services import (
    ensure_call_in_review,
    lead_recipients,
    review_lock,
)
from conciliare.reviews.clarification_fields import (
    DATE_FIELDS,
    TEXT_FIELDS,
    reopenable_fields,
)
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ClarificationDocument,
    ClarificationRequest,
)


def clarification_due_default(review: ApplicationReview) -> datetime:
    """Now plus the call's days to answer."""
    return timezone.now() + timedelta(days=review.call.clarification_days)


@transaction.atomic
def clarification_request(
    *,
    actor: User,
    review: ApplicationReview,
    message: str,
    fields: list[str],
    due_at: datetime | None = None,
) -> ClarificationRequest:
    """Ask the lead body of ``review``'s application for clarification: the
    review waits (status «soccorso istruttorio») until the answer, or until an
    officer closes the expired request. ``fields`` are keys of
    ``clarification_fields.reopenable_fields``; the free-text answer is
    always possible."""
    review = review_lock(review)
    ensure_perm(actor, "reviews.request_clarification", review)
    ensure_call_in_review(review.call)
    if review.status != AdmissibilityStatus.PENDING:
        raise ApplicationError(
            _(
                "Si può chiedere un soccorso istruttorio solo su una domanda "
                "ancora da istruire."
            )
        )
    errors: dict[str, list[str]] = {}
    message = message.strip()
    if not message:
        errors["message"] = [_("Scrivere che cosa si chiede all'ente capofila.")]
    allowed = {field.key for field in reopenable_fields(review.call)}
    unknown = [key for key in fields if key not in allowed]
    if unknown:
        errors["fields"] = [
            _("Campi che non si possono riaprire: %(keys)s.")
            % {"keys": ", ".join(unknown)}
        ]
    now = timezone.now()
    due_at = due_at or clarification_due_default(review)
    if due_at <= now:
        errors["due_at"] = [_("Il termine per rispondere deve essere nel futuro.")]
    if errors:
        raise ValidationError(errors)
    number = (review.clarifications.aggregate(last=Max("number"))["last"] or 0) + 1
    request = ClarificationRequest.objects.create(
        review=review,
        number=number,
        message=message,
        fields=list(dict.fromkeys(fields)),
        due_at=due_at,
        requested_by=actor,
        requested_at=now,
    )
    previous = review.status
    review.transition_to(AdmissibilityStatus.CLARIFICATION)
    review.save(update_fields=["status", "updated_at"])
    event_record(
        actor=actor,
        verb="review.clarification_request",
        target=review,
        from_state=previous,
        to_state=review.status,
        changes={"fields": [None, request.fields]},
        note=message,
    )
    _notify_request(request)
    return request


@transaction.atomic
def clarification_answer(
    *,
    actor: User,
    request: ClarificationRequest,
    values: dict[str, Any] | None = None,
    note: str = "",
    files: dict[str, "File[bytes]"] | None = None,
) -> ClarificationRequest:
    """The lead body's answer: new values for the reopened fields, files for
    the reopened attachments (stored as private documents of the ATS) and a
    free-text note. Closes the request; the review goes back to the officers.
    Refused after the due date."""
    request = _request_lock(request)
    ensure_perm(actor, "reviews.answer_clarification", request)
    review = review_lock(request.review)
    now = timezone.now()
    if now >= request.due_at:
        raise ApplicationError(
            _(
                "Il termine per rispondere è scaduto il %(due)s: la risposta non "
                "può più essere inviata. Per chiarimenti contattate l'ATS."
            )
            % {
                "due": date_format(
                    timezone.localtime(request.due_at), "SHORT_DATETIME_FORMAT"
                )
            }
        )
    files = files or {}
    reopened = set(request.fields)
    answer: dict[str, Any] = {}
    for key, value in (values or {}).items():
        if key not in reopened:
            continue
        if key in DATE_FIELDS and value:
            answer[key] = value.isoformat() if isinstance(value, date) else str(value)
        elif key in TEXT_FIELDS and str(value).strip():
            answer[key] = str(value).strip()
    submission = review.application.current_submission
    snapshot = submission.snapshot if submission is not None else {}
    # what the page showed pre-filled and came back unchanged is no answer
    answer = {k: v for k, v in answer.items() if v != (snapshot.get(k) or "")}
    _check_dates(snapshot, answer)
    note = note.strip()
    uploads = {key: file for key, file in files.items() if key in reopened and file}
    if not answer and not uploads and not note:
        raise ValidationError(
            {
                "answer_note": [
                    _(
                        "Rispondere alla richiesta: modificare i campi riaperti, "
                        "caricare i file o scrivere i chiarimenti."
                    )
                ]
            }
        )
    requirements = {
        field.key: field.requirement
        for field in reopenable_fields(review.call)
        if field.requirement is not None
    }
    application = review.application
    for key, file in uploads.items():
        requirement = requirements[key]
        try:
            document = document_store(
                actor=actor,
                data={
                    "title": f"{requirement.name} – {application.title}"[:255],
                    "kind": DocumentKind.OTHER,
                    "valid_from": timezone.localdate(),
                    "is_public": False,
                    "ats": review.ats,
                    "period": review.call.period,
                },
                file=file,
                note=_("Soccorso istruttorio n. %(number)s, domanda %(pk)s")
                % {"number": request.number, "pk": application.pk},
            )
        except ValidationError as exc:
            raise ValidationError({key: exc.messages}) from exc
        ClarificationDocument.objects.create(
            request=request, requirement=requirement, document=document
        )
        answer[key] = {
            "document_id": document.pk,
            "filename": document.original_filename,
        }
    request.answer = answer
    request.answer_note = note
    request.answered_by = actor
    request.answered_at = now
    request.closed_at = now
    request.save(
        update_fields=[
            "answer",
            "answer_note",
            "answered_by",
            "answered_at",
            "closed_at",
            "updated_at",
        ]
    )
    previous = review.status
    review.transition_to(AdmissibilityStatus.PENDING)
    review.save(update_fields=["status", "updated_at"])
    event_record(
        actor=actor,
        verb="review.clarification_answer",
        target=review,
        from_state=previous,
        to_state=review.status,
        changes={"answer": [None, sorted(answer)]},
        note=note,
    )
    _notify_answer(request)
    return request


@transaction.atomic
def clarification_close(
    *, actor: User, request: ClarificationRequest
) -> ClarificationRequest:
    """Close a request left unanswered past its due date: the review is back
    to «da istruire» and the officer decides on what was submitted."""
    request = _request_lock(request)
    review = review_lock(request.review)
    ensure_perm(actor, "reviews.request_clarification", review)
    if request.closed_at is not None:
        raise ApplicationError(_("La richiesta è già chiusa."))
    now = timezone.now()
    if now < request.due_at:
        raise ApplicationError(
            _(
                "Il termine per rispondere non è ancora scaduto: la richiesta si "
                "chiude con la risposta dell'ente capofila."
            )
        )
    request.closed_at = now
    request.save(update_fields=["closed_at", "updated_at"])
    previous = review.status
    review.transition_to(AdmissibilityStatus.PENDING)
    review.save(update_fields=["status", "updated_at"])
    event_record(
        actor=actor,
        verb="review.clarification_expire",
        target=review,
        from_state=previous,
        to_state=review.status,
        note=_("Soccorso istruttorio n. %(number)s chiuso senza risposta.")
        % {"number": request.number},
    )
    return request


def _request_lock(request: ClarificationRequest) -> ClarificationRequest:
    return (
        ClarificationRequest.objects.select_for_update(of=("self",))
        .select_related(
            "review__application__alliance__lead", "review__call", "requested_by"
        )
        .get(pk=request.pk)
    )


def _check_dates(snapshot: dict[str, Any], answer: dict[str, Any]) -> None:
    """The activities' dates, as answered (or as submitted), in order."""
    starts = parse_date(answer.get("starts_on") or snapshot.get("starts_on") or "")
    ends = parse_date(answer.get("ends_on") or snapshot.get("ends_on") or "")
    if starts and ends and ends < starts:
        raise ValidationError(
            {"ends_on": [_("La fine delle attività non può precedere l'inizio.")]}
        )


def _notify_request(request: ClarificationRequest) -> None:
    review = request.review
    application = review.application
    with override("it"):
        values = {
            "title": application.title,
            "call": review.call.title,
            "ats": review.ats,
            "due": date_format(
                timezone.localtime(request.due_at), "SHORT_DATETIME_FORMAT"
            ),
            "message": request.message,
        }
        subject = _("Soccorso istruttorio sulla domanda «%(title)s»") % values
        body = (
            _(
                "L'%(ats)s chiede chiarimenti sulla domanda «%(title)s» all'avviso "
                "«%(call)s»:\n\n%(message)s\n\nSi può rispondere dall'area "
                "riservata, dalla pagina della domanda, entro il %(due)s."
            )
            % values
        )
    mail_on_commit(subject, body, lead_recipients(application))


def _notify_answer(request: ClarificationRequest) -> None:
    review = request.review
    with override("it"):
        subject = _("Risposta al soccorso istruttorio: %(title)s") % {
            "title": review.application.title
        }
        body = _(
            "L'ente capofila ha risposto al soccorso istruttorio n. %(number)s "
            "sulla domanda «%(title)s»: la domanda torna da istruire."
        ) % {"number": request.number, "title": review.application.title}
    mail_on_commit(subject, body, [request.requested_by.email])
