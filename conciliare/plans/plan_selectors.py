"""Reads of the Territorial Plans: the reserved ones for the ATS's staff and
the Region (same 404 for missing and forbidden), the public versions for
everyone, and the Region's overview of the 8 ATS. Lists are constant in
queries whatever their number of rows."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.calls.models import Call
from conciliare.core.money import cents
from conciliare.plans.models import (
    FundingSource,
    PlanProject,
    PlanStatus,
    PlanVersion,
    SystemAction,
    TerritorialPlan,
)
from conciliare.reviews.models import Ranking
from conciliare.reviews.models.ranking import RankingStatus
from conciliare.territory.models import ATS, Allocation, ProgrammingPeriod

#: The statuses of a version the public may read.
PUBLIC_STATUSES = (PlanStatus.APPROVED, PlanStatus.SENT, PlanStatus.VALIDATED)

ZERO = Decimal(0)
_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)


def _version_sum(model: Any, field: str) -> Coalesce:
    """The sum of ``field`` of ``model``'s rows of the outer version."""
    return Coalesce(
        Subquery(
            model.objects.filter(version=OuterRef("pk"))
            .order_by()
            .values("version")
            .annotate(total=Sum(field))
            .values("total")[:1],
            output_field=_MONEY,
        ),
        Decimal(0),
        output_field=_MONEY,
    )


def _allocation_sum(*, ats_ref: str, period_ref: str) -> Coalesce:
    return Coalesce(
        Subquery(
            Allocation.objects.filter(
                ats=OuterRef(ats_ref), period=OuterRef(period_ref)
            )
            .order_by()
            .values("ats")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=_MONEY,
        ),
        Decimal(0),
        output_field=_MONEY,
    )


def with_totals(versions: QuerySet[PlanVersion]) -> QuerySet[PlanVersion]:
    """Versions with ``grants_total``, ``actions_total``, their sum
    ``committed_total``, ``funding_total`` and the plan's
    ``allocation_total`` (the regional allocation)."""
    return versions.annotate(
        grants_total=_version_sum(PlanProject, "grant"),
        actions_total=_version_sum(SystemAction, "budget"),
        funding_total=_version_sum(FundingSource, "amount"),
        allocation_total=_allocation_sum(
            ats_ref="plan__ats_id", period_ref="plan__period_id"
        ),
    ).annotate(
        committed_total=ExpressionWrapper(
            F("grants_total") + F("actions_total"), output_field=_MONEY
        )
    )


def _latest_number() -> Subquery:
    return Subquery(
        PlanVersion.objects.filter(plan=OuterRef("plan"))
        .order_by("-number")
        .values("number")[:1]
    )


def plan_visible_to(user: Any) -> QuerySet[TerritorialPlan]:
    """The plans ``user`` may open in the reserved area (agrees with
    ``plans.view_plan``): the Region sees all, the ATS's officers and
    committee their own ATS's."""
    plans = TerritorialPlan.objects.all()
    if is_regional_officer(user):
        return plans
    return plans.filter(
        ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    )


def plan_get_for_user(*, user: Any, pk: int) -> TerritorialPlan:
    plan = (
        plan_visible_to(user)
        .select_related("ats", "period", "call", "created_by")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def version_get_for_user(*, user: Any, pk: int) -> PlanVersion:
    version = (
        PlanVersion.objects.filter(plan__in=plan_visible_to(user))
        .select_related("plan__ats", "plan__period", "plan__call")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


def current_versions_managed(*, user: Any) -> QuerySet[PlanVersion]:
    """The current (latest) version of each plan the user may open, with
    totals, the newest period first."""
    return (
        with_totals(
            PlanVersion.objects.filter(
                plan__in=plan_visible_to(user), number=_latest_number()
            )
        )
        .select_related("plan__ats", "plan__period", "plan__call")
        .order_by("-plan__period__starts_on", "plan__ats__code")
    )


def calls_ready_for_plan(*, user: Any) -> QuerySet[Call]:
    """The calls of the officer's ATS whose ranking is approved and whose ATS
    has no plan for the call's period yet."""
    approved = Ranking.objects.filter(
        call=OuterRef("pk"), status=RankingStatus.APPROVED
    )
    planned = TerritorialPlan.objects.filter(
        ats=OuterRef("ats"), period=OuterRef("period")
    )
    return (
        Call.objects.filter(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER))
        .filter(Exists(approved))
        .exclude(Exists(planned))
        .select_related("ats", "period")
        .order_by("-opens_at", "pk")
    )


def plan_versions(*, plan: TerritorialPlan) -> list[PlanVersion]:
    """Every version of ``plan``, the newest first, with totals."""
    return list(
        with_totals(PlanVersion.objects.filter(plan=plan)).select_related(
            "act_document", "document"
        )
    )


@dataclass
class VersionContent:
    """The rows of one version, read in a constant number of queries."""

    projects: list[PlanProject]
    actions: list[SystemAction]
    funding: list[FundingSource]
    milestones: list[Any]


def version_content_rows(*, version: PlanVersion) -> VersionContent:
    return VersionContent(
        projects=list(
            PlanProject.objects.filter(version=version)
            .select_related("project__alliance__lead")
            .order_by("position", "pk")
        ),
        actions=list(
            SystemAction.objects.filter(version=version)
            .prefetch_related(Prefetch("operators", queryset=_operators_ordered()))
            .order_by("position", "pk")
        ),
        funding=list(version.funding_sources.order_by("kind", "pk")),
        milestones=list(version.milestones.order_by("due_on", "pk")),
    )


def _operators_ordered() -> QuerySet[Any]:
    from conciliare.registry.models import Organisation

    return Organisation.objects.order_by("legal_name", "pk")


# -- The Region's view -------------------------------------------------------


@dataclass
class RegionRow:
    """One ATS in the Region's view of a period."""

    ats: ATS
    allocation: Decimal
    version: PlanVersion | None

    @property
    def committed(self) -> Decimal:
        if self.version is None:
            return Decimal(0)
        return cents(
            getattr(self.version, "grants_total", ZERO)
            + getattr(self.version, "actions_total", ZERO)
        )

    @property
    def difference(self) -> Decimal:
        return self.allocation - self.committed

    @property
    def last_action(self) -> tuple[str, datetime | None]:
        """What happened last to the current version, and when."""
        version = self.version
        if version is None:
            return "", None
        moments = [
            (_("Validato dalla Regione"), version.validated_at),
            (_("Restituito con osservazioni"), version.returned_at),
            (_("Trasmesso alla Regione"), version.sent_at),
            (_("Approvato dall'ATS"), version.approved_at),
        ]
        if version.status == PlanStatus.DRAFT:
            return _("Versione in preparazione"), version.created_at
        dated = [(label, moment) for label, moment in moments if moment is not None]
        return max(dated, key=lambda item: item[1])


def region_periods() -> QuerySet[ProgrammingPeriod]:
    return ProgrammingPeriod.objects.order_by("-starts_on")


def region_default_period() -> ProgrammingPeriod | None:
    """The latest period with plans (else the latest period)."""
    with_plans = region_periods().filter(plans__isnull=False).first()
    return with_plans or region_periods().first()


def region_rows(*, period: ProgrammingPeriod) -> list[RegionRow]:
    """The 8 ATS with their regional allocation for ``period`` and the
    current version of their plan (None when they have none). 2 queries."""
    allocation = Coalesce(
        Subquery(
            Allocation.objects.filter(ats=OuterRef("pk"), period=period)
            .order_by()
            .values("ats")
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=_MONEY,
        ),
        Decimal(0),
        output_field=_MONEY,
    )
    atss = list(ATS.objects.annotate(allocation_total=allocation).order_by("code"))
    versions = {
        v.plan.ats_id: v
        for v in with_totals(
            PlanVersion.objects.filter(plan__period=period, number=_latest_number())
        ).select_related("plan")
    }
    return [
        RegionRow(
            ats=ats,
            allocation=cents(getattr(ats, "allocation_total", ZERO)),
            version=versions.get(ats.pk),
        )
        for ats in atss
    ]


# -- Public ------------------------------------------------------------------


def _latest_public_number() -> Subquery:
    return Subquery(
        PlanVersion.objects.filter(plan=OuterRef("plan"), status__in=PUBLIC_STATUSES)
        .order_by("-number")
        .values("number")[:1]
    )


def public_versions() -> QuerySet[PlanVersion]:
    """The public version of every plan that has one: the latest approved,
    sent or validated."""
    return (
        PlanVersion.objects.filter(
            status__in=PUBLIC_STATUSES, number=_latest_public_number()
        )
        .select_related("plan__ats", "plan__period", "act_document", "document")
        .order_by("-plan__period__starts_on", "plan__ats__code")
    )


def public_version_get(*, ats_slug: str, period_slug: str) -> PlanVersion:
    version = (
        public_versions()
        .filter(plan__ats__slug=ats_slug, plan__period__slug=period_slug)
        .first()
    )
    if version is None:
        raise Http404
    return version


def public_version_get_by_plan(*, pk: int) -> PlanVersion:
    version = public_versions().filter(plan_id=pk).first()
    if version is None:
        raise Http404
    return version


def public_filter(
    versions: QuerySet[PlanVersion], *, ats: str = "", period: str = ""
) -> QuerySet[PlanVersion]:
    query = Q()
    if ats:
        query &= Q(plan__ats__slug=ats)
    if period:
        query &= Q(plan__period__slug=period)
    return versions.filter(query)
