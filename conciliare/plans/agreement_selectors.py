"""Reads of the agreements: who sees which, the list of a plan with its
instalments and deadlines in a constant number of queries, and the plans
whose agreements an officer manages."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.plans.agreement_services import GENERATING_STATUSES
from conciliare.plans.models import (
    Agreement,
    AgreementDeadline,
    AgreementInstalment,
    PlanVersion,
    TerritorialPlan,
)


def _agreements() -> QuerySet[Agreement]:
    return Agreement.objects.select_related(
        "ats",
        "plan_version__plan__period",
        "project__alliance__lead",
        "document",
        "signed_document",
    ).prefetch_related(
        Prefetch(
            "instalments", queryset=AgreementInstalment.objects.order_by("position")
        ),
        Prefetch(
            "deadlines", queryset=AgreementDeadline.objects.order_by("due_on", "pk")
        ),
    )


def agreement_visible_to(user: Any) -> QuerySet[Agreement]:
    """Every agreement ``user`` may open; agrees with ``plans.view_agreement``:
    the Region all, an ATS officer those of the ATS, a representative those
    of the projects whose lead body they represent; nobody else any."""
    agreements = _agreements()
    if user is None or not getattr(user, "is_authenticated", False):
        return agreements.none()
    if is_regional_officer(user):
        return agreements
    return agreements.filter(
        Q(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER))
        | Q(project__alliance__lead_id__in=organisation_ids_of(user))
    )


def agreement_get_for_user(*, user: Any, pk: int) -> Agreement:
    """The agreement, or 404 alike for a missing one and a forbidden one."""
    return get_object_or_404(agreement_visible_to(user), pk=pk)


def agreement_list_for_plan(*, user: Any, plan: TerritorialPlan) -> QuerySet[Agreement]:
    return agreement_visible_to(user).filter(plan_version__plan=plan).order_by("number")


def plan_managed_by(user: Any) -> QuerySet[TerritorialPlan]:
    """The plans whose agreements ``user`` may list: the ATS's officers
    theirs, the Region every one."""
    plans = TerritorialPlan.objects.select_related("ats", "period")
    if user is None or not getattr(user, "is_authenticated", False):
        return plans.none()
    if is_regional_officer(user):
        return plans
    return plans.filter(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER))


def plan_get_for_agreements(*, user: Any, pk: int) -> TerritorialPlan:
    return get_object_or_404(plan_managed_by(user), pk=pk)


def plan_version_for_agreements(plan: TerritorialPlan) -> PlanVersion | None:
    """The newest version agreements may be generated from (approved, sent
    or validated), or None while the plan is not approved."""
    return (
        plan.versions.filter(status__in=GENERATING_STATUSES).order_by("-number").first()
    )
