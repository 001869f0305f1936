"""Plans for the dashboard tests: one ATS's plan with a chosen system
action, at draft or approved (public), and the allocation of an ATS."""

from decimal import Decimal

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.plans.models import PlanVersion
from conciliare.plans.plan_content_services import system_action_add
from conciliare.plans.tests.factories import approve, approved_ranking_call, make_plan
from conciliare.territory.models import Allocation


def plan_of(
    ats_slug: str,
    *,
    grants: list[str],
    action: str = "0",
    public: bool = True,
) -> PlanVersion:
    """The plan of a new call of ``ats_slug`` funding one application per
    grant (each costing 100,000.00), with a system action of ``action``,
    approved by the ATS (public) or left a draft."""
    call, _submitted = approved_ranking_call(
        funded=len(grants), grants=grants, ats_slug=ats_slug
    )
    version = make_plan(call=call)
    if Decimal(action):
        system_action_add(
            actor=make_user(Role.ATS_OFFICER, ats=call.ats),
            version=version,
            data={"title": "Rete", "description": "D", "budget": Decimal(action)},
        )
    if public:
        version = approve(version)
    return version


def allocation_of(ats_slug: str, period_slug: str = "2020-2023") -> Decimal:
    return sum(
        (
            a.amount
            for a in Allocation.objects.filter(
                ats__slug=ats_slug, period__slug=period_slug
            )
        ),
        Decimal(0),
    )
