"""Synthetic monitoring of the synthetic projects, so the dashboards of the
8 ATS have figures and the benchmarks have volume (issue 7).

Every synthetic 2020-2023 project of ``alliances.generate_alliances`` (codes
``<ATS>-<year>-D....``, labelled "dimostrativo") that has no report yet gets,
according to its status: an accepted final report with the beneficiaries
reached by type and area (some submitted after the due date), a checked
final statement of six expenses sharing one demo PDF, the advance and, for
the projects whose balance is paid, the balance computed with the same
arithmetic as the service (``monitoring.balance``). The volume follows
``--scale`` with the synthetic alliances (about 40 projects at scale 1, 4,000
at scale 100).

Written with ``bulk_create``: through the services it would take minutes at
scale, and these rows stand for a past that no officer typed. Deterministic
(seeded per project), and safe to run again: projects with a report are
skipped.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from conciliare.accounts.models import User
from conciliare.accounts.services import system_user
from conciliare.applications.models import BeneficiaryKind, BudgetCategory
from conciliare.demo.call_applications import demo_pdf
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_store
from conciliare.monitoring.balance import balance_compute
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    MonitoringReport,
    Payment,
    PaymentKind,
    ReportKind,
    ReportReach,
    ReportStatus,
    StatementKind,
    StatementStatus,
)
from conciliare.projects.models import Project, ProjectOrigin, ProjectStatus
from conciliare.territory.models import ATS, InterventionArea

SHARED_TITLE = "Giustificativo di spesa (sintetico)"
CENT = Decimal("0.01")
#: The minimum co-financing share of the synthetic projects' calls.
MIN_COFINANCING = Decimal("30.00")
BATCH = 1000
REPORTED = frozenset({ProjectStatus.REPORTED, ProjectStatus.BALANCE_PAID})


def ensure_synthetic_monitoring(*, actor: User) -> int:
    """Monitor the synthetic projects that have no report; return how many."""
    projects = list(
        Project.objects.filter(
            origin=ProjectOrigin.HISTORICAL,
            period__slug="2020-2023",
            code__contains="-D",
            reports__isnull=True,
        )
        .prefetch_related("areas", "alliance__partners")
        .order_by("pk")
    )
    if not projects:
        return 0
    system = system_user()
    with transaction.atomic():
        document = _shared_document(actor=actor, ats=projects[0].ats)
        rows = _Rows(system=system, document=document)
        for project in projects:
            rows.add(project)
        rows.save()
    return len(projects)


def _shared_document(*, actor: User, ats: ATS) -> Document:
    document = Document.objects.filter(title=SHARED_TITLE).first()
    if document is not None:
        return document
    return document_store(
        actor=actor,
        data={
            "title": SHARED_TITLE,
            "kind": DocumentKind.REPORT,
            "valid_from": timezone.localdate(),
            "is_public": False,
            "ats": ats,
            "period": None,
        },
        file=ContentFile(
            demo_pdf(SHARED_TITLE, "Documento dimostrativo", ["Fattura sintetica."]),
            name="giustificativo-sintetico.pdf",
        ),
        note="Giustificativo comune dei rendiconti sintetici.",
    )


class _Rows:
    def __init__(self, *, system: User, document: Document) -> None:
        self.system = system
        self.document = document
        self.reports: list[MonitoringReport] = []
        self.reach: list[list[ReportReach]] = []
        self.statements: list[ExpenditureStatement] = []
        self.expenses: list[list[Expense]] = []
        self.payments: list[Payment] = []

    def add(self, project: Project) -> None:
        rng = random.Random(project.pk)
        grant = project.public_funding or Decimal(0)
        cost = project.total_cost or grant
        ends_on: date = (
            project.ends_on
            or project.period.activities_end_by
            or project.period.ends_on
        )
        starts_on = project.starts_on or ends_on - timedelta(days=900)
        paid_advance = _cents(grant / 2)
        if grant > 0:
            self.payments.append(
                self._payment(
                    project, PaymentKind.ADVANCE, paid_advance, starts_on, "ANT"
                )
            )
        if project.status not in REPORTED and project.status != ProjectStatus.COMPLETED:
            return
        due_on = ends_on + timedelta(days=60)
        late_days = rng.choice((0, 0, 0, 0, 5, 21))
        submitted = _moment(due_on - timedelta(days=10) + timedelta(days=late_days))
        reported = project.status in REPORTED
        self.reports.append(
            MonitoringReport(
                project=project,
                ats_id=project.ats_id,
                kind=ReportKind.FINAL,
                due_on=due_on,
                period_start=starts_on,
                period_end=ends_on,
                activities="Attività del progetto dimostrativo.",
                narrative="Relazione sintetica generata per il dimostrativo.",
                status=ReportStatus.ACCEPTED if reported else ReportStatus.SUBMITTED,
                submitted_at=submitted,
                submitted_by=self.system,
                decided_at=submitted + timedelta(days=14) if reported else None,
                decided_by=self.system if reported else None,
                created_by=self.system,
            )
        )
        areas: list[InterventionArea | None] = [*project.areas.all()] or [None]
        kinds = rng.sample(list(BeneficiaryKind.values), k=rng.randint(1, 3))
        reach = []
        for kind in kinds:
            reached = rng.randint(3, 400)
            women = rng.randint(0, reached) if kind == BeneficiaryKind.WORKERS else None
            reach.append(
                ReportReach(
                    kind=kind,
                    area=rng.choice(areas),
                    reached=reached,
                    women=women,
                    men=reached - women if women is not None else None,
                )
            )
        self.reach.append(reach)
        spent = _cents(cost * Decimal(rng.choice(("1.02", "1.00", "0.97", "0.9"))))
        checked = reported
        self.statements.append(
            ExpenditureStatement(
                project=project,
                ats_id=project.ats_id,
                kind=StatementKind.FINAL,
                number=1,
                period_start=starts_on,
                period_end=ends_on,
                status=StatementStatus.CHECKED
                if checked
                else StatementStatus.SUBMITTED,
                submitted_at=submitted,
                submitted_by=self.system,
                checked_at=submitted + timedelta(days=40) if checked else None,
                checked_by=self.system if checked else None,
                created_by=self.system,
            )
        )
        self.expenses.append(self._expenses(project, spent, ends_on, checked, rng))
        if project.status == ProjectStatus.BALANCE_PAID and grant > 0:
            eligible = spent if checked else Decimal(0)
            computation = balance_compute(
                grant=grant,
                eligible_expenditure=eligible,
                min_cofinancing_share=MIN_COFINANCING,
                already_paid=paid_advance,
            )
            payment = self._payment(
                project,
                PaymentKind.BALANCE,
                computation.balance,
                ends_on + timedelta(days=150),
                "SAL",
            )
            payment.computation = computation.as_record()
            payment.recovery_due = computation.recovery_due
            self.payments.append(payment)

    def _expenses(
        self,
        project: Project,
        spent: Decimal,
        ends_on: date,
        checked: bool,
        rng: random.Random,
    ) -> list[Expense]:
        organisations = [p.organisation_id for p in project.alliance.partners.all()]
        organisations = organisations or [project.alliance.lead_id]
        categories = list(BudgetCategory.values)
        count = 6
        share = _cents(spent / count)
        expenses = []
        for index in range(count):
            amount = share if index < count - 1 else spent - share * (count - 1)
            expenses.append(
                Expense(
                    organisation_id=rng.choice(organisations),
                    category=categories[index % len(categories)],
                    description="Spesa sintetica",
                    supplier="Fornitore dimostrativo",
                    document_number=f"S{index + 1}/{ends_on.year}",
                    document_date=ends_on - timedelta(days=30 * (index + 1)),
                    amount=amount,
                    document=self.document,
                    check_status=ExpenseCheck.ELIGIBLE
                    if checked
                    else ExpenseCheck.PENDING,
                    eligible_amount=amount if checked else None,
                    checked_at=_moment(ends_on + timedelta(days=100))
                    if checked
                    else None,
                    checked_by=self.system if checked else None,
                )
            )
        return expenses

    def _payment(
        self, project: Project, kind: str, amount: Decimal, paid_on: date, prefix: str
    ) -> Payment:
        return Payment(
            project=project,
            ats_id=project.ats_id,
            kind=kind,
            amount=amount,
            act_number=f"{prefix}-{project.pk}",
            act_date=paid_on - timedelta(days=7),
            paid_on=paid_on,
            note="Pagamento sintetico del dimostrativo.",
            recorded_by=self.system,
        )

    def save(self) -> None:
        reports = MonitoringReport.objects.bulk_create(self.reports, batch_size=BATCH)
        ReportReach.objects.bulk_create(
            [
                ReportReach(
                    report=report,
                    kind=row.kind,
                    area=row.area,
                    reached=row.reached,
                    women=row.women,
                    men=row.men,
                )
                for report, rows in zip(reports, self.reach, strict=True)
                for row in rows
            ],
            batch_size=BATCH,
        )
        statements = ExpenditureStatement.objects.bulk_create(
            self.statements, batch_size=BATCH
        )
        for statement, rows in zip(statements, self.expenses, strict=True):
            for expense in rows:
                expense.statement = statement
        Expense.objects.bulk_create(
            [expense for rows in self.expenses for expense in rows], batch_size=BATCH
        )
        Payment.objects.bulk_create(self.payments, batch_size=BATCH)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)
