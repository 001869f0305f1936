"""API of the committee's evaluation: an evaluator's assignments, the
application he/she evaluates (only after declaring no conflict of
interest) and the scores, through the same services as the pages.

Session authentication (``django_auth``): a POST must carry the CSRF token
(``X-CSRFToken`` header). An assignment of someone else is a 404; the
application of an assignment with a conflict of interest, or not yet
declared, is a 403.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from conciliare.accounts.models import User
from conciliare.reviews.evaluation_selectors import (
    assignment_get_for_evaluator,
    assignment_queue_for,
    own_scores,
)
from conciliare.reviews.evaluation_services import scores_save, scores_submit
from conciliare.reviews.models import EvaluatorAssignment

router = Router(tags=["evaluations"], auth=django_auth)


class ApiRequest(HttpRequest):
    auth: User


class AssignmentOut(Schema):
    id: int
    application: int
    protocol_number: str | None
    call: int
    call_title: str
    conflict_status: str
    conflict_status_label: str
    scored: int
    criteria: int
    submitted_at: datetime | None

    @staticmethod
    def resolve_application(obj: EvaluatorAssignment) -> int:
        return obj.review.application_id

    @staticmethod
    def resolve_protocol_number(obj: EvaluatorAssignment) -> str | None:
        submission = obj.review.application.current_submission
        return submission.protocol_number if submission else None

    @staticmethod
    def resolve_call(obj: EvaluatorAssignment) -> int:
        return obj.review.call_id

    @staticmethod
    def resolve_call_title(obj: EvaluatorAssignment) -> str:
        return obj.review.call.title

    @staticmethod
    def resolve_conflict_status_label(obj: EvaluatorAssignment) -> str:
        return str(obj.get_conflict_status_display())

    @staticmethod
    def resolve_scored(obj: Any) -> int:
        return int(getattr(obj, "scored_count", 0))

    @staticmethod
    def resolve_criteria(obj: Any) -> int:
        return int(getattr(obj, "criteria_count", 0))


class ApplicationOut(Schema):
    application: int
    protocol_number: str
    submitted_at: datetime
    snapshot: dict[str, Any]


class ScoreIn(Schema):
    criterion: int
    points: Decimal | None = None
    comment: str = ""


class ScoresIn(Schema):
    scores: list[ScoreIn]
    #: Submit after saving (the scores are then fixed).
    submit: bool = False


class ScoreOut(Schema):
    criterion: int
    points: Decimal
    comment: str


class ScoresOut(Schema):
    assignment: int
    submitted_at: datetime | None
    scores: list[ScoreOut]


@router.get("/assignments", response=list[AssignmentOut], summary="Le mie assegnazioni")
def assignment_list_api(request: ApiRequest) -> list[EvaluatorAssignment]:
    return list(assignment_queue_for(user=request.auth))


@router.get(
    "/assignments/{pk}/application",
    response=ApplicationOut,
    summary="La domanda da valutare",
)
def assignment_application_api(request: ApiRequest, pk: int) -> dict[str, Any]:
    """What the application submitted: only to an evaluator who declared no
    conflict of interest (403 otherwise)."""
    assignment = assignment_get_for_evaluator(user=request.auth, pk=pk)
    if not request.auth.has_perm("reviews.view_assigned_application", assignment):
        raise PermissionDenied
    application = assignment.review.application
    submission = application.current_submission
    if submission is None:  # pragma: no cover - an admissible application was submitted
        raise PermissionDenied
    return {
        "application": application.pk,
        "protocol_number": submission.protocol_number,
        "submitted_at": submission.submitted_at,
        "snapshot": submission.snapshot,
    }


@router.post(
    "/assignments/{pk}/scores",
    response=ScoresOut,
    summary="Salva (o consegna) i punteggi",
)
def assignment_scores_api(
    request: ApiRequest, pk: int, payload: ScoresIn
) -> dict[str, Any]:
    """Save a draft of the scores, or save and submit with ``submit``. A
    refusal is a 400 with the reasons; a conflict of interest a 403."""
    assignment = assignment_get_for_evaluator(user=request.auth, pk=pk)
    rows: list[Any] = [row.dict() for row in payload.scores]
    if payload.submit:
        assignment = scores_submit(
            actor=request.auth, assignment=assignment, scores=rows
        )
    else:
        scores_save(actor=request.auth, assignment=assignment, scores=rows)
        assignment.refresh_from_db()
    return {
        "assignment": assignment.pk,
        "submitted_at": assignment.submitted_at,
        "scores": [
            {"criterion": s.criterion_id, "points": s.points, "comment": s.comment}
            for s in own_scores(assignment=assignment).values()
        ],
    }
