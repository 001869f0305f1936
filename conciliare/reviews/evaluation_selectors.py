"""Reads of the committee's evaluation: the evaluator's queue, the
assignments of a call, the scores each person may see (independence: an
evaluator sees the others' scores only after submitting his/her own; the
officers see submitted scores only, never a draft)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of
from conciliare.calls.models import Call, EvaluationCriterion
from conciliare.registry.models import CommitteeMember
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ConflictStatus,
    CriterionScore,
    EvaluatorAssignment,
)
from conciliare.reviews.models.evaluation import CONFLICTED

CENT = Decimal("0.01")


def _criteria_count() -> Any:
    return Coalesce(
        Subquery(
            EvaluationCriterion.objects.filter(call_id=OuterRef("review__call_id"))
            .order_by()
            .values("call_id")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def assignment_queue_for(*, user: Any) -> QuerySet[EvaluatorAssignment]:
    """The evaluator's assignments across calls, newest call first, with how
    many criteria he/she has scored of how many (constant in queries)."""
    return (
        EvaluatorAssignment.objects.filter(evaluator_id=user.pk)
        .select_related(
            "review",
            "review__call",
            "review__application",
            "review__application__alliance",
            "review__application__current_submission",
        )
        .defer("review__application__current_submission__snapshot", "review__prechecks")
        .annotate(
            scored_count=Count("scores", distinct=True),
            criteria_count=_criteria_count(),
        )
        .order_by("-review__call__closes_at", "review__pk", "pk")
    )


def assignment_get_for_evaluator(*, user: Any, pk: int) -> EvaluatorAssignment:
    """The user's own assignment (404 for anyone else's: the same answer as
    for a missing one)."""
    return get_object_or_404(
        EvaluatorAssignment.objects.filter(evaluator_id=user.pk).select_related(
            "seat",
            "seat__organisation",
            "review",
            "review__call",
            "review__call__ats",
            "review__application",
            "review__application__alliance",
            "review__application__current_submission",
        ),
        pk=pk,
    )


def evaluation_review_visible_to(*, user: Any) -> QuerySet[ApplicationReview]:
    """The reviews whose evaluation the user follows as an officer of their
    ATS (agrees with ``reviews.view_evaluation``)."""
    return ApplicationReview.objects.filter(
        ats_id__in=ats_ids_of(user, Role.ATS_OFFICER)
    )


def evaluation_review_get_for_user(*, user: Any, pk: int) -> ApplicationReview:
    """An admissible review the officer may follow (404 otherwise)."""
    return get_object_or_404(
        evaluation_review_visible_to(user=user)
        .filter(status=AdmissibilityStatus.ADMISSIBLE)
        .select_related(
            "call",
            "call__ats",
            "application",
            "application__alliance",
            "application__current_submission",
            "consensus_recorded_by",
        ),
        pk=pk,
    )


def review_list_for_assignment(*, call: Call) -> QuerySet[ApplicationReview]:
    """The admissible applications of ``call`` with their assignments (seat,
    organisation, person) and how many evaluators are without a conflict and
    how many of them submitted."""
    not_conflicted = ~Q(assignments__conflict_status__in=list(CONFLICTED))
    return (
        ApplicationReview.objects.filter(
            call=call, status=AdmissibilityStatus.ADMISSIBLE
        )
        .select_related(
            "application",
            "application__alliance",
            "application__alliance__lead",
            "application__current_submission",
        )
        .defer("application__current_submission__snapshot", "prechecks")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=EvaluatorAssignment.objects.select_related(
                    "evaluator", "seat__organisation"
                ).order_by("pk"),
            )
        )
        .annotate(
            cleared_count=Count("assignments", filter=not_conflicted, distinct=True),
            submitted_count=Count(
                "assignments",
                filter=Q(assignments__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("application__submitted_at", "pk")
    )


def seat_list_for_call(*, call: Call) -> QuerySet[CommitteeMember]:
    """The current seats of the committee of the call's network (the call's
    ATS and period)."""
    return (
        CommitteeMember.objects.filter(
            network__ats_id=call.ats_id,
            network__period_id=call.period_id,
            ends_on__isnull=True,
        )
        .select_related("user", "organisation")
        .order_by("user__full_name", "pk")
    )


def criterion_list_for_review(
    *, review: ApplicationReview
) -> list[EvaluationCriterion]:
    return list(review.call.criteria.order_by("position", "pk"))


def own_scores(*, assignment: EvaluatorAssignment) -> dict[int, CriterionScore]:
    """The evaluator's own scores (draft or submitted), by criterion id."""
    return {score.criterion_id: score for score in assignment.scores.all()}


def submitted_assignments_for(
    *, review: ApplicationReview
) -> list[EvaluatorAssignment]:
    """The submitted assignments of ``review`` with their scores (never a
    draft: the officers and, after submitting, the other evaluators read these)."""
    return list(
        review.assignments.filter(submitted_at__isnull=False)
        .select_related("evaluator", "seat__organisation")
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )


def others_scores_visible_to(
    *, assignment: EvaluatorAssignment
) -> list[EvaluatorAssignment]:
    """The other evaluators' submitted scores, once ``assignment`` is
    submitted (nothing before: the evaluation is independent)."""
    if not assignment.is_submitted:
        return []
    return [
        other
        for other in submitted_assignments_for(review=assignment.review)
        if other.pk != assignment.pk
    ]


def criterion_score_visible_to(*, user: Any) -> QuerySet[CriterionScore]:
    """Every evaluator's score ``user`` may read: his/her own; the others'
    submitted ones on the applications he/she submitted; the submitted ones
    of the officer's ATS."""
    submitted_reviews = EvaluatorAssignment.objects.filter(
        evaluator_id=user.pk, submitted_at__isnull=False
    ).values("review_id")
    condition = Q(assignment__evaluator_id=user.pk) | Q(
        assignment__submitted_at__isnull=False,
        assignment__review_id__in=submitted_reviews,
    )
    officer_ats = ats_ids_of(user, Role.ATS_OFFICER)
    if officer_ats:
        condition |= Q(
            assignment__submitted_at__isnull=False,
            assignment__review__ats_id__in=officer_ats,
        )
    return CriterionScore.objects.filter(condition)


@dataclass
class CriterionRow:
    """One criterion on the consensus page: each evaluator's submitted points
    (in the order of ``evaluators``), their mean and the consensus if any."""

    criterion: EvaluationCriterion
    points: list[Decimal | None]
    mean: Decimal | None
    consensus: Decimal | None
    justification: str


def criterion_mean(values: list[Decimal]) -> Decimal | None:
    """The mean rounded half-up to the cent (``None`` without values)."""
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def consensus_rows(
    *, review: ApplicationReview, evaluators: list[EvaluatorAssignment]
) -> list[CriterionRow]:
    consensus = {score.criterion_id: score for score in review.consensus_scores.all()}
    rows = []
    for criterion in criterion_list_for_review(review=review):
        points = []
        for assignment in evaluators:
            score = next(
                (s for s in assignment.scores.all() if s.criterion_id == criterion.pk),
                None,
            )
            points.append(score.points if score else None)
        agreed = consensus.get(criterion.pk)
        rows.append(
            CriterionRow(
                criterion=criterion,
                points=points,
                mean=criterion_mean([p for p in points if p is not None]),
                consensus=agreed.points if agreed else None,
                justification=agreed.justification if agreed else "",
            )
        )
    return rows


def cleared_submitted_count(*, review: ApplicationReview) -> int:
    """How many evaluators without a conflict submitted their scores."""
    return review.assignments.filter(
        submitted_at__isnull=False, conflict_status=ConflictStatus.NONE
    ).count()
