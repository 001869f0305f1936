"""Creating the plan from the approved ranking of the call: one project per
funded application (created, or the one already linked), the money exact
to the cent, the default funding sources and milestones."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.plans.models import FundingKind, MilestoneKind, PlanStatus
from conciliare.plans.plan_services import plan_create
from conciliare.plans.tests.factories import approved_ranking_call, plan_officer
from conciliare.projects.models import Project, ProjectOrigin, ProjectStatus
from conciliare.reviews.models import Ranking
from conciliare.reviews.models.ranking import RankingStatus
from conciliare.territory.models import Allocation

pytestmark = pytest.mark.django_db


def test_the_plan_starts_as_a_draft_with_a_project_per_funded_application():
    call, submitted = approved_ranking_call(funded=2, not_funded=1)
    version = plan_create(actor=plan_officer(call), call=call)

    assert version.number == 1
    assert version.status == PlanStatus.DRAFT
    plan = version.plan
    assert (plan.ats, plan.period, plan.call) == (call.ats, call.period, call)
    rows = list(version.funded_projects.select_related("project").order_by("position"))
    assert [row.project.application for row in rows] == [
        s.application for s in submitted[:2]
    ]
    assert call.act_date is not None
    year = call.act_date.year
    assert [row.project.code for row in rows] == [
        f"{call.ats.code}-{year}-01",
        f"{call.ats.code}-{year}-02",
    ]
    project = rows[0].project
    application = submitted[0].application
    submission = application.current_submission
    assert submission is not None
    assert project.title == submission.snapshot["title"]
    assert project.alliance == application.alliance
    assert (project.ats, project.period) == (call.ats, call.period)
    assert project.status == ProjectStatus.FUNDED
    assert project.origin == ProjectOrigin.CALL
    assert project.starts_on == application.starts_on
    assert project.ends_on == application.ends_on
    assert set(project.areas.all()) == set(application.areas.all())
    assert project.total_cost == Decimal("100000.00")
    assert project.public_funding == Decimal("50000.00")
    assert AuditEvent.objects.filter(verb="plan.create").count() == 1


def test_the_money_of_each_project_adds_up_to_the_cent():
    call, _submitted = approved_ranking_call(
        funded=1,
        partly_funded=1,
        grants=["33333.33", "45000.01"],
        partly_awarded="12345.67",
    )
    version = plan_create(actor=plan_officer(call), call=call)

    full, partial = version.funded_projects.order_by("position")
    assert full.grant == Decimal("33333.33")
    assert full.cofinancing == Decimal("66666.67")
    assert full.total_cost == Decimal("100000.00")
    assert partial.grant == Decimal("12345.67")
    assert partial.cofinancing == Decimal("54999.99")
    assert partial.total_cost == partial.grant + partial.cofinancing
    assert partial.project.public_funding == Decimal("12345.67")


def test_the_default_funding_is_the_allocation_and_the_partners_cofinancing():
    call, _submitted = approved_ranking_call(funded=2)
    version = plan_create(actor=plan_officer(call), call=call)

    funding = {f.kind: f.amount for f in version.funding_sources.all()}
    allocation = sum(
        a.amount for a in Allocation.objects.filter(ats=call.ats, period=call.period)
    )
    assert allocation > 0
    assert funding[FundingKind.REGIONAL_ALLOCATION] == allocation
    assert funding[FundingKind.PARTNER_COFINANCING] == Decimal("100000.00")


def test_the_default_milestones_are_halfway_and_sixty_days_after_the_end():
    call, _submitted = approved_ranking_call(funded=1)
    version = plan_create(actor=plan_officer(call), call=call)

    milestones = {m.kind: m.due_on for m in version.milestones.all()}
    today = timezone.localdate()
    halfway = today + timedelta(days=(call.activities_end_by - today).days // 2)
    assert milestones[MilestoneKind.INTERIM_REPORT] == halfway
    assert milestones[MilestoneKind.FINAL_REPORT] == call.activities_end_by + timedelta(
        days=60
    )


def test_the_project_already_linked_to_an_application_is_reused():
    call, submitted = approved_ranking_call(funded=2)
    application = submitted[1].application
    existing = Project.objects.create(
        code="EXISTING-1",
        title="Progetto già registrato",
        alliance=application.alliance,
        ats=call.ats,
        period=call.period,
        application=application,
    )
    version = plan_create(actor=plan_officer(call), call=call)

    rows = list(version.funded_projects.order_by("position"))
    assert rows[1].project == existing
    assert Project.objects.filter(application=application).count() == 1
    assert rows[0].project.code.endswith("-01")


def test_codes_skip_those_already_taken():
    call, submitted = approved_ranking_call(funded=1)
    assert call.act_date is not None
    Project.objects.create(
        code=f"{call.ats.code}-{call.act_date.year}-01",
        title="Un progetto di un altro avviso",
        alliance=submitted[0].application.alliance,
        ats=call.ats,
        period=call.period,
    )
    version = plan_create(actor=plan_officer(call), call=call)
    assert version.funded_projects.get().project.code.endswith("-02")


def test_a_second_plan_for_the_same_ats_and_period_is_refused():
    call, _submitted = approved_ranking_call(funded=1)
    officer = plan_officer(call)
    plan_create(actor=officer, call=call)
    with pytest.raises(ApplicationError, match="Esiste già il Piano Territoriale"):
        plan_create(actor=officer, call=call)


def test_the_plan_needs_an_approved_ranking():
    call, _submitted = approved_ranking_call(funded=1)
    Ranking.objects.filter(call=call).update(status=RankingStatus.DRAFT)
    with pytest.raises(ApplicationError, match="graduatoria"):
        plan_create(actor=plan_officer(call), call=call)


@pytest.mark.parametrize("who", ["other_ats", "committee", "regional"])
def test_only_an_officer_of_the_calls_ats_creates_the_plan(who):
    call, _submitted = approved_ranking_call(funded=1)
    actor = {
        "other_ats": lambda: make_user(Role.ATS_OFFICER, ats=ats("brianza")),
        "committee": lambda: make_user(Role.COMMITTEE_MEMBER, ats=call.ats),
        "regional": lambda: make_user(Role.REGIONAL_OFFICER),
    }[who]()
    with pytest.raises(PermissionDenied):
        plan_create(actor=actor, call=call)
