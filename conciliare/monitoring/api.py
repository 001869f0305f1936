"""API of the monitoring, under /api/v1/monitoring/:

- ``reports/`` and ``reports/{id}``: the monitoring reports the signed-in
  user may read (the lead body's representatives their own projects', the
  ATS's officers and committee members their ATS's, the Region all); a
  report the user may not read is a 404, as a missing one; anonymous
  callers get 401;
- ``payments/``: public, the payments of the published projects;
- ``aggregates/``: public, the figures per ATS of a period as /numeri/
  shows them (small counts of people hidden: null);
- ``projects/{code}``: public, what a published project was paid and
  reached (the section «Attuazione» of its page)."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from conciliare.accounts.models import User
from conciliare.applications.models import BeneficiaryKind
from conciliare.dashboards.dashboard_selectors import AtsFigures, ats_figures
from conciliare.dashboards.project_implementation import (
    implementation_annotate,
    implementation_of,
)
from conciliare.dashboards.suppression import is_suppressed, threshold
from conciliare.monitoring.models import (
    MonitoringReport,
    Payment,
    ReportIndicatorValue,
    ReportKind,
    ReportReach,
    ReportStatus,
)
from conciliare.monitoring.report_selectors import report_visible_to
from conciliare.opendata.selectors import published_projects
from conciliare.plans.plan_selectors import region_default_period
from conciliare.projects.models import Project
from conciliare.territory.models import ATS, ProgrammingPeriod

router = Router(tags=["monitoring"])

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class ApiRequest(HttpRequest):
    auth: User


# -- reports ----------------------------------------------------------------------


class ReportFilters(Schema):
    project: str | None = None
    ats: str | None = None
    status: ReportStatus | None = None
    kind: ReportKind | None = None


class ReachOut(Schema):
    kind: str
    kind_label: str
    area: str | None
    reached: int
    women: int | None
    men: int | None

    @staticmethod
    def resolve_kind_label(obj: ReportReach) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_area(obj: ReportReach) -> str | None:
        return f"{obj.area.number}. {obj.area.name}" if obj.area else None


class IndicatorValueOut(Schema):
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    value: Decimal | None
    note: str


class ReportOut(Schema):
    id: int
    project_code: str
    ats: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    due_on: date | None
    period_start: date
    period_end: date
    submitted_at: datetime | None
    decided_at: datetime | None
    is_late: bool
    version: int

    @staticmethod
    def resolve_project_code(obj: MonitoringReport) -> str:
        return obj.project.code

    @staticmethod
    def resolve_ats(obj: MonitoringReport) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_kind_label(obj: MonitoringReport) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj: MonitoringReport) -> str:
        return str(obj.get_status_display())


class ReportDetailOut(ReportOut):
    activities: str
    narrative: str
    officer_note: str
    reach: list[ReachOut]
    indicators: list[IndicatorValueOut]

    @staticmethod
    def resolve_reach(obj: MonitoringReport) -> list[ReportReach]:
        return list(obj.reach.all())

    @staticmethod
    def resolve_indicators(obj: MonitoringReport) -> list[ReportIndicatorValue]:
        return list(obj.indicator_values.all())


@router.get(
    "/reports/",
    response=list[ReportOut],
    auth=django_auth,
    summary="Relazioni di monitoraggio visibili",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def report_list_api(
    request: ApiRequest, filters: Query[ReportFilters]
) -> QuerySet[MonitoringReport]:
    """The reports the user may read, by project and period (filters:
    ``project`` code, ``ats`` slug, ``status``, ``kind``)."""
    reports = report_visible_to(request.auth).order_by(
        "project__code", "period_end", "pk"
    )
    if filters.project:
        reports = reports.filter(project__code=filters.project)
    if filters.ats:
        reports = reports.filter(ats__slug=filters.ats)
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.kind:
        reports = reports.filter(kind=filters.kind)
    return reports


@router.get(
    "/reports/{pk}",
    response=ReportDetailOut,
    auth=django_auth,
    summary="Una relazione di monitoraggio",
)
def report_detail_api(request: ApiRequest, pk: int) -> MonitoringReport:
    """404 alike for a missing report and for one the user may not read."""
    reports = report_visible_to(request.auth).prefetch_related(
        Prefetch(
            "reach",
            queryset=ReportReach.objects.select_related("area").order_by(
                "kind", "area__number", "pk"
            ),
        ),
        Prefetch(
            "indicator_values", queryset=ReportIndicatorValue.objects.order_by("pk")
        ),
    )
    return get_object_or_404(reports, pk=pk)


# -- payments ---------------------------------------------------------------------


class PaymentOut(Schema):
    project_code: str
    project_title: str
    ats: str
    period: str
    kind: str
    kind_label: str
    amount: Decimal
    act_number: str
    act_date: date
    paid_on: date

    @staticmethod
    def resolve_project_code(obj: Payment) -> str:
        return obj.project.code

    @staticmethod
    def resolve_project_title(obj: Payment) -> str:
        return obj.project.title

    @staticmethod
    def resolve_ats(obj: Payment) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_period(obj: Payment) -> str:
        return obj.project.period.slug

    @staticmethod
    def resolve_kind_label(obj: Payment) -> str:
        return str(obj.get_kind_display())


def _ats(slug: str | None) -> ATS | None:
    if not slug:
        return None
    found = ATS.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(400, _("ats: ATS sconosciuta «%(slug)s».") % {"slug": slug})
    return found


def _period(slug: str | None) -> ProgrammingPeriod | None:
    if not slug:
        return None
    found = ProgrammingPeriod.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(
            400, _("period: periodo sconosciuto «%(slug)s».") % {"slug": slug}
        )
    return found


@router.get("/payments/", response=list[PaymentOut], summary="Pagamenti")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def payment_list_api(
    request: HttpRequest,
    ats: str | None = None,
    period: str | None = None,
    project: str | None = None,
) -> QuerySet[Payment]:
    """The payments of the published projects, newest period first, then
    by ATS, project and date; ``ats`` and ``period`` are slugs,
    ``project`` a project's code."""
    payments = Payment.objects.filter(
        project__in=published_projects().values("pk")
    ).select_related("ats", "project__period")
    chosen_ats, chosen_period = _ats(ats), _period(period)
    if chosen_ats is not None:
        payments = payments.filter(ats=chosen_ats)
    if chosen_period is not None:
        payments = payments.filter(project__period=chosen_period)
    if project:
        payments = payments.filter(project__code=project)
    return payments.order_by(
        "-project__period__starts_on", "ats__code", "project__code", "paid_on", "pk"
    )


# -- public aggregates ------------------------------------------------------------


class AtsAggregateOut(Schema):
    ats: str
    ats_name: str
    allocation: Decimal
    committed: Decimal
    projects: int
    cofinancing: Decimal
    declared: Decimal
    spent: Decimal
    paid: Decimal
    recovered: Decimal
    #: Expected and reached beneficiaries by kind; null when hidden.
    expected: dict[str, int | None]
    expected_total: int | None
    reached: dict[str, int | None]
    reached_total: int | None
    reports_on_time: int
    reports_late: int
    reports_overdue: int


class AggregatesOut(Schema):
    period: str
    period_name: str
    #: Counts of people from 1 to ``threshold`` - 1 are null.
    threshold: int
    ats: list[AtsAggregateOut]


def _public_counts(
    counts: dict[str, int], limit: int
) -> tuple[dict[str, int | None], int | None]:
    """The counts with the small ones hidden, and their total (hidden with
    any of them, as on /numeri/)."""
    shown: dict[str, int | None] = {
        kind: None if is_suppressed(counts[kind], limit=limit) else counts[kind]
        for kind in BeneficiaryKind.values
    }
    hides = any(value is None for value in shown.values())
    return shown, None if hides else sum(counts.values())


def _aggregate(row: AtsFigures, limit: int) -> AtsAggregateOut:
    implementation = row.implementation
    expected, expected_total = _public_counts(row.beneficiaries, limit)
    reached, reached_total = _public_counts(implementation.reached, limit)
    return AtsAggregateOut(
        ats=row.ats.slug,
        ats_name=row.ats.name,
        allocation=row.allocation,
        committed=row.committed,
        projects=row.projects,
        cofinancing=row.cofinancing,
        declared=implementation.declared,
        spent=implementation.spent,
        paid=implementation.paid,
        recovered=implementation.recovered,
        expected=expected,
        expected_total=expected_total,
        reached=reached,
        reached_total=reached_total,
        reports_on_time=implementation.reports_on_time,
        reports_late=implementation.reports_late,
        reports_overdue=implementation.reports_overdue,
    )


@router.get("/aggregates/", response=AggregatesOut, summary="I numeri per ATS")
def aggregates_api(request: HttpRequest, period: str | None = None) -> AggregatesOut:
    """The figures of /numeri/ per ATS for ``period`` (a slug; default the
    latest period with plans)."""
    chosen = _period(period) or region_default_period()
    if chosen is None:
        raise HttpError(404, _("Nessun periodo di programmazione."))
    limit = threshold()
    return AggregatesOut(
        period=chosen.slug,
        period_name=chosen.name,
        threshold=limit,
        ats=[_aggregate(row, limit) for row in ats_figures(period=chosen)],
    )


# -- one project's figures --------------------------------------------------------


class ReachedCountOut(Schema):
    kind: str
    label: str
    #: null when hidden (below the threshold).
    count: int | None


class ProjectFiguresOut(Schema):
    code: str
    paid: Decimal
    recovered: Decimal
    reported_until: date | None
    threshold: int
    reached: list[ReachedCountOut]


@router.get(
    "/projects/{code}",
    response=ProjectFiguresOut,
    summary="Attuazione di un progetto",
)
def project_figures_api(request: HttpRequest, code: str) -> ProjectFiguresOut:
    """What a project with a signed agreement of a public plan was paid,
    gave back and reached (404 for any other)."""
    project = get_object_or_404(
        implementation_annotate(Project.objects.all()), code=code
    )
    figures = implementation_of(project)
    if figures is None:
        raise HttpError(404, "Not found.")
    return ProjectFiguresOut(
        code=project.code,
        paid=figures.paid,
        recovered=figures.recovered,
        reported_until=figures.reported_until,
        threshold=figures.limit,
        reached=[
            ReachedCountOut(kind=c.kind, label=c.label, count=c.count)
            for c in figures.reached
        ],
    )
