"""Reviews for tests: a call closed with submitted applications, committee
seats, and review rows written directly (no service) at any stage, so each
stage's tests start where the previous stage ends."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conciliare.accounts.models import Role, User
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import Application, Submission
from conciliare.applications.submission_services import application_submit
from conciliare.applications.tests.factories import (
    Team,
    complete_application,
    make_team,
)
from conciliare.calls.models import Call, CallStatus
from conciliare.calls.tests.factories import make_call
from conciliare.registry.models import (
    CommitteeMember,
    CommitteeRole,
    Network,
    Organisation,
)
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ConflictStatus,
    ConsensusScore,
    CriterionScore,
    EvaluatorAssignment,
)
from conciliare.territory.models import ProgrammingPeriod


@dataclass
class Submitted:
    application: Application
    team: Team


def submitted_application(
    *,
    call: Call,
    grant: str = "50000.00",
    cost: str = "100000.00",
    team: Team | None = None,
) -> Submitted:
    """An application of a new alliance, submitted to the (open) ``call``."""
    team = team or make_team(ats=call.ats)
    application = complete_application(call=call, team=team, grant=grant, cost=cost)
    application_submit(actor=team.lead_rep, application=application, key=uuid.uuid4())
    application.refresh_from_db()
    return Submitted(application=application, team=team)


def closed_call(
    *, applications: int = 2, grants: list[str] | None = None, **call_overrides: Any
) -> tuple[Call, list[Submitted]]:
    """A call of ATS Milano with ``applications`` submitted applications (grants
    from ``grants`` when given), then closed (status recorded, close time past)."""
    call = make_call(**call_overrides)
    grants = grants or ["50000.00"] * applications
    submitted = [submitted_application(call=call, grant=grant) for grant in grants]
    now = timezone.now()
    # the submissions arrived in time, in the order they were made: before
    # the (new) close time
    start = now - timedelta(days=2)
    for index, submission in enumerate(
        Submission.objects.filter(application__call=call).order_by("pk")
    ):
        sent = start + timedelta(minutes=index)
        Submission.objects.filter(pk=submission.pk).update(
            received_at=sent, submitted_at=sent
        )
        Application.objects.filter(current_submission=submission).update(
            submitted_at=sent
        )
    Call.objects.filter(pk=call.pk).update(
        status=CallStatus.CLOSED,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(minutes=1),
        closed_at=now - timedelta(minutes=1),
    )
    call.refresh_from_db()
    return call, submitted


def network_2020(ats_slug: str = "milano") -> Network:
    network, _created = Network.objects.get_or_create(
        ats__slug=ats_slug,
        period=ProgrammingPeriod.objects.get(slug="2020-2023"),
        defaults={"ats_id": _ats_id(ats_slug)},
    )
    return network


def _ats_id(slug: str) -> int:
    from conciliare.territory.models import ATS

    return ATS.objects.get(slug=slug).pk


def make_seat(
    *, call: Call, organisation: Organisation | None = None, user: User | None = None
) -> CommitteeMember:
    """A current seat on the committee of ``call``'s ATS for 2020-2023, held by
    ``user`` (a new committee member of that ATS) for ``organisation``."""
    user = user or make_user(Role.COMMITTEE_MEMBER, ats=call.ats)
    return CommitteeMember.objects.create(
        network=network_2020(call.ats.slug),
        user=user,
        organisation=organisation or OrganisationFactory.create(),
        role=CommitteeRole.MEMBER,
        starts_on=date(2020, 1, 1),
    )


def make_review(
    application: Application,
    *,
    status: str = AdmissibilityStatus.ADMISSIBLE,
    decided_by: User | None = None,
    reason: str = "",
) -> ApplicationReview:
    """The review row of ``application`` at ``status`` (decided now when it is a decision)."""
    decided = status in (
        AdmissibilityStatus.ADMISSIBLE,
        AdmissibilityStatus.NOT_ADMISSIBLE,
    )
    if decided and decided_by is None:
        decided_by = make_user(Role.ATS_OFFICER, ats=application.ats)
    return ApplicationReview.objects.create(
        application=application,
        call=application.call,
        ats=application.ats,
        status=status,
        decision_reason=reason
        or (
            "Documentazione incompleta."
            if status == AdmissibilityStatus.NOT_ADMISSIBLE
            else ""
        ),
        decided_by=decided_by if decided else None,
        decided_at=timezone.now() if decided else None,
    )


def make_assignment(
    review: ApplicationReview,
    *,
    seat: CommitteeMember | None = None,
    conflict: str = ConflictStatus.UNDECLARED,
    officer: User | None = None,
) -> EvaluatorAssignment:
    seat = seat or make_seat(call=review.call)
    return EvaluatorAssignment.objects.create(
        review=review,
        seat=seat,
        evaluator=seat.user,
        assigned_by=officer or make_user(Role.ATS_OFFICER, ats=review.ats),
        assigned_at=timezone.now(),
        conflict_status=conflict,
        conflict_declared_at=None
        if conflict == ConflictStatus.UNDECLARED
        else timezone.now(),
    )


def make_scores(
    assignment: EvaluatorAssignment,
    points: list[str] | None = None,
    *,
    submit: bool = True,
) -> list[CriterionScore]:
    """Scores on every criterion of the call (``points`` in criterion order;
    80% of each maximum when not given); submitted unless ``submit=False``."""
    criteria = list(assignment.review.call.criteria.order_by("position"))
    values = (
        [Decimal(p) for p in points]
        if points
        else [c.max_points * Decimal("0.8") for c in criteria]
    )
    scores = [
        CriterionScore.objects.create(
            assignment=assignment,
            criterion=criterion,
            points=value,
            comment="Adeguato.",
        )
        for criterion, value in zip(criteria, values, strict=True)
    ]
    if submit:
        if assignment.conflict_status == ConflictStatus.UNDECLARED:
            assignment.conflict_status = ConflictStatus.NONE
            assignment.conflict_declared_at = timezone.now()
        assignment.submitted_at = timezone.now()
        assignment.save()
    return scores


def make_consensus(
    review: ApplicationReview, points: list[str], *, recorded_by: User | None = None
) -> ApplicationReview:
    """The committee's points per criterion (in order) and the weighted total."""
    recorded_by = recorded_by or make_user(Role.ATS_OFFICER, ats=review.ats)
    criteria = list(review.call.criteria.order_by("position"))
    total = Decimal(0)
    for criterion, value in zip(criteria, points, strict=True):
        ConsensusScore.objects.create(
            review=review,
            criterion=criterion,
            points=Decimal(value),
            justification="Concordato dal Comitato.",
            recorded_by=recorded_by,
            recorded_at=timezone.now(),
        )
        total += Decimal(value) * criterion.weight
    review.total_score = total.quantize(Decimal("0.01"))
    review.consensus_recorded_at = timezone.now()
    review.consensus_recorded_by = recorded_by
    review.save()
    return review


def today_plus(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
