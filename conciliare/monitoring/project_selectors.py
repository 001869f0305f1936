"""Reads of the funded projects' monitoring: who sees which project (agrees
with ``monitoring.view_project``), the list with its figures in a constant
number of queries, and what one project's page shows."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.core.cache import generation_cached
from conciliare.monitoring.figures import FIGURES, project_figures_annotate
from conciliare.monitoring.models import (
    ExpenditureStatement,
    MonitoringReport,
    Payment,
    Recovery,
    Revocation,
)
from conciliare.plans.models import (
    Agreement,
    AgreementDeadline,
    AgreementInstalment,
)
from conciliare.projects.models import Project
from conciliare.territory.models import ATS, ProgrammingPeriod

_MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)


def _projects() -> QuerySet[Project]:
    """Projects followed by the monitoring: those with an agreement."""
    return Project.objects.filter(agreement__isnull=False).select_related(
        "alliance__lead", "ats", "period", "agreement"
    )


def project_visible_to(user: Any) -> QuerySet[Project]:
    """Every project whose monitoring ``user`` may read: the Region all, the
    ATS's officers and committee members their ATS's, the lead body's
    representatives their own; nobody else any (partners included)."""
    projects = _projects()
    if user is None or not getattr(user, "is_authenticated", False):
        return projects.none()
    if is_regional_officer(user):
        return projects
    return projects.filter(
        Q(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER))
        | Q(alliance__lead_id__in=organisation_ids_of(user))
    )


def project_get_for_user(*, user: Any, code: str) -> Project:
    """The project, or 404 alike for a missing one and a forbidden one."""
    return get_object_or_404(project_visible_to(user), code=code)


def project_list_for_user(
    *,
    user: Any,
    status: str | None = None,
    period: ProgrammingPeriod | None = None,
    ats: ATS | None = None,
) -> QuerySet[Project]:
    """The visible projects with their figures, filtered, newest period
    first."""
    projects = project_visible_to(user)
    if status:
        projects = projects.filter(status=status)
    if period is not None:
        projects = projects.filter(period=period)
    if ats is not None:
        projects = projects.filter(ats=ats)
    return project_figures_annotate(projects).order_by(
        "-period__starts_on", "ats__code", "code"
    )


def project_with_figures(project: Project) -> Project:
    """``project`` (as ``project_get_for_user`` reads it) with its figures.
    The figures are summed once and kept until a monitoring service changes
    them (each invalidates the public cache) or the day ends (late reports
    and the next deadline depend on it)."""
    pk = project.pk
    figures = generation_cached(
        f"monitoring:figures:{pk}:{timezone.localdate().isoformat()}",
        lambda: (
            project_figures_annotate(Project.objects.filter(pk=pk))
            .values(*FIGURES)
            .get()
        ),
    )
    for name, value in figures.items():
        setattr(project, name, value)
    return project


@dataclass(frozen=True)
class InstalmentRow:
    """A line of the payments table: an instalment the agreement schedules
    and its payment, or a payment outside the schedule."""

    kind_label: str
    scheduled: Decimal | None
    payment: Payment | None


@dataclass
class ProjectPageData:
    agreement: Agreement
    deadlines: list[AgreementDeadline]
    reports: list[MonitoringReport]
    statements: list[Any]  # annotated with their declared and eligible totals
    payments: list[Payment]
    instalment_rows: list[InstalmentRow]
    revocation: Revocation | None
    recoveries: list[Recovery]


def project_page_data(project: Project) -> ProjectPageData:
    """What the project's page lists, each in one query."""
    agreement = (
        Agreement.objects.filter(project=project)
        .prefetch_related(
            Prefetch(
                "instalments",
                queryset=AgreementInstalment.objects.order_by("position"),
            ),
            Prefetch(
                "deadlines",
                queryset=AgreementDeadline.objects.select_related("report").order_by(
                    "due_on", "pk"
                ),
            ),
        )
        .get()
    )
    agreement.project = project  # its rules read the project's lead body
    payments = list(
        Payment.objects.filter(project=project)
        .select_related("instalment", "recorded_by")
        .order_by("paid_on", "pk")
    )
    statements = list(
        ExpenditureStatement.objects.filter(project=project)
        .annotate(
            declared=Coalesce(Sum("expenses__amount"), 0, output_field=_MONEY),
            eligible=Coalesce(Sum("expenses__eligible_amount"), 0, output_field=_MONEY),
        )
        .order_by("number")
    )
    return ProjectPageData(
        agreement=agreement,
        deadlines=list(agreement.deadlines.all()),
        reports=list(
            MonitoringReport.objects.filter(project=project).order_by(
                "period_end", "pk"
            )
        ),
        statements=statements,
        payments=payments,
        instalment_rows=_instalment_rows(list(agreement.instalments.all()), payments),
        revocation=Revocation.objects.filter(project=project).first(),
        recoveries=list(
            Recovery.objects.filter(project=project).order_by("received_on", "pk")
        ),
    )


def _instalment_rows(
    instalments: list[AgreementInstalment], payments: list[Payment]
) -> list[InstalmentRow]:
    by_instalment = {p.instalment_id: p for p in payments if p.instalment_id}
    rows = [
        InstalmentRow(
            kind_label=str(instalment.get_kind_display()),
            scheduled=instalment.amount,
            payment=by_instalment.get(instalment.pk),
        )
        for instalment in instalments
    ]
    rows.extend(
        InstalmentRow(
            kind_label=str(payment.get_kind_display()),
            scheduled=None,
            payment=payment,
        )
        for payment in payments
        if payment.instalment_id is None
    )
    return rows
