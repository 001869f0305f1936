"""The evaluator's pages (area riservata, committee members): the queue of
the applications assigned to him/her, the declaration of conflict of
interest made before the application is shown, and the scoring page (the
submitted application read-only beside the criteria). An evaluator with a
conflict (declared or found automatically) never reaches the application."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from conciliare.applications.officer_views import snapshot_for_display
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.reviews import evaluation_selectors as selectors
from conciliare.reviews.evaluation_forms import DeclarationForm, ScoreForm
from conciliare.reviews.evaluation_services import (
    conflict_declare,
    scores_save,
    scores_submit,
)
from conciliare.reviews.models import ConflictStatus, EvaluatorAssignment

SCORE = "reviews-evaluation:score"
DECLARE = "reviews-evaluation:declare"


@login_required
@require_http_methods(["GET"])
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every application assigned to the user, across calls."""
    if not request.user.has_perm("reviews.view_evaluation_queue"):
        raise PermissionDenied
    return render(
        request,
        "reviews/evaluation/queue.html",
        {"assignments": list(selectors.assignment_queue_for(user=request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The declaration, made once before the application is shown."""
    assignment = _assignment_for(request, pk, "reviews.declare_conflict")
    if assignment.conflict_status == ConflictStatus.NONE:
        return redirect(SCORE, pk=assignment.pk)
    form = DeclarationForm(request.POST or None)
    if (
        request.method == "POST"
        and assignment.conflict_status == ConflictStatus.UNDECLARED
        and form.is_valid()
    ):
        conflicted = form.cleaned_data["conflict"] == "declared"
        if form.call_service(
            conflict_declare,
            actor=request.user,
            assignment=assignment,
            conflicted=conflicted,
            note=form.cleaned_data["note"],
        ):
            if conflicted:
                messages.success(
                    request,
                    _(
                        "Conflitto di interessi registrato: la domanda è esclusa "
                        "dalla sua valutazione."
                    ),
                )
                return redirect("reviews-evaluation:queue")
            messages.success(request, _("Dichiarazione registrata."))
            return redirect(SCORE, pk=assignment.pk)
    return render(
        request,
        "reviews/evaluation/declare.html",
        {"assignment": assignment, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The submitted application and the scores: drafts saved any number of
    times (htmx, or a plain POST), then the submission."""
    assignment = _assignment_for(request, pk, "reviews.view_assignment")
    if assignment.conflict_status == ConflictStatus.UNDECLARED:
        return redirect(DECLARE, pk=assignment.pk)
    if not request.user.has_perm("reviews.view_assigned_application", assignment):
        raise PermissionDenied
    review = assignment.review
    criteria = selectors.criterion_list_for_review(review=review)
    own = selectors.own_scores(assignment=assignment)
    is_open = not assignment.is_submitted and not review.has_consensus
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        initial=ScoreForm.initial_for(own),
    )
    saved = False
    if request.method == "POST":
        if not (
            is_open and request.user.has_perm("reviews.score_application", assignment)
        ):
            raise PermissionDenied
        submitting = "submit" in request.POST
        if form.is_valid():
            try:
                if submitting:
                    scores_submit(
                        actor=request.user,
                        assignment=assignment,
                        scores=form.scores(),
                    )
                else:
                    scores_save(
                        actor=request.user,
                        assignment=assignment,
                        scores=form.scores(),
                    )
            except ValidationError as exc:
                form.add_service_errors(exc)
            except ApplicationError as exc:
                form.add_error_message(exc.field, exc.message)
            else:
                if submitting:
                    messages.success(
                        request,
                        _("Valutazione consegnata: i punteggi non si modificano più."),
                    )
                    url = request.path
                    if request.htmx:
                        return HttpResponseClientRedirect(url)
                    return redirect(url)
                saved = True
                if not request.htmx:
                    messages.success(request, _("Bozza salvata."))
                    return redirect(request.path)
    context: dict[str, Any] = {
        "assignment": assignment,
        "review": review,
        "call": review.call,
        "form": form,
        "is_open": is_open,
        "saved": saved,
    }
    if request.htmx and request.method == "POST":
        return render(request, "reviews/evaluation/score.html#score-form", context)
    submission = review.application.current_submission
    if submission is None:  # pragma: no cover - an admissible application was submitted
        raise Http404
    context.update(
        submission=submission,
        snapshot=snapshot_for_display(submission.snapshot),
        own_rows=[(c, own.get(c.pk)) for c in criteria],
        others=selectors.others_scores_visible_to(assignment=assignment),
        criteria=criteria,
    )
    return render(request, "reviews/evaluation/score.html", context)


def _assignment_for(
    request: AuthenticatedHttpRequest, pk: int, perm: str
) -> EvaluatorAssignment:
    """The user's own assignment (404 otherwise), if ``perm`` allows (403)."""
    assignment = selectors.assignment_get_for_evaluator(user=request.user, pk=pk)
    if not request.user.has_perm(perm, assignment):
        raise PermissionDenied
    return assignment
