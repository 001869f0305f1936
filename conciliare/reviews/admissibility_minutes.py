"""The minutes (verbale) of a call's admissibility check as a PDF: the
applications admitted and not admitted (with the reasons) and the
soccorsi istruttori asked and answered, drawn from the recorded decisions.

An officer asks for them once every review is decided; the worker renders
them (WeasyPrint is slow) and stores them as a private document of the ATS,
numbered per call. Asking again with no new decision issues nothing more."""

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from weasyprint import HTML

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.calls.models import Call
from conciliare.calls.services import call_lock
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.reviews.admissibility_selectors import review_counts
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ClarificationRequest,
    MinutesKind,
    ReviewMinutes,
)
from conciliare.reviews.models.admissibility import DECIDED_STATUSES


def minutes_blockers(*, call: Call, counts: dict[str, int] | None = None) -> list[str]:
    """Why the minutes cannot be generated yet (none: they can); ``counts``
    are the call's reviews by status when the caller has them already."""
    if counts is None:
        counts = review_counts(call=call)
    if not sum(counts.values()):
        return [_("L'istruttoria dell'avviso non è ancora stata avviata.")]
    undecided = sum(
        number for status, number in counts.items() if status not in DECIDED_STATUSES
    )
    if undecided:
        return [
            _("%(count)s domande attendono ancora l'esito dell'istruttoria.")
            % {"count": undecided}
        ]
    return []


@transaction.atomic
def admissibility_minutes_request(*, actor: User, call: Call) -> None:
    """Ask the worker for the minutes of ``call``'s admissibility check."""
    call = call_lock(call)
    ensure_perm(actor, "reviews.generate_admissibility_minutes", call)
    blockers = minutes_blockers(call=call)
    if blockers:
        raise ApplicationError(" ".join(blockers))
    event_record(actor=actor, verb="call.admissibility_minutes_request", target=call)
    from conciliare.reviews.admissibility_tasks import admissibility_minutes_task

    call_id, actor_id = call.pk, actor.pk
    transaction.on_commit(
        lambda: admissibility_minutes_task.enqueue(call_id=call_id, actor_id=actor_id)
    )


def admissibility_minutes_issue(*, call_id: int, actor_id: int) -> str:
    """Render and store the minutes (the worker's part)."""
    with transaction.atomic():
        call = Call.objects.filter(pk=call_id).first()
        actor = User.objects.filter(pk=actor_id).first()
        if call is None or actor is None:
            return "missing"
        call = call_lock(call)
        if minutes_blockers(call=call):
            return "not ready"
        latest = (
            ReviewMinutes.objects.filter(call=call, kind=MinutesKind.ADMISSIBILITY)
            .order_by("-number")
            .first()
        )
        last_decision = ApplicationReview.objects.filter(call=call).aggregate(
            last=Max("decided_at")
        )["last"]
        if (
            latest is not None
            and last_decision
            and latest.generated_at >= last_decision
        ):
            return "already issued"
        number = (latest.number if latest else 0) + 1
        now = timezone.now()
        with override("it"):
            pdf = admissibility_minutes_pdf(call=call, number=number, generated_at=now)
            title = _("Verbale n. %(number)s di istruttoria formale – %(call)s") % {
                "number": number,
                "call": call.title,
            }
        document = document_store(
            actor=actor,
            data={
                "title": title[:255],
                "kind": DocumentKind.MINUTES,
                "act_number": str(number),
                "act_date": timezone.localdate(now),
                "valid_from": timezone.localdate(now),
                "is_public": False,
                "ats": call.ats,
                "period": call.period,
            },
            file=ContentFile(pdf, name=f"verbale-istruttoria-{call.pk}-{number}.pdf"),
            note=title,
        )
        minutes = ReviewMinutes.objects.create(
            call=call,
            kind=MinutesKind.ADMISSIBILITY,
            number=number,
            document=document,
            generated_by=actor,
            generated_at=now,
        )
        event_record(
            actor=actor,
            verb="call.admissibility_minutes_issue",
            target=call,
            note=str(minutes),
        )
    return "issued"


def admissibility_minutes_pdf(
    *, call: Call, number: int, generated_at: datetime
) -> bytes:
    return bytes(
        HTML(
            string=admissibility_minutes_html(
                call=call, number=number, generated_at=generated_at
            )
        ).write_pdf()
    )


def admissibility_minutes_html(
    *, call: Call, number: int, generated_at: datetime
) -> str:
    reviews = list(
        ApplicationReview.objects.filter(call=call)
        .select_related(
            "application__alliance__lead",
            "application__current_submission",
            "decided_by",
        )
        .order_by("application__current_submission__submitted_at", "pk")
    )
    clarifications = list(
        ClarificationRequest.objects.filter(review__call=call)
        .select_related(
            "review__application__current_submission",
            "review__application__alliance__lead",
        )
        .order_by("review__application__current_submission__submitted_at", "number")
    )
    return render_to_string(
        "reviews/admissibility/minutes_pdf.html",
        {
            "call": call,
            "number": number,
            "generated_at": timezone.localtime(generated_at),
            "admitted": [
                r for r in reviews if r.status == AdmissibilityStatus.ADMISSIBLE
            ],
            "not_admitted": [
                r for r in reviews if r.status == AdmissibilityStatus.NOT_ADMISSIBLE
            ],
            "clarifications": clarifications,
        },
    )
