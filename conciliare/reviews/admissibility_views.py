"""Reserved pages of the admissibility check (istruttoria formale): a call's
list of reviews (start the check, counts, minutes) and the review of one
application (pre-checks, what it submitted, its clarifications, the decision)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.calls.models import Call, CallStatus
from conciliare.calls.selectors import call_get_for_user
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.pagination import CountedPaginator
from conciliare.reviews import admissibility_selectors as selectors
from conciliare.reviews.admissibility_forms import DecisionForm
from conciliare.reviews.admissibility_minutes import (
    admissibility_minutes_request,
    minutes_blockers,
)
from conciliare.reviews.admissibility_services import review_decide, review_start
from conciliare.reviews.clarification_fields import (
    answered_value,
    reopenable_fields,
    submitted_value,
)
from conciliare.reviews.models import AdmissibilityStatus, ApplicationReview
from conciliare.reviews.prechecks import failed_count

LIST = "reviews-admissibility:call-reviews"
#: Rows of the admissibility list per page.
PAGE_SIZE = 50
VIEW = "reviews.view_review"


@login_required
@require_http_methods(["GET"])
def call_reviews(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    """The applications of a call under the admissibility check."""
    call = _call_for(request, call_pk, VIEW)
    counts = selectors.review_counts(call=call)
    total = sum(counts.values())
    page = CountedPaginator(
        selectors.review_list_for_call(call=call), PAGE_SIZE, count=total
    ).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.failed_count = failed_count(row.prechecks)
    now = timezone.now()
    startable = call.is_reviewable_at(now)
    can_officiate = request.user.has_perm("reviews.start_review", call)
    return render(
        request,
        "reviews/admissibility/call_reviews.html",
        {
            "call": call,
            "rows": rows,
            "page_obj": page,
            "total": total,
            "counts": [
                (str(status.label), counts[status.value], status.value)
                for status in AdmissibilityStatus
            ],
            "is_started": call.status not in (CallStatus.PUBLISHED, CallStatus.CLOSED),
            "can_start": can_officiate and startable,
            "submitted_count": total
            or selectors.submitted_application_count(call=call),
            "minutes": selectors.minutes_latest(call=call),
            "can_generate_minutes": request.user.has_perm(
                "reviews.generate_admissibility_minutes", call
            )
            and bool(total),
            "minutes_blockers": minutes_blockers(call=call, counts=counts)
            if total
            else [],
            "status_labels": {s.value: str(s.label) for s in AdmissibilityStatus},
        },
    )


@login_required
@require_http_methods(["POST"])
def call_review_start(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    call = _call_for(request, call_pk, "reviews.start_review")
    try:
        created = review_start(actor=request.user, call=call)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Istruttoria avviata: %(count)s domande da istruire, con le "
                "verifiche automatiche."
            )
            % {"count": len(created)},
        )
    return redirect(LIST, call_pk=call.pk)


@login_required
@require_http_methods(["POST"])
def call_minutes_generate(
    request: AuthenticatedHttpRequest, call_pk: int
) -> HttpResponse:
    call = _call_for(request, call_pk, "reviews.generate_admissibility_minutes")
    try:
        admissibility_minutes_request(actor=request.user, call=call)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Il verbale è in preparazione: il collegamento compare in questa pagina."
            ),
        )
    return redirect(LIST, call_pk=call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One application: pre-checks, submitted content, clarifications and,
    for the ATS's officers, the decision."""
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(VIEW, review):
        raise PermissionDenied
    can_decide = request.user.has_perm("reviews.decide_admissibility", review)
    form = None
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                review_decide(
                    actor=request.user,
                    review=review,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                form.add_error_message(exc.field, exc.message)
            else:
                messages.success(
                    request,
                    _("Esito registrato per la domanda «%(title)s».")
                    % {"title": review.application.title},
                )
                return redirect(LIST, call_pk=review.call_id)
    elif can_decide and review.status == AdmissibilityStatus.PENDING:
        form = DecisionForm()
    return render(
        request,
        "reviews/admissibility/review_detail.html",
        review_context(request, review, decision_form=form),
    )


def review_context(
    request: AuthenticatedHttpRequest,
    review: ApplicationReview,
    *,
    decision_form: DecisionForm | None = None,
) -> dict[str, Any]:
    user = request.user
    submission = review.application.current_submission
    snapshot = submission.snapshot if submission is not None else {}
    reopenable = {field.key: field for field in reopenable_fields(review.call)}
    now = timezone.now()
    clarifications = [
        {
            "request": clarification,
            "fields": [
                {
                    "label": reopenable[key].label,
                    "submitted": submitted_value(snapshot, reopenable[key]),
                    "answered": answered_value(clarification.answer, reopenable[key]),
                }
                for key in clarification.fields
                if key in reopenable
            ],
            "documents": list(clarification.documents.all()),
            "is_expired": clarification.closed_at is None
            and clarification.due_at <= now,
        }
        for clarification in selectors.clarification_list_for_review(review=review)
    ]
    can_request = user.has_perm("reviews.request_clarification", review)
    return {
        "review": review,
        "call": review.call,
        "application": review.application,
        "submission": submission,
        "snapshot": snapshot,
        "prechecks": review.prechecks,
        "failed_count": failed_count(review.prechecks),
        "clarifications": clarifications,
        "decision_form": decision_form,
        "can_request": can_request
        and review.status == AdmissibilityStatus.PENDING
        and review.call.status == CallStatus.IN_EVALUATION,
        "can_close_expired": can_request,
        "can_read_submission": user.has_perm(
            "calls.view_call_applications", review.call
        ),
    }


def _call_for(request: AuthenticatedHttpRequest, call_pk: int, perm: str) -> Call:
    """The call if the user may see it (404 otherwise), and holds ``perm``
    on it (403 otherwise)."""
    call = call_get_for_user(user=request.user, pk=call_pk)
    if not request.user.has_perm(perm, call):
        raise PermissionDenied
    return call
