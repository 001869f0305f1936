"""The committee's score of an application: once enough evaluators without
a conflict of interest submitted, an officer of the ATS (the committee's
secretary) records the agreed points per criterion, or the evaluators' mean
when the call says so. The weighted total goes on the review; it changes
only through an audited reopening, and never after the ranking's approval."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.audit.services import event_record
from conciliare.calls.models import EvaluationCriterion, ScoreMethod
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.reviews.evaluation_selectors import (
    cleared_submitted_count,
    criterion_mean,
)
from conciliare.reviews.evaluation_services import clean_points
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ConflictStatus,
    ConsensusScore,
    CriterionScore,
    RankingStatus,
)

CENT = Decimal("0.01")


def points_field(criterion: EvaluationCriterion | int) -> str:
    return f"points_{getattr(criterion, 'pk', criterion)}"


def justification_field(criterion: EvaluationCriterion | int) -> str:
    return f"justification_{getattr(criterion, 'pk', criterion)}"


def weighted_total(
    points: dict[int, Decimal], criteria: list[EvaluationCriterion]
) -> Decimal:
    """Sum of points x weight, exact, to the cent."""
    total = sum(
        (points[c.pk] * c.weight for c in criteria if c.pk in points), Decimal(0)
    )
    return total.quantize(CENT, ROUND_HALF_UP)


def consensus_ready(review: ApplicationReview) -> bool:
    """Enough evaluators without a conflict submitted (``call.min_evaluators``)."""
    return cleared_submitted_count(review=review) >= review.call.min_evaluators


@transaction.atomic
def consensus_record(
    *,
    actor: Any,
    review: ApplicationReview,
    scores: Sequence[Mapping[str, Any]] | None = None,
    note: str = "",
) -> ApplicationReview:
    """Record the committee's points per criterion (``scores`` rows:
    ``{"criterion": pk, "points": Decimal, "justification": str}``) or, for a call scored by the mean, the mean of the
    submitted scores (``scores`` is then ignored), and the weighted total."""
    ensure_perm(actor, "reviews.record_consensus", review)
    review = (
        ApplicationReview.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=review.pk)
    )
    if review.status != AdmissibilityStatus.ADMISSIBLE:
        raise ApplicationError(_("Si valutano solo le domande ammissibili."))
    if review.has_consensus:
        raise ApplicationError(
            _(
                "Il punteggio del Comitato è già registrato: per cambiarlo occorre riaprirlo."
            )
        )
    call = review.call
    submitted = cleared_submitted_count(review=review)
    if submitted < call.min_evaluators:
        raise ApplicationError(
            _(
                "Servono almeno %(min)s valutazioni consegnate da valutatori senza "
                "conflitto di interessi (ora %(count)s)."
            )
            % {"min": call.min_evaluators, "count": submitted}
        )
    criteria = list(call.criteria.order_by("position", "pk"))
    note = note.strip()
    if call.score_method == ScoreMethod.MEAN:
        values = _means(review, criteria, submitted)
    else:
        values = _agreed(scores or [], criteria)
    now = timezone.now()
    ConsensusScore.objects.bulk_create(
        [
            ConsensusScore(
                review=review,
                criterion=criterion,
                points=values[criterion.pk][0],
                justification=values[criterion.pk][1],
                recorded_by=actor,
                recorded_at=now,
            )
            for criterion in criteria
        ]
    )
    total = weighted_total({pk: v[0] for pk, v in values.items()}, criteria)
    review.total_score = total
    review.consensus_recorded_at = now
    review.consensus_recorded_by = actor
    review.consensus_note = note
    review.save(
        update_fields=[
            "total_score",
            "consensus_recorded_at",
            "consensus_recorded_by",
            "consensus_note",
            "updated_at",
        ]
    )
    event_record(
        actor=actor,
        verb="evaluation.consensus",
        target=review,
        changes={
            "total_score": [None, str(total)],
            **{c.name: [None, str(values[c.pk][0])] for c in criteria},
        },
        note=note,
    )
    return review


def _means(
    review: ApplicationReview, criteria: list[EvaluationCriterion], evaluators: int
) -> dict[int, tuple[Decimal, str]]:
    by_criterion: dict[int, list[Decimal]] = {c.pk: [] for c in criteria}
    for criterion_id, points in CriterionScore.objects.filter(
        assignment__review=review,
        assignment__submitted_at__isnull=False,
        assignment__conflict_status=ConflictStatus.NONE,
    ).values_list("criterion_id", "points"):
        by_criterion.setdefault(criterion_id, []).append(points)
    justification = _(
        "Media dei punteggi consegnati da %(count)s valutatori, arrotondata al centesimo."
    ) % {"count": evaluators}
    return {
        c.pk: (criterion_mean(by_criterion[c.pk]) or Decimal("0.00"), justification)
        for c in criteria
    }


def _agreed(
    scores: Sequence[Mapping[str, Any]], criteria: list[EvaluationCriterion]
) -> dict[int, tuple[Decimal, str]]:
    given = {int(row["criterion"]): row for row in scores}
    errors: dict[str, list[str]] = {}
    values: dict[int, tuple[Decimal, str]] = {}
    for criterion in criteria:
        row = given.get(criterion.pk)
        raw = None if row is None else row.get("points")
        justification = "" if row is None else (row.get("justification") or "").strip()
        if raw is None or raw == "":
            errors[points_field(criterion)] = [
                _("Indicare il punteggio del Comitato per questo criterio.")
            ]
        else:
            try:
                values[criterion.pk] = (clean_points(raw, criterion), justification)
            except ValueError as exc:
                errors[points_field(criterion)] = [str(exc)]
        if not justification:
            errors[justification_field(criterion)] = [
                _("Motivare il punteggio del Comitato per questo criterio.")
            ]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def consensus_reopen(
    *, actor: Any, review: ApplicationReview, reason: str
) -> ApplicationReview:
    """Clear the committee's score and reopen the evaluators' submissions,
    recording the previous values and the reason. Refused once the call's
    ranking is approved."""
    ensure_perm(actor, "reviews.reopen_consensus", review)
    review = (
        ApplicationReview.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=review.pk)
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Indicare il motivo della riapertura.")]})
    if not review.has_consensus:
        raise ApplicationError(_("Il punteggio del Comitato non è ancora registrato."))
    try:
        ranking = review.call.ranking
    except ObjectDoesNotExist:
        ranking = None
    if ranking is not None and ranking.status == RankingStatus.APPROVED:
        raise ApplicationError(
            _(
                "La graduatoria dell'avviso è approvata: il punteggio non si riapre più."
            ),
            field="reason",
        )
    previous = {
        score.criterion.name: str(score.points)
        for score in review.consensus_scores.select_related("criterion").order_by(
            "criterion__position"
        )
    }
    changes: dict[str, list[Any]] = {
        "total_score": [str(review.total_score), None],
        "consensus_note": [review.consensus_note, ""],
        "consensus_recorded_at": [review.consensus_recorded_at.isoformat(), None]
        if review.consensus_recorded_at
        else [None, None],
        **{name: [points, None] for name, points in previous.items()},
    }
    review.consensus_scores.all().delete()
    reopened = review.assignments.filter(submitted_at__isnull=False).update(
        submitted_at=None, updated_at=timezone.now()
    )
    review.total_score = None
    review.consensus_recorded_at = None
    review.consensus_recorded_by = None
    review.consensus_note = ""
    review.reopen_count += 1
    review.save(
        update_fields=[
            "total_score",
            "consensus_recorded_at",
            "consensus_recorded_by",
            "consensus_note",
            "reopen_count",
            "updated_at",
        ]
    )
    changes["submissions_reopened"] = [reopened, 0]
    event_record(
        actor=actor,
        verb="evaluation.reopen",
        target=review,
        changes=changes,
        note=reason,
    )
    return review
