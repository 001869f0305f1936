"""The public figures of one project's implementation (the section
«Attuazione» of its public page and the API): what it was paid and gave
back, and the beneficiaries its latest accepted report counts by kind,
small counts hidden as on /numeri/. Only for a project with a signed
agreement of a plan that is or was public; read in the same query as the
project (``implementation_annotate``)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.formats import number_format

from conciliare.applications.models import BeneficiaryKind
from conciliare.core.money import cents
from conciliare.dashboards.suppression import is_suppressed, threshold
from conciliare.monitoring.figures import MONEY
from conciliare.monitoring.models import (
    MonitoringReport,
    Payment,
    Recovery,
    ReportReach,
    ReportStatus,
)
from conciliare.plans.models import Agreement, AgreementStatus, PlanStatus
from conciliare.plans.plan_selectors import PUBLIC_STATUSES
from conciliare.projects.models import Project

#: Versions of a plan that are, or were, public.
PUBLISHED_PLAN_STATUSES = (*PUBLIC_STATUSES, PlanStatus.SUPERSEDED)


@dataclass(frozen=True)
class ReachedCount:
    kind: str
    label: str
    #: None when hidden.
    count: int | None
    text: str

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class ProjectImplementation:
    paid: Decimal
    recovered: Decimal
    #: The end of the period of the latest accepted report (None: none yet).
    reported_until: date | None
    reached: list[ReachedCount]
    limit: int

    @property
    def kept(self) -> Decimal:
        """Paid less recovered."""
        return self.paid - self.recovered

    @property
    def has_suppressed(self) -> bool:
        return any(count.suppressed for count in self.reached)


def _sum(model: Any, field: str) -> Coalesce:
    summed = (
        model.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(
        Subquery(summed, output_field=MONEY), Value(Decimal(0)), output_field=MONEY
    )


def _latest_accepted(project: OuterRef) -> QuerySet[MonitoringReport]:
    return MonitoringReport.objects.filter(
        project=project, status=ReportStatus.ACCEPTED
    ).order_by("-period_end", "-pk")


def _reached(kind: str) -> Coalesce:
    # two levels out: the project, not the reach row
    latest = _latest_accepted(OuterRef(OuterRef("pk"))).values("pk")[:1]
    summed = (
        ReportReach.objects.filter(report=Subquery(latest), kind=kind)
        .order_by()
        .values("report")
        .annotate(total=Sum("reached"))
        .values("total")
    )
    return Coalesce(
        Subquery(summed, output_field=IntegerField()),
        Value(0),
        output_field=IntegerField(),
    )


def implementation_annotate(projects: QuerySet[Project]) -> QuerySet[Project]:
    """``projects`` with what ``implementation_of`` reads (``impl_*``)."""
    return projects.annotate(
        impl_public=Exists(
            Agreement.objects.filter(
                project=OuterRef("pk"),
                status=AgreementStatus.SIGNED,
                plan_version__status__in=PUBLISHED_PLAN_STATUSES,
            )
        ),
        impl_paid=_sum(Payment, "amount"),
        impl_recovered=_sum(Recovery, "amount"),
        impl_reported_until=Subquery(
            _latest_accepted(OuterRef("pk")).values("period_end")[:1],
            output_field=DateField(),
        ),
        **{f"impl_reached_{kind}": _reached(kind) for kind in BeneficiaryKind.values},
    )


def implementation_of(project: Project) -> ProjectImplementation | None:
    """The figures of a project read through ``implementation_annotate``;
    None when it has no signed agreement of a public plan."""
    if not getattr(project, "impl_public", False):
        return None
    limit = threshold()
    reached = []
    for kind, label in BeneficiaryKind.choices:
        count = int(getattr(project, f"impl_reached_{kind}", 0) or 0)
        hidden = is_suppressed(count, limit=limit)
        reached.append(
            ReachedCount(
                kind=kind,
                label=str(label),
                count=None if hidden else count,
                text=f"< {limit}"
                if hidden
                else number_format(count, force_grouping=True),
            )
        )
    return ProjectImplementation(
        paid=cents(getattr(project, "impl_paid", None)),
        recovered=cents(getattr(project, "impl_recovered", None)),
        reported_until=getattr(project, "impl_reported_until", None),
        reached=reached,
        limit=limit,
    )
