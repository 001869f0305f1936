"""Reads of the monitoring reports: who sees which, one report with its
rows, the totals reached by type, and the officers' list of overdue
reports (in a constant number of queries whatever its length)."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.monitoring.models import (
    MonitoringReport,
    ReportAttachment,
    ReportIndicatorValue,
    ReportReach,
    ReportStatus,
)
from conciliare.plans.models import AgreementDeadline, AgreementStatus
from conciliare.projects.models import Project, ProjectStatus
from conciliare.territory.models import ATS

#: Reports not yet with the ATS: past their deadline, they are overdue.
NOT_SUBMITTED = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)
_HUNDRED = Decimal(100)


def _authenticated(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _monitoring_scope(user: Any) -> Q | None:
    """Who reads a project's monitoring (``monitoring.view_project``): the
    Region all (None), the ATS's officers and committee members theirs, the
    lead body's representatives their own."""
    if is_regional_officer(user):
        return None
    return Q(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)) | Q(
        alliance__lead_id__in=organisation_ids_of(user)
    )


def project_visible_for_reports(user: Any) -> QuerySet[Project]:
    projects = Project.objects.select_related(
        "alliance__lead", "ats", "period", "application"
    )
    if not _authenticated(user):
        return projects.none()
    scope = _monitoring_scope(user)
    return projects if scope is None else projects.filter(scope)


def project_get_for_reports(*, user: Any, code: str) -> Project:
    """The project, or 404 alike for a missing one and a forbidden one."""
    return get_object_or_404(project_visible_for_reports(user), code=code)


def report_visible_to(user: Any) -> QuerySet[MonitoringReport]:
    """Every report ``user`` may read; agrees with ``monitoring.view_project``
    on the report's project."""
    reports = MonitoringReport.objects.select_related(
        "project__alliance__lead",
        "project__period",
        "ats",
        "deadline",
        "submitted_by",
        "decided_by",
    )
    if not _authenticated(user):
        return reports.none()
    if is_regional_officer(user):
        return reports
    return reports.filter(
        Q(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER))
        | Q(project__alliance__lead_id__in=organisation_ids_of(user))
    )


def report_get_for_user(*, user: Any, code: str, pk: int) -> MonitoringReport:
    """The report with its rows preloaded, or 404 alike for a missing one
    and a forbidden one."""
    reports = report_visible_to(user).prefetch_related(
        Prefetch(
            "reach",
            queryset=ReportReach.objects.select_related("area").order_by(
                "kind", "area__number", "pk"
            ),
        ),
        Prefetch(
            "indicator_values", queryset=ReportIndicatorValue.objects.order_by("pk")
        ),
        Prefetch(
            "attachments",
            queryset=ReportAttachment.objects.select_related(
                "document", "uploaded_by"
            ).order_by("pk"),
        ),
    )
    return get_object_or_404(reports, project__code=code, pk=pk)


def report_list_for_project(
    *, user: Any, project: Project
) -> QuerySet[MonitoringReport]:
    """The reports of ``project`` the user may read, in the order of their
    periods."""
    return report_visible_to(user).filter(project=project).order_by("period_end", "pk")


@dataclass(frozen=True)
class ReachTotal:
    kind: str
    label: str
    reached: int
    women: int | None
    men: int | None


def report_reach_totals(report: MonitoringReport) -> list[ReachTotal]:
    """The beneficiaries reached by type, all areas together (summed by the
    database); women and men where given."""
    from conciliare.applications.models import BeneficiaryKind

    totals = (
        ReportReach.objects.filter(report=report)
        .values("kind")
        .annotate(
            total=Sum("reached"),
            women_total=Sum("women"),
            men_total=Sum("men"),
        )
        .order_by("kind")
    )
    return [
        ReachTotal(
            kind=row["kind"],
            label=str(BeneficiaryKind(row["kind"]).label),
            reached=row["total"] or 0,
            women=row["women_total"],
            men=row["men_total"],
        )
        for row in totals
    ]


def indicator_share(row: ReportIndicatorValue) -> Decimal | None:
    """The value reached as a percentage of the target (one decimal), or
    None without a value or a target."""
    if row.value is None or not row.target:
        return None
    return (row.value * _HUNDRED / row.target).quantize(Decimal("0.1"), ROUND_HALF_UP)


# -- the overdue reports -----------------------------------------------------------


def overdue_ats_choices(user: Any) -> QuerySet[ATS]:
    """The ATS whose overdue reports ``user`` follows."""
    if is_regional_officer(user):
        return ATS.objects.order_by("name")
    return ATS.objects.filter(pk__in=ats_ids_of(user, Role.ATS_OFFICER)).order_by(
        "name"
    )


def report_overdue_list(
    *, user: Any, ats: ATS | None = None, today: date | None = None
) -> QuerySet[AgreementDeadline]:
    """The deadlines of the signed agreements the user follows that are past
    and have no report with the ATS (none started, or still being written
    or completed), and those whose report was submitted late; oldest first.
    Each row carries its report (or None), project and lead body."""
    today = today or timezone.localdate()
    deadlines = AgreementDeadline.objects.select_related(
        "agreement__ats",
        "agreement__project__alliance__lead",
        "report",
    )
    if not _authenticated(user):
        return deadlines.none()
    if not is_regional_officer(user):
        deadlines = deadlines.filter(
            agreement__ats_id__in=ats_ids_of(user, Role.ATS_OFFICER)
        )
    if ats is not None:
        deadlines = deadlines.filter(agreement__ats=ats)
    return (
        deadlines.filter(agreement__status=AgreementStatus.SIGNED, due_on__lt=today)
        .exclude(agreement__project__status=ProjectStatus.REVOKED)
        .filter(
            Q(report__isnull=True)
            | Q(report__status__in=NOT_SUBMITTED)
            | Q(report__submitted_at__date__gt=F("due_on"))
        )
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class OverdueRow:
    deadline: AgreementDeadline
    report: MonitoringReport | None
    project: Project
    days_late: int
    state: str
    submitted_late: bool


def overdue_rows(
    deadlines: list[AgreementDeadline], today: date | None = None
) -> list[OverdueRow]:
    """The page's rows with the days late (to today while not submitted,
    to the submission otherwise) and what became of the report."""
    today = today or timezone.localdate()
    rows = []
    for deadline in deadlines:
        report: MonitoringReport | None = getattr(deadline, "report", None)
        submitted = (
            report is not None
            and report.status not in NOT_SUBMITTED
            and report.submitted_at is not None
        )
        if report is None:
            state = _("Non avviata")
        elif not submitted:
            state = report.get_status_display()
        else:
            state = _("Inviata in ritardo")
        until = (
            timezone.localdate(report.submitted_at)
            if submitted and report is not None and report.submitted_at
            else today
        )
        rows.append(
            OverdueRow(
                deadline=deadline,
                report=report,
                project=deadline.agreement.project,
                days_late=(until - deadline.due_on).days,
                state=str(state),
                submitted_late=submitted,
            )
        )
    return rows
