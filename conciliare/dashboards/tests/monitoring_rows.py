"""Monitoring rows written straight with the ORM (the services belong to
the monitoring app): payments, recoveries, a revocation, expenditure
statements with their expenses, reports with the beneficiaries reached and
the indicators. Used by the dashboards', open data and API tests."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from conciliare.accounts.tests.factories import UserFactory
from conciliare.documents.models import DocumentKind
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    MonitoringReport,
    Payment,
    PaymentKind,
    Recovery,
    ReportIndicatorValue,
    ReportKind,
    ReportReach,
    ReportStatus,
    Revocation,
    StatementKind,
    StatementStatus,
)
from conciliare.projects.models import Project
from conciliare.territory.models import InterventionArea

TODAY = timezone.localdate


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def pay(
    project: Project,
    amount: str,
    *,
    kind: str = PaymentKind.ADVANCE,
    paid_on: date | None = None,
    act_number: str = "LIQ-1",
    recovery_due: str = "0",
) -> Payment:
    paid_on = paid_on or TODAY()
    return Payment.objects.create(
        project=project,
        ats=project.ats,
        kind=kind,
        amount=Decimal(amount),
        act_number=act_number,
        act_date=paid_on - timedelta(days=2),
        paid_on=paid_on,
        recovery_due=Decimal(recovery_due),
        recorded_by=UserFactory(),
    )


def recover(
    project: Project, amount: str, *, received_on: date | None = None
) -> Recovery:
    return Recovery.objects.create(
        project=project,
        ats=project.ats,
        amount=Decimal(amount),
        received_on=received_on or TODAY(),
        reference="Reversale 7",
        recorded_by=UserFactory(),
    )


def revoke(project: Project, amount_to_recover: str) -> Revocation:
    return Revocation.objects.create(
        project=project,
        ats=project.ats,
        act_number="REV-1",
        act_date=TODAY() - timedelta(days=5),
        reason="Attività non svolte",
        amount_to_recover=Decimal(amount_to_recover),
        recorded_by=UserFactory(),
    )


def _check(amount: Decimal, eligible: str | None) -> dict[str, object]:
    if eligible is None:
        return {"check_status": ExpenseCheck.PENDING, "eligible_amount": None}
    value = Decimal(eligible)
    if value == amount:
        return {"check_status": ExpenseCheck.ELIGIBLE, "eligible_amount": value}
    if value == 0:
        return {
            "check_status": ExpenseCheck.NOT_ELIGIBLE,
            "eligible_amount": value,
            "check_reason": "Fuori periodo",
        }
    return {
        "check_status": ExpenseCheck.PARTLY_ELIGIBLE,
        "eligible_amount": value,
        "check_reason": "In parte",
    }


def statement(
    project: Project,
    expenses: tuple[tuple[str, str | None], ...],
    *,
    status: str = StatementStatus.CHECKED,
    kind: str = StatementKind.INTERIM,
) -> ExpenditureStatement:
    """A statement of ``(amount, eligible amount or None)`` expenses."""
    user = UserFactory()
    sent = status != StatementStatus.DRAFT
    checked = status == StatementStatus.CHECKED
    created = ExpenditureStatement.objects.create(
        project=project,
        ats=project.ats,
        kind=kind,
        number=project.statements.count() + 1,
        period_start=TODAY() - timedelta(days=90),
        period_end=TODAY(),
        status=status,
        submitted_at=timezone.now() if sent else None,
        submitted_by=user if sent else None,
        checked_at=timezone.now() if checked else None,
        checked_by=user if checked else None,
        created_by=user,
    )
    for amount, eligible in expenses:
        value = Decimal(amount)
        Expense.objects.create(
            statement=created,
            organisation=project.alliance.lead,
            category="services",
            description="Servizio di custodia",
            document_number="F-1",
            document_date=TODAY() - timedelta(days=10),
            amount=value,
            document=DocumentFactory(kind=DocumentKind.REPORT, is_public=False),
            **_check(value, eligible),
        )
    return created


def report(
    project: Project,
    *,
    status: str = ReportStatus.ACCEPTED,
    due_on: date | None = None,
    submitted_on: date | None = None,
    period_end: date | None = None,
    kind: str = ReportKind.INTERIM,
    reach: dict[tuple[str, InterventionArea | None], tuple[int, int | None, int | None]]
    | None = None,
    indicators: tuple[tuple[str, str, str, str | None], ...] = (),
) -> MonitoringReport:
    """A report sent on ``submitted_on`` (today when not a draft) with
    ``reach`` ``{(kind, area): (reached, women, men)}`` and ``indicators``
    ``(name, baseline, target, value)``."""
    user = UserFactory()
    period_end = period_end or TODAY()
    if submitted_on is None and status != ReportStatus.DRAFT:
        submitted_on = TODAY()
    sent = submitted_on is not None
    decided = status == ReportStatus.ACCEPTED
    created = MonitoringReport.objects.create(
        project=project,
        ats=project.ats,
        kind=kind,
        due_on=due_on,
        period_start=period_end - timedelta(days=180),
        period_end=period_end,
        activities="Sportello aperto",
        narrative="Procede",
        status=status,
        submitted_at=moment(submitted_on) if submitted_on else None,
        submitted_by=user if sent else None,
        decided_at=timezone.now() if decided else None,
        decided_by=user if decided else None,
        created_by=user,
    )
    for (beneficiaries, area), (reached, women, men) in (reach or {}).items():
        ReportReach.objects.create(
            report=created,
            kind=beneficiaries,
            area=area,
            reached=reached,
            women=women,
            men=men,
        )
    for name, baseline, target, value in indicators:
        ReportIndicatorValue.objects.create(
            report=created,
            name=name,
            unit="numero",
            baseline=Decimal(baseline),
            target=Decimal(target),
            value=None if value is None else Decimal(value),
        )
    return created
