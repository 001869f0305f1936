"""The figures of the dashboards, computed by the database in a constant
number of queries whatever the number of ATS, plans and periods.

"Committed" is the money of each plan's public version (approved by the
ATS's act, sent or validated): the grants of its projects plus its system
actions, summed by ``plans.plan_selectors.with_totals``. Drafts commit
nothing. What the projects then declared, spent, were paid and reached, and
their reports on time, is ``implementation`` (``implementation_selectors``).
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from conciliare.applications.models import (
    Application,
    ApplicationTargetGroup,
    BeneficiaryKind,
)
from conciliare.core.money import cents
from conciliare.dashboards.implementation_selectors import (
    Implementation,
    followed_projects,
    implementation_by,
    reached_by,
)
from conciliare.plans.models import PlanProject, PlanVersion, SystemAction
from conciliare.plans.plan_selectors import public_versions, region_rows, with_totals
from conciliare.territory.models import ATS, Allocation, ProgrammingPeriod

_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)


def _zero_kinds() -> dict[str, int]:
    return dict.fromkeys(BeneficiaryKind.values, 0)


@dataclass
class AtsFigures:
    """One ATS in a period."""

    ats: ATS
    allocation: Decimal
    committed: Decimal = Decimal("0.00")
    projects: int = 0
    cofinancing: Decimal = Decimal("0.00")
    has_public_plan: bool = False
    beneficiaries: dict[str, int] = field(default_factory=_zero_kinds)
    implementation: Implementation = field(default_factory=Implementation)

    @property
    def beneficiaries_total(self) -> int:
        return sum(self.beneficiaries.values())


@dataclass
class PeriodFigures:
    """The Region (or the ATS given) in one period."""

    period: ProgrammingPeriod
    allocation: Decimal = Decimal("0.00")
    committed: Decimal = Decimal("0.00")
    projects: int = 0
    cofinancing: Decimal = Decimal("0.00")
    beneficiaries: dict[str, int] = field(default_factory=_zero_kinds)
    #: The smallest positive count of one ATS and one kind in the period (0:
    #: none): when it is hidden, the period's total is hidden too, or it
    #: would reveal it.
    smallest_cell: int = 0
    implementation: Implementation = field(default_factory=Implementation)
    #: The same for the beneficiaries reached.
    smallest_reached_cell: int = 0

    @property
    def beneficiaries_total(self) -> int:
        return sum(self.beneficiaries.values())


def _count_of_projects() -> Coalesce:
    return Coalesce(
        Subquery(
            PlanProject.objects.filter(version=OuterRef("pk"))
            .order_by()
            .values("version")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _cofinancing_of_projects() -> Coalesce:
    return Coalesce(
        Subquery(
            PlanProject.objects.filter(version=OuterRef("pk"))
            .order_by()
            .values("version")
            .annotate(total=Sum("cofinancing"))
            .values("total")[:1],
            output_field=_MONEY,
        ),
        Decimal(0),
        output_field=_MONEY,
    )


def _public_versions(ats_ids: Collection[int] | None) -> QuerySet[PlanVersion]:
    versions = public_versions()
    if ats_ids is not None:
        versions = versions.filter(plan__ats_id__in=ats_ids)
    return versions


def _beneficiaries_by(
    versions: QuerySet[PlanVersion], *groups: str
) -> dict[tuple[int | str, ...], int]:
    """Expected beneficiaries of the funded applications of ``versions``,
    summed by ``groups`` (paths from the target group) and kind."""
    funded = Application.objects.filter(
        project__plan_rows__version__in=versions.values("pk")
    )
    rows = (
        ApplicationTargetGroup.objects.filter(application__in=funded)
        .order_by()
        .values(*groups, "kind")
        .annotate(total=Sum("expected_beneficiaries"))
    )
    return {
        (*(row[group] for group in groups), row["kind"]): int(row["total"] or 0)
        for row in rows
    }


def ats_figures(
    *, period: ProgrammingPeriod, ats_ids: Collection[int] | None = None
) -> list[AtsFigures]:
    """Every ATS (or those of ``ats_ids``) in ``period``, by code. 10
    queries."""
    wanted = None if ats_ids is None else set(ats_ids)
    rows = [
        AtsFigures(ats=row.ats, allocation=row.allocation)
        for row in region_rows(period=period)
        if wanted is None or row.ats.pk in wanted
    ]
    versions = _public_versions(wanted).filter(plan__period=period)
    totals = {
        v.plan.ats_id: v
        for v in with_totals(versions).annotate(
            projects_count=_count_of_projects(),
            cofinancing_total=_cofinancing_of_projects(),
        )
    }
    beneficiaries = _beneficiaries_by(versions, "application__ats_id")
    implementation = implementation_by(
        followed_projects(period=period, ats_ids=wanted), "ats_id"
    )
    for row in rows:
        row.implementation = implementation.get(row.ats.pk, Implementation())
        version = totals.get(row.ats.pk)
        if version is not None:
            row.has_public_plan = True
            row.committed = cents(getattr(version, "committed_total", None))
            row.projects = int(getattr(version, "projects_count", 0))
            row.cofinancing = cents(getattr(version, "cofinancing_total", None))
        for kind in BeneficiaryKind.values:
            row.beneficiaries[kind] = beneficiaries.get((row.ats.pk, kind), 0)
    return rows


def period_figures(*, ats_ids: Collection[int] | None = None) -> list[PeriodFigures]:
    """Every programming period, the oldest first, with the totals of every
    ATS (or those of ``ats_ids``). 12 queries."""
    wanted = None if ats_ids is None else set(ats_ids)
    periods = {
        p.pk: PeriodFigures(period=p)
        for p in ProgrammingPeriod.objects.order_by("starts_on")
    }
    allocations = Allocation.objects.order_by()
    versions = _public_versions(wanted).order_by()
    if wanted is not None:
        allocations = allocations.filter(ats_id__in=wanted)
    for row in allocations.values("period_id").annotate(total=Sum("amount")):
        periods[row["period_id"]].allocation = cents(row["total"])
    projects = (
        PlanProject.objects.filter(version__in=versions.values("pk"))
        .order_by()
        .values("version__plan__period_id")
        .annotate(
            grants=Sum("grant"), cofinancing=Sum("cofinancing"), count=Count("pk")
        )
    )
    for row in projects:
        figures = periods[row["version__plan__period_id"]]
        figures.committed += cents(row["grants"])
        figures.cofinancing = cents(row["cofinancing"])
        figures.projects = row["count"]
    actions = (
        SystemAction.objects.filter(version__in=versions.values("pk"))
        .order_by()
        .values("version__plan__period_id")
        .annotate(total=Sum("budget"))
    )
    for row in actions:
        periods[row["version__plan__period_id"]].committed += cents(row["total"])
    by_period = _beneficiaries_by(versions, "application__call__period_id")
    for (period_id, kind), total in by_period.items():
        periods[int(period_id)].beneficiaries[str(kind)] = total
    cells = _beneficiaries_by(
        versions, "application__call__period_id", "application__ats_id"
    )
    for (period_id, _ats_id, _kind), total in cells.items():
        figures = periods[int(period_id)]
        if total and (not figures.smallest_cell or total < figures.smallest_cell):
            figures.smallest_cell = total
    followed = followed_projects(ats_ids=wanted)
    for period_id, implementation in implementation_by(followed, "period_id").items():
        periods[period_id].implementation = implementation
    for (period_id, _ats_id, _kind), total in reached_by(
        followed, "period_id", "ats_id"
    ).items():
        figures = periods[period_id]
        if total and (
            not figures.smallest_reached_cell or total < figures.smallest_reached_cell
        ):
            figures.smallest_reached_cell = total
    return list(periods.values())
