"""The officers' pages of the committee's evaluation (ATS officers, acting
as the committee's secretary): the assignments of a call's admissible
applications (evaluators, conflicts, progress against the call's minimum)
and, per application, the evaluators' submitted scores side by side with
their mean, the committee's consensus and its audited reopening."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.calls.models import Call, ScoreMethod
from conciliare.calls.selectors import call_get_for_user
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.reviews import evaluation_selectors as selectors
from conciliare.reviews.consensus_services import (
    consensus_record,
    consensus_reopen,
)
from conciliare.reviews.evaluation_forms import (
    AssignmentForm,
    ConsensusForm,
    ReopenForm,
)
from conciliare.reviews.evaluation_services import (
    assignment_create,
    assignment_remove,
)
from conciliare.reviews.models import ApplicationReview, EvaluatorAssignment

ASSIGNMENTS = "reviews-evaluation:call-assignments"
CONSENSUS = "reviews-evaluation:consensus"


#: Applications (each with its assignment form) per page.
PAGE_SIZE = 25


@login_required
@require_http_methods(["GET"])
def call_assignments(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    """The admissible applications of the call, their evaluators and the
    form to assign one more seat to each."""
    call = _call_for(request, call_pk)
    return _assignments_page(request, call)


@login_required
@require_http_methods(["POST"])
def assignment_add(
    request: AuthenticatedHttpRequest, call_pk: int, review_pk: int
) -> HttpResponse:
    call = _call_for(request, call_pk)
    review = _review_for(request, review_pk, "reviews.assign_evaluator")
    if review.call_id != call.pk:
        raise Http404
    seats = list(selectors.seat_list_for_call(call=call))
    form = AssignmentForm(request.POST, seats=seats, prefix=f"review-{review.pk}")
    if form.is_valid():
        try:
            assignment = assignment_create(
                actor=request.user, review=review, seat=form.cleaned_data["seat"]
            )
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            if assignment.is_conflicted:
                messages.warning(
                    request,
                    _(
                        "%(evaluator)s è in conflitto di interessi ed è escluso dalla "
                        "valutazione: %(reason)s Assegnare un altro componente."
                    )
                    % {
                        "evaluator": assignment.evaluator,
                        "reason": assignment.conflict_note,
                    },
                )
            else:
                messages.success(
                    request,
                    _("%(evaluator)s assegnato alla domanda «%(application)s».")
                    % {
                        "evaluator": assignment.evaluator,
                        "application": review.application,
                    },
                )
            return redirect(ASSIGNMENTS, call_pk=call.pk)
    return _assignments_page(request, call, bound=(review.pk, form), status=400)


@login_required
@require_http_methods(["POST"])
def assignment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        EvaluatorAssignment.objects.filter(
            review__in=selectors.evaluation_review_visible_to(user=request.user)
        ).select_related("review", "evaluator"),
        pk=pk,
    )
    if not request.user.has_perm("reviews.remove_assignment", assignment):
        raise PermissionDenied
    try:
        assignment_remove(actor=request.user, assignment=assignment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Assegnazione di %(evaluator)s ritirata.")
            % {"evaluator": assignment.evaluator},
        )
    return redirect(ASSIGNMENTS, call_pk=assignment.review.call_id)


@login_required
@require_http_methods(["GET", "POST"])
def consensus(request: AuthenticatedHttpRequest, review_pk: int) -> HttpResponse:
    """The evaluators' submitted scores side by side (never a draft), their
    mean, and the committee's consensus."""
    review = _review_for(request, review_pk, "reviews.view_evaluation")
    criteria = selectors.criterion_list_for_review(review=review)
    by_mean = review.call.score_method == ScoreMethod.MEAN
    form = ConsensusForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        by_mean=by_mean,
    )
    if request.method == "POST":
        if not request.user.has_perm("reviews.record_consensus", review):
            raise PermissionDenied
        if form.is_valid() and form.call_service(
            consensus_record,
            actor=request.user,
            review=review,
            scores=form.scores(),
            note=form.cleaned_data["note"],
        ):
            messages.success(request, _("Punteggio del Comitato registrato."))
            return redirect(CONSENSUS, review_pk=review.pk)
    return _consensus_page(
        request, review, criteria, form=form, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["POST"])
def consensus_reopen_view(
    request: AuthenticatedHttpRequest, review_pk: int
) -> HttpResponse:
    review = _review_for(request, review_pk, "reviews.reopen_consensus")
    form = ReopenForm(request.POST)
    if form.is_valid() and form.call_service(
        consensus_reopen,
        actor=request.user,
        review=review,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(
            request,
            _(
                "Punteggio del Comitato riaperto: i valutatori possono rivedere "
                "e consegnare di nuovo i propri punteggi."
            ),
        )
        return redirect(CONSENSUS, review_pk=review.pk)
    criteria = selectors.criterion_list_for_review(review=review)
    return _consensus_page(request, review, criteria, reopen_form=form, status=400)


# -- helpers -------------------------------------------------------------------


def _call_for(request: AuthenticatedHttpRequest, call_pk: int) -> Call:
    call = call_get_for_user(user=request.user, pk=call_pk)
    if not request.user.has_perm("reviews.manage_evaluation", call):
        raise PermissionDenied
    return call


def _review_for(
    request: AuthenticatedHttpRequest, review_pk: int, perm: str
) -> ApplicationReview:
    review = selectors.evaluation_review_get_for_user(user=request.user, pk=review_pk)
    if not request.user.has_perm(perm, review):
        raise PermissionDenied
    return review


def _assignments_page(
    request: AuthenticatedHttpRequest,
    call: Call,
    *,
    bound: tuple[int, AssignmentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    seats = list(selectors.seat_list_for_call(call=call))
    listed = selectors.review_list_for_assignment(call=call)
    number = request.GET.get("page")
    if bound is not None:  # the page that holds the form with the errors
        order = list(listed.values_list("pk", flat=True))
        if bound[0] in order:
            number = str(order.index(bound[0]) // PAGE_SIZE + 1)
    page = Paginator(listed, PAGE_SIZE).get_page(number)
    reviews = list(page.object_list)
    rows = []
    for review in reviews:
        assigned = {a.seat_id for a in review.assignments.all()}
        if bound is not None and bound[0] == review.pk:
            form = bound[1]
        else:
            form = AssignmentForm(
                seats=[s for s in seats if s.pk not in assigned],
                prefix=f"review-{review.pk}",
            )
        rows.append(
            {
                "review": review,
                "form": form,
                "missing": max(
                    call.min_evaluators - getattr(review, "cleared_count", 0), 0
                ),
                "ready": getattr(review, "submitted_count", 0) >= call.min_evaluators,
            }
        )
    return render(
        request,
        "reviews/evaluation/call_assignments.html",
        {"call": call, "rows": rows, "page_obj": page, "has_seats": bool(seats)},
        status=status,
    )


def _consensus_page(
    request: AuthenticatedHttpRequest,
    review: ApplicationReview,
    criteria: list[Any],
    *,
    form: ConsensusForm | None = None,
    reopen_form: ReopenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    evaluators = selectors.submitted_assignments_for(review=review)
    rows = selectors.consensus_rows(review=review, evaluators=evaluators)
    by_mean = review.call.score_method == ScoreMethod.MEAN
    if form is None:
        form = ConsensusForm(criteria=criteria, by_mean=by_mean)
    can_record = (
        request.user.has_perm("reviews.record_consensus", review)
        and not review.has_consensus
        and selectors.cleared_submitted_count(review=review)
        >= review.call.min_evaluators
    )
    return render(
        request,
        "reviews/evaluation/consensus.html",
        {
            "review": review,
            "call": review.call,
            "application": review.application,
            "evaluators": evaluators,
            "rows": rows,
            "form": form,
            "form_rows": list(zip(form.rows(), rows, strict=False))
            if form.criteria
            else [],
            "by_mean": by_mean,
            "can_record": can_record,
            "can_reopen": review.has_consensus
            and request.user.has_perm("reviews.reopen_consensus", review),
            "reopen_form": reopen_form or ReopenForm(),
            "assignments": list(
                review.assignments.select_related("evaluator", "seat__organisation")
            ),
            "events": event_list_for_object(target=review)[:50],
        },
        status=status,
    )
