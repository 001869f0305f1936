"""Pages of the soccorso istruttorio: the officer's request (and the closing
of an expired one) and the lead body's answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.accounts.predicates import is_organisation_representative
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.reviews import admissibility_selectors as selectors
from conciliare.reviews.admissibility_forms import (
    ClarificationAnswerForm,
    ClarificationRequestForm,
)
from conciliare.reviews.admissibility_rules import represents_request_lead
from conciliare.reviews.clarification_fields import reopenable_fields, submitted_value
from conciliare.reviews.clarification_services import (
    clarification_answer,
    clarification_close,
    clarification_due_default,
    clarification_request,
)
from conciliare.reviews.models import AdmissibilityStatus, ClarificationRequest

REVIEW = "reviews-admissibility:review-detail"


@login_required
@require_http_methods(["GET", "POST"])
def clarification_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The officer asks the lead body for clarification on one application."""
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("reviews.request_clarification", review):
        raise PermissionDenied
    if review.status != AdmissibilityStatus.PENDING:
        messages.error(
            request,
            _(
                "Si può chiedere un soccorso istruttorio solo su una domanda "
                "ancora da istruire."
            ),
        )
        return redirect(REVIEW, pk=review.pk)
    reopenable = reopenable_fields(review.call)
    if request.method == "POST":
        form = ClarificationRequestForm(request.POST, reopenable=reopenable)
    else:
        form = ClarificationRequestForm(
            reopenable=reopenable,
            initial={"due_at": timezone.localtime(clarification_due_default(review))},
        )
    if request.method == "POST" and form.is_valid():
        try:
            clarification = clarification_request(
                actor=request.user,
                review=review,
                message=form.cleaned_data["message"],
                fields=form.cleaned_data["reopen"],
                due_at=form.cleaned_data["due_at"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Soccorso istruttorio n. %(number)s inviato all'ente capofila: "
                    "la domanda attende la risposta."
                )
                % {"number": clarification.number},
            )
            return redirect(REVIEW, pk=review.pk)
    return render(
        request,
        "reviews/admissibility/clarification_form.html",
        {"review": review, "call": review.call, "form": form},
    )


@login_required
@require_http_methods(["POST"])
def clarification_close_expired(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    """The officer closes a request left unanswered past its due date."""
    clarification = get_object_or_404(
        ClarificationRequest.objects.filter(
            review__in=selectors.review_visible_to(request.user)
        ).select_related("review"),
        pk=pk,
    )
    if not request.user.has_perm("reviews.request_clarification", clarification.review):
        raise PermissionDenied
    try:
        clarification_close(actor=request.user, request=clarification)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Richiesta chiusa senza risposta: la domanda è di nuovo da istruire."),
        )
    return redirect(REVIEW, pk=clarification.review_id)


@login_required
@require_http_methods(["GET", "POST"])
def clarification_answer_page(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    """The lead body's representative answers: only the reopened fields,
    filled with the submitted values, and the note."""
    clarification = selectors.clarification_get_for_team(user=request.user, pk=pk)
    if not (
        is_organisation_representative(request.user)
        and represents_request_lead(request.user, clarification)
    ):
        raise PermissionDenied
    review = clarification.review
    application = review.application
    submission = application.current_submission
    snapshot = submission.snapshot if submission is not None else {}
    reopened = [
        field
        for field in reopenable_fields(review.call)
        if field.key in clarification.fields
    ]
    now = timezone.now()
    is_open = clarification.closed_at is None
    is_expired = is_open and clarification.due_at <= now
    form = None
    if is_open:
        initial = {
            field.key.replace(":", "_"): snapshot.get(field.key)
            for field in reopened
            if field.kind != "attachment"
        }
        form = ClarificationAnswerForm(
            request.POST or None,
            request.FILES or None,
            reopened=reopened,
            initial=initial,
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and form.call_service(
                clarification_answer,
                actor=request.user,
                request=clarification,
                values=form.values(),
                note=form.cleaned_data["answer_note"],
                files=form.files_by_key(),
            )
        ):
            messages.success(
                request,
                _("Risposta inviata all'ATS: la domanda torna in istruttoria."),
            )
            return redirect(application.get_absolute_url())
    elif request.method == "POST":
        messages.error(request, _("La richiesta è già chiusa."))
        return redirect(application.get_absolute_url())
    return render(
        request,
        "reviews/admissibility/clarification_answer.html",
        {
            "clarification": clarification,
            "review": review,
            "application": application,
            "form": form,
            "is_expired": is_expired,
            "submitted": [
                (field, submitted_value(snapshot, field)) for field in reopened
            ],
        },
    )
