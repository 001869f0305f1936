"""What the funded projects did with their grants, for the dashboards: the
expenditure declared and found eligible ("spent"), the money paid and
recovered, the beneficiaries reached and the reports sent on time or late.
Summed by the database for any grouping of the projects (by ATS, period,
project) in six queries whatever the number of projects.

The definitions are those of ``monitoring.figures`` (the project's page):

- declared: the expenses of the statements sent to the ATS (submitted,
  checked, returned for changes); spent: the eligible amounts of the
  checked statements;
- paid: every payment (advance, interim, balance); recovered: the money the
  lead body gave back, shown apart (paid less recovered is what the
  project kept);
- reached: the beneficiaries of each project's latest accepted report
  (reports are cumulative: nothing is summed across reports of a project);
- reports on time / late: reports sent with a due date, by the date of
  their sending against it; overdue: reports and agreement deadlines past
  their due date and not sent (revoked projects left out).

Only projects with an agreement are followed: agreements exist only for
plan versions the ATS made public."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from conciliare.applications.models import BeneficiaryKind
from conciliare.core.money import cents
from conciliare.monitoring.figures import DECLARED_STATUSES
from conciliare.monitoring.models import (
    Expense,
    MonitoringReport,
    Payment,
    Recovery,
    ReportReach,
    ReportStatus,
    StatementStatus,
)
from conciliare.plans.models import AgreementDeadline, AgreementStatus
from conciliare.projects.models import Project, ProjectStatus
from conciliare.territory.models import ProgrammingPeriod

_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")


def zero_kinds() -> dict[str, int]:
    return dict.fromkeys(BeneficiaryKind.values, 0)


@dataclass
class Implementation:
    """The implementation figures of a group of projects."""

    declared: Decimal = ZERO
    spent: Decimal = ZERO
    paid: Decimal = ZERO
    recovered: Decimal = ZERO
    reached: dict[str, int] = field(default_factory=zero_kinds)
    reports_on_time: int = 0
    reports_late: int = 0
    reports_overdue: int = 0

    @property
    def reached_total(self) -> int:
        return sum(self.reached.values())


def followed_projects(
    *,
    period: ProgrammingPeriod | None = None,
    ats_ids: Collection[int] | None = None,
) -> QuerySet[Project]:
    """The projects with an agreement (of ``period``, of ``ats_ids``)."""
    projects = Project.objects.filter(agreement__isnull=False)
    if period is not None:
        projects = projects.filter(period=period)
    if ats_ids is not None:
        projects = projects.filter(ats_id__in=ats_ids)
    return projects


def latest_accepted_reach(projects: QuerySet[Project]) -> QuerySet[ReportReach]:
    """The reach rows of the latest accepted report of each of ``projects``
    (the same report ``monitoring.figures`` reads)."""
    latest = (
        MonitoringReport.objects.filter(
            project=OuterRef("report__project"), status=ReportStatus.ACCEPTED
        )
        .order_by("-period_end", "-pk")
        .values("pk")[:1]
    )
    return ReportReach.objects.filter(
        report__project__in=projects.values("pk"),
        report__status=ReportStatus.ACCEPTED,
        report=Subquery(latest),
    ).order_by()


def reached_by(projects: QuerySet[Project], *keys: str) -> dict[tuple[Any, ...], int]:
    """The beneficiaries reached, summed by ``keys`` (paths from the project,
    e.g. ``"ats_id"``) and kind: ``{(*key values, kind): total}``."""
    groups = {f"k{i}": F(f"report__project__{key}") for i, key in enumerate(keys)}
    rows = (
        latest_accepted_reach(projects)
        .annotate(**groups)
        .values(*groups, "kind")
        .annotate(total=Sum("reached"))
    )
    return {
        (*(row[name] for name in groups), row["kind"]): int(row["total"] or 0)
        for row in rows
    }


def _grouped(
    queryset: QuerySet[Any], project_path: str, key: str, **aggregates: Any
) -> Iterable[dict[str, Any]]:
    """``queryset`` summed by the project's ``key`` (as ``group``)."""
    grouped: Iterable[dict[str, Any]] = (
        queryset.order_by()
        .values(group=F(f"{project_path}__{key}"))
        .annotate(**aggregates)
    )
    return grouped


def implementation_by(
    projects: QuerySet[Project], key: str, *, today: date | None = None
) -> dict[Any, Implementation]:
    """The figures of ``projects`` grouped by their ``key`` (a path from the
    project: ``"ats_id"``, ``"period_id"``, ``"pk"``). Groups without any
    figure are missing: read them with ``.get(key, Implementation())``.
    Six queries."""
    today = today or timezone.localdate()
    ids = projects.values("pk")
    figures: dict[Any, Implementation] = {}

    def of(group: Any) -> Implementation:
        return figures.setdefault(group, Implementation())

    expenses = _grouped(
        Expense.objects.filter(statement__project__in=ids),
        "statement__project",
        key,
        declared=Sum("amount", filter=Q(statement__status__in=DECLARED_STATUSES)),
        spent=Sum(
            "eligible_amount", filter=Q(statement__status=StatementStatus.CHECKED)
        ),
    )
    for row in expenses:
        of(row["group"]).declared = cents(row["declared"])
        of(row["group"]).spent = cents(row["spent"])
    for row in _grouped(
        Payment.objects.filter(project__in=ids), "project", key, total=Sum("amount")
    ):
        of(row["group"]).paid = cents(row["total"])
    for row in _grouped(
        Recovery.objects.filter(project__in=ids), "project", key, total=Sum("amount")
    ):
        of(row["group"]).recovered = cents(row["total"])
    for (group, kind), total in reached_by(projects, key).items():
        of(group).reached[kind] = total
    not_revoked = ~Q(project__status=ProjectStatus.REVOKED)
    reports = _grouped(
        MonitoringReport.objects.filter(project__in=ids, due_on__isnull=False),
        "project",
        key,
        on_time=Count(
            "pk",
            filter=Q(submitted_at__isnull=False, submitted_at__date__lte=F("due_on")),
        ),
        late=Count("pk", filter=Q(submitted_at__date__gt=F("due_on"))),
        overdue=Count(
            "pk", filter=Q(submitted_at__isnull=True, due_on__lt=today) & not_revoked
        ),
    )
    for row in reports:
        of(row["group"]).reports_on_time = row["on_time"]
        of(row["group"]).reports_late = row["late"]
        of(row["group"]).reports_overdue += row["overdue"]
    missed = _grouped(
        AgreementDeadline.objects.filter(
            agreement__project__in=ids,
            agreement__status=AgreementStatus.SIGNED,
            due_on__lt=today,
            report__isnull=True,
        ).exclude(agreement__project__status=ProjectStatus.REVOKED),
        "agreement__project",
        key,
        n=Count("pk"),
    )
    for row in missed:
        of(row["group"]).reports_overdue += row["n"]
    return figures


@dataclass
class AreaReach:
    """The beneficiaries reached in one intervention area (None: reported
    without an area), by kind."""

    number: int | None
    name: str | None
    reached: dict[str, int] = field(default_factory=zero_kinds)


def reached_by_area(projects: QuerySet[Project]) -> list[AreaReach]:
    """The beneficiaries reached by ``projects``, by area (in the areas'
    order, those without an area last) and kind. One query."""
    rows = (
        latest_accepted_reach(projects)
        .values("area_id", "area__number", "area__name", "kind")
        .annotate(total=Sum("reached"))
    )
    areas: dict[int | None, AreaReach] = {}
    for row in rows:
        area = areas.setdefault(
            row["area_id"], AreaReach(row["area__number"], row["area__name"])
        )
        area.reached[row["kind"]] = int(row["total"] or 0)
    return sorted(
        areas.values(),
        key=lambda a: (a.number is None, a.number or 0, a.name or ""),
    )
