"""Plans for tests: a call of any ATS with an approved ranking (rows written
directly, no ranking service), and a plan made from it by ``plan_create``
and moved to any status by the real services."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conciliare.accounts.models import Role, User
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.tests.factories import pdf_file
from conciliare.calls.models import Call, CallStatus
from conciliare.plans.models import PlanStatus, PlanVersion
from conciliare.plans.plan_services import (
    plan_approve,
    plan_create,
    plan_return,
    plan_send,
    plan_validate,
)
from conciliare.reviews.models import Ranking, RankingEntry
from conciliare.reviews.models.ranking import RankingOutcome, RankingStatus
from conciliare.reviews.tests.factories import Submitted, closed_call, make_review


def approved_ranking_call(
    *,
    funded: int = 2,
    partly_funded: int = 0,
    not_funded: int = 0,
    grants: list[str] | None = None,
    partly_awarded: str = "20000.00",
    ats_slug: str = "milano",
    officer: User | None = None,
    **call_overrides: Any,
) -> tuple[Call, list[Submitted]]:
    """A ranked call of ``ats_slug`` whose approved ranking funds the first
    ``funded`` applications in full, the next ``partly_funded`` in part
    (``partly_awarded`` each) and not the last ``not_funded``. ``grants``
    gives the grant each application requests (50,000.00 by default)."""
    count = funded + partly_funded + not_funded
    grants = grants or ["50000.00"] * count
    officer = officer or make_user(Role.ATS_OFFICER, ats=_ats(ats_slug))
    call, submitted = closed_call(
        applications=count,
        grants=grants,
        ats_slug=ats_slug,
        officer=officer,
        **call_overrides,
    )
    now = timezone.now()
    ranking = Ranking.objects.create(
        call=call,
        ats=call.ats,
        status=RankingStatus.APPROVED,
        budget=call.projects_budget,
        computed_at=now - timedelta(days=1),
        computed_by=officer,
        committee_minutes="Seduta del Comitato di valutazione.",
        act_number="77",
        act_date=timezone.localdate(),
        approved_at=now,
        approved_by=officer,
    )
    allocated = Decimal(0)
    for position, item in enumerate(submitted, start=1):
        application = item.application
        submission = application.current_submission
        assert submission is not None
        requested = submission.grant_requested
        if position <= funded:
            outcome, awarded = RankingOutcome.FUNDED, requested
        elif position <= funded + partly_funded:
            outcome, awarded = RankingOutcome.PARTLY_FUNDED, Decimal(partly_awarded)
        else:
            outcome, awarded = RankingOutcome.NOT_FUNDED, Decimal(0)
        make_review(application, decided_by=officer)
        RankingEntry.objects.create(
            ranking=ranking,
            application=application,
            position=position,
            total_score=Decimal(90 - position),
            grant_requested=requested,
            grant_awarded=awarded,
            outcome=outcome,
        )
        allocated += awarded
    ranking.allocated = allocated
    ranking.save(update_fields=["allocated"])
    Call.objects.filter(pk=call.pk).update(status=CallStatus.RANKED)
    call.refresh_from_db()
    return call, submitted


def _ats(slug: str) -> Any:
    from conciliare.accounts.tests.factories import ats

    return ats(slug)


def plan_officer(call: Call) -> User:
    """An officer of the call's ATS (a new one)."""
    return make_user(Role.ATS_OFFICER, ats=call.ats)


def make_plan(
    *, call: Call | None = None, funded: int = 2, status: str = "draft"
) -> PlanVersion:
    """The plan of ``call`` (a new call of ATS Milano with ``funded`` funded
    applications when not given), made by ``plan_create``, at ``status``
    (draft, approved, sent, returned or validated) through the services."""
    if call is None:
        call, _submitted = approved_ranking_call(funded=funded)
    officer = plan_officer(call)
    version = plan_create(actor=officer, call=call)
    if status == PlanStatus.DRAFT:
        return version
    version = approve(version, officer=officer)
    if status == PlanStatus.APPROVED:
        return version
    version = plan_send(actor=officer, version=version)
    if status == PlanStatus.SENT:
        return version
    regional = make_user(Role.REGIONAL_OFFICER)
    if status == PlanStatus.RETURNED:
        return plan_return(
            actor=regional, version=version, remarks="Precisare le azioni di sistema."
        )
    if status == PlanStatus.VALIDATED:
        return plan_validate(actor=regional, version=version)
    raise ValueError(status)


def approve(version: PlanVersion, *, officer: User | None = None) -> PlanVersion:
    """``version`` approved by an act of its ATS."""
    officer = officer or make_user(Role.ATS_OFFICER, ats=version.plan.ats)
    return plan_approve(
        actor=officer,
        version=version,
        act_number="390",
        act_date=timezone.localdate(),
        act_file=pdf_file("delibera.pdf"),
    )
