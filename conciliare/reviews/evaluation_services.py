"""The committee's evaluation, evaluator side: an ATS officer assigns
committee seats to an admissible application (a conflict of interest found
automatically excludes the seat), each evaluator declares before seeing the
application, then scores every criterion, saving drafts and finally
submitting. Nothing changes once the committee's consensus is recorded
(except through ``consensus_services.consensus_reopen``)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.audit.services import event_record
from conciliare.calls.models import EvaluationCriterion
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.registry.models import CommitteeMember
from conciliare.reviews.conflicts import conflict_reason
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ConflictStatus,
    CriterionScore,
    EvaluatorAssignment,
)

CENT = Decimal("0.01")


def points_field(criterion: EvaluationCriterion | int) -> str:
    return f"points_{getattr(criterion, 'pk', criterion)}"


def comment_field(criterion: EvaluationCriterion | int) -> str:
    return f"comment_{getattr(criterion, 'pk', criterion)}"


# -- assignments ---------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *, actor: Any, review: ApplicationReview, seat: CommitteeMember
) -> EvaluatorAssignment:
    """Assign ``seat`` (a current seat of the committee of the call's network)
    to the admissible ``review``. When the seat's organisation leads the
    alliance or is one of its current partners the conflict is recorded at
    once (``automatic``) and the evaluator never sees the application."""
    ensure_perm(actor, "reviews.assign_evaluator", review)
    review = ApplicationReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    if review.status != AdmissibilityStatus.ADMISSIBLE:
        raise ApplicationError(
            _("Si valutano solo le domande ammissibili."), field="seat"
        )
    if review.has_consensus:
        raise ApplicationError(
            _(
                "Il punteggio del Comitato è già registrato: non si assegnano altri valutatori."
            ),
            field="seat",
        )
    call = review.call
    seat = CommitteeMember.objects.select_related(
        "network", "organisation", "user"
    ).get(pk=seat.pk)
    if (
        seat.network.ats_id != call.ats_id
        or seat.network.period_id != call.period_id
        or seat.ends_on is not None
    ):
        raise ApplicationError(
            _(
                "Si possono assegnare solo i componenti in carica del Comitato della rete."
            ),
            field="seat",
        )
    if review.assignments.filter(seat=seat).exists():
        raise ApplicationError(
            _("Questo componente è già assegnato alla domanda."), field="seat"
        )
    now = timezone.now()
    reason = conflict_reason(seat=seat, application=review.application)
    try:
        with transaction.atomic():
            assignment = EvaluatorAssignment.objects.create(
                review=review,
                seat=seat,
                evaluator=seat.user,
                assigned_by=actor,
                assigned_at=now,
                conflict_status=ConflictStatus.AUTOMATIC
                if reason
                else ConflictStatus.UNDECLARED,
                conflict_note=reason,
                conflict_declared_at=now if reason else None,
            )
    except IntegrityError as exc:  # the same seat, assigned concurrently
        raise ApplicationError(
            _("Questo componente è già assegnato alla domanda."), field="seat"
        ) from exc
    event_record(
        actor=actor,
        verb="evaluation.assign",
        target=review,
        to_state=assignment.conflict_status,
        changes={"evaluator": [None, str(seat.user)]},
        note=reason,
    )
    if not reason:
        mail_on_commit(
            _("Nuova domanda da valutare"),
            _(
                "Le è stata assegnata la valutazione della domanda «%(application)s» "
                "per l'avviso «%(call)s». Prima di leggerla, dichiari nell'area "
                "riservata se si trova in conflitto di interessi."
            )
            % {"application": review.application, "call": call.title},
            [seat.user.email],
        )
    return assignment


@transaction.atomic
def assignment_remove(*, actor: Any, assignment: EvaluatorAssignment) -> None:
    """Withdraw an assignment whose evaluator has not submitted (its draft
    scores go with it)."""
    ensure_perm(actor, "reviews.remove_assignment", assignment)
    assignment = EvaluatorAssignment.objects.select_for_update(of=("self",)).get(
        pk=assignment.pk
    )
    if assignment.is_submitted:
        raise ApplicationError(
            _("Il valutatore ha già consegnato la valutazione: l'assegnazione resta."),
        )
    review = assignment.review
    if review.has_consensus:
        raise ApplicationError(_("Il punteggio del Comitato è già registrato."))
    event_record(
        actor=actor,
        verb="evaluation.unassign",
        target=review,
        from_state=assignment.conflict_status,
        changes={"evaluator": [str(assignment.evaluator), None]},
    )
    assignment.scores.all().delete()
    assignment.delete()


# -- declaration ----------------------------------------------------------------


@transaction.atomic
def conflict_declare(
    *, actor: Any, assignment: EvaluatorAssignment, conflicted: bool, note: str = ""
) -> EvaluatorAssignment:
    """The evaluator's declaration, made once and before the application is
    shown: no conflict of interest, or a conflict (with its reason), which
    excludes him/her from the application for good."""
    ensure_perm(actor, "reviews.declare_conflict", assignment)
    assignment = EvaluatorAssignment.objects.select_for_update(of=("self",)).get(
        pk=assignment.pk
    )
    if assignment.conflict_status != ConflictStatus.UNDECLARED:
        raise ApplicationError(
            _("La dichiarazione è già stata resa e non si può modificare."),
            field="conflict",
        )
    note = note.strip()
    if conflicted and not note:
        raise ValidationError(
            {"note": [_("Indicare il motivo del conflitto di interessi.")]}
        )
    assignment.conflict_status = (
        ConflictStatus.DECLARED if conflicted else ConflictStatus.NONE
    )
    assignment.conflict_note = note
    assignment.conflict_declared_at = timezone.now()
    assignment.save(
        update_fields=[
            "conflict_status",
            "conflict_note",
            "conflict_declared_at",
            "updated_at",
        ]
    )
    event_record(
        actor=actor,
        verb="evaluation.declare",
        target=assignment.review,
        from_state=ConflictStatus.UNDECLARED,
        to_state=assignment.conflict_status,
        note=note,
    )
    return assignment


# -- scores -----------------------------------------------------------------------


def _ensure_open(assignment: EvaluatorAssignment) -> None:
    if assignment.review.has_consensus:
        raise ApplicationError(
            _(
                "Il punteggio del Comitato è registrato: i punteggi non si modificano più."
            )
        )
    if assignment.is_submitted:
        raise ApplicationError(
            _(
                "La valutazione è già stata consegnata: i punteggi non si modificano più."
            )
        )


def clean_points(value: Any, criterion: EvaluationCriterion) -> Decimal:
    """``value`` as points of ``criterion`` (0 to its maximum, two decimals
    at most); ``ValueError`` with the message for the field otherwise."""
    try:
        points = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("Indicare un numero, ad esempio 18 o 18,5.")) from exc
    if not points.is_finite():
        raise ValueError(_("Indicare un numero, ad esempio 18 o 18,5."))
    if points < 0:
        raise ValueError(_("Il punteggio non può essere negativo."))
    if points > criterion.max_points:
        raise ValueError(
            _("Il punteggio massimo di questo criterio è %(max)s.")
            % {"max": f"{criterion.max_points.normalize():f}".replace(".", ",")}
        )
    if points != points.quantize(CENT):
        raise ValueError(_("Al massimo due decimali."))
    return points.quantize(CENT)


@transaction.atomic
def scores_save(
    *, actor: Any, assignment: EvaluatorAssignment, scores: Sequence[Mapping[str, Any]]
) -> list[CriterionScore]:
    """Save the evaluator's draft (any number of times before submitting):
    ``scores`` rows are ``{"criterion": pk, "points": Decimal | None,
    "comment": str}``; every criterion given with points is stored, the
    others stay to do."""
    ensure_perm(actor, "reviews.score_application", assignment)
    assignment = EvaluatorAssignment.objects.select_for_update(of=("self",)).get(
        pk=assignment.pk
    )
    _ensure_open(assignment)
    criteria = {c.pk: c for c in assignment.review.call.criteria.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, tuple[Decimal, str]] = {}
    for row in scores:
        criterion = criteria.get(int(row["criterion"]))
        if criterion is None:
            raise ApplicationError(_("Criterio non previsto dall'avviso."))
        if row["points"] is None or row["points"] == "":
            continue
        try:
            points = clean_points(row["points"], criterion)
        except ValueError as exc:
            errors[points_field(criterion)] = [str(exc)]
            continue
        cleaned[criterion.pk] = (points, (row.get("comment") or "").strip())
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    for criterion_pk, (points, comment) in cleaned.items():
        score = existing.get(criterion_pk)
        if score is None:
            existing[criterion_pk] = CriterionScore.objects.create(
                assignment=assignment,
                criterion_id=criterion_pk,
                points=points,
                comment=comment,
            )
        elif score.points != points or score.comment != comment:
            score.points, score.comment = points, comment
            score.save(update_fields=["points", "comment"])
    assignment.save(update_fields=["updated_at"])
    return sorted(existing.values(), key=lambda s: criteria[s.criterion_id].position)


@transaction.atomic
def scores_submit(
    *,
    actor: Any,
    assignment: EvaluatorAssignment,
    scores: Sequence[Mapping[str, Any]] | None = None,
) -> EvaluatorAssignment:
    """Save ``scores`` (when given) and submit: every criterion must have its
    points and a comment. Afterwards the scores are fixed, and the evaluator
    reads the other evaluators' submitted scores."""
    ensure_perm(actor, "reviews.score_application", assignment)
    if scores is not None:
        scores_save(actor=actor, assignment=assignment, scores=scores)
    assignment = EvaluatorAssignment.objects.select_for_update(of=("self",)).get(
        pk=assignment.pk
    )
    _ensure_open(assignment)
    saved = {s.criterion_id: s for s in assignment.scores.all()}
    errors: dict[str, list[str]] = {}
    for criterion in assignment.review.call.criteria.order_by("position"):
        score = saved.get(criterion.pk)
        if score is None:
            errors[points_field(criterion)] = [
                _("Assegnare un punteggio a questo criterio.")
            ]
        elif not score.comment.strip():
            errors[comment_field(criterion)] = [
                _("Motivare il punteggio di questo criterio.")
            ]
    if errors:
        raise ValidationError(errors)
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at", "updated_at"])
    event_record(
        actor=actor,
        verb="evaluation.submit",
        target=assignment.review,
        changes={
            points_field(s.criterion_id): [None, str(s.points)] for s in saved.values()
        },
        note=str(assignment.evaluator),
    )
    return assignment
