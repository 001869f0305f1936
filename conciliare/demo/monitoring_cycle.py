"""ATS Milano's 2020-2023 projects carried out (issue 7), through the services.

After the agreements of 15/07/2020 the ATS pays each advance; the alliances
start in September 2020, file the interim report and statement in July 2021
(Lodi's a week late), end on 31/05/2023 [S5] and file the final ones; the ATS
checks every expense, verifies a sample of the self-declarations and pays the
balance. Alleanza Sud – Sud Est Milano spent less than its budget, so its
grant is reduced in proportion; ConciliAmoci's final statement waits for the
officer's check, so the demo has one to do.

The sources give the projects, the alliances and the end date: the figures,
the expenses, the acts and the dates are illustrative. The services stamp the
present moment; the dates of this historical cycle are moved back afterwards
(``_backdate``), as ``evaluation_cycle`` does.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from conciliare.accounts.models import Role, User
from conciliare.applications.models import ApplicationBudgetLine, BudgetCategory
from conciliare.core.mail import mail_withheld
from conciliare.demo.call_applications import demo_pdf
from conciliare.demo.call_drafts import ensure_representative
from conciliare.demo.history import replayed_at
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    ExpenseEvidence,
    MonitoringReport,
    PaymentKind,
    ReportKind,
    StatementKind,
    Verification,
)
from conciliare.monitoring.payment_services import payment_record
from conciliare.monitoring.project_services import project_complete, project_start
from conciliare.monitoring.report_figure_services import (
    report_indicators_save,
    report_reach_save,
)
from conciliare.monitoring.report_review_services import report_accept
from conciliare.monitoring.report_services import (
    report_create,
    report_submit,
    report_update,
)
from conciliare.monitoring.statement_check_services import (
    expense_check,
    expense_verify,
    statement_close,
)
from conciliare.monitoring.statement_sample_services import statement_sample_draw
from conciliare.monitoring.statement_services import (
    expense_add,
    statement_create,
    statement_submit,
)
from conciliare.plans.models import Agreement, DeadlineKind
from conciliare.projects.models import Project
from conciliare.territory.models import InterventionArea

CENT = Decimal("0.01")
STARTED_ON = date(2020, 9, 1)
INTERIM_END = date(2021, 6, 30)
ENDED_ON = date(2023, 5, 31)
ADVANCE_ACT = ("612", date(2020, 7, 28), date(2020, 8, 5))
BALANCE_ACT = ("1184", date(2023, 10, 16), date(2023, 10, 25))


@dataclass(frozen=True)
class Reach:
    kind: str
    area: int
    reached: int
    women: int | None = None
    men: int | None = None


@dataclass(frozen=True)
class Story:
    """What one project did: its reach at the interim and final reports,
    the share of its budget spent, when it reported."""

    slug: str
    interim_reach: tuple[Reach, ...]
    final_reach: tuple[Reach, ...]
    #: Of the application's budget, spent and declared over the project.
    spent_share: Decimal = Decimal("1.02")
    #: Of each indicator's target, reached at the end.
    indicator_share: Decimal = Decimal("1.05")
    interim_submitted: datetime = datetime(2021, 7, 20, 10, 0, tzinfo=UTC)
    final_submitted: datetime = datetime(2023, 7, 24, 10, 0, tzinfo=UTC)
    #: Its final statement still waits for the ATS's check.
    awaiting_check: bool = False
    representative: tuple[str, str] | None = None
    reductions: dict[str, str] = field(default_factory=dict)


STORIES: tuple[Story, ...] = (
    Story(
        slug="associazione-irene",
        interim_reach=(
            Reach("workers", 3, 120, 46, 74),
            Reach("firms", 4, 18),
            Reach("families", 1, 55),
        ),
        final_reach=(
            Reach("workers", 3, 312, 121, 191),
            Reach("firms", 4, 41),
            Reach("families", 1, 148),
        ),
    ),
    Story(
        slug="distretto-ovest-alto-milanese",
        interim_reach=(Reach("workers", 4, 38, 24, 14), Reach("firms", 4, 11)),
        final_reach=(Reach("workers", 4, 96, 61, 35), Reach("firms", 4, 31)),
    ),
    Story(
        slug="conciliamoci",
        interim_reach=(
            Reach("families", 2, 64),
            Reach("workers", 2, 71, 52, 19),
        ),
        final_reach=(
            Reach("families", 2, 131),
            Reach("workers", 2, 158, 109, 49),
        ),
        awaiting_check=True,
    ),
    Story(
        slug="alleanza-sud-sud-est-milano",
        interim_reach=(Reach("families", 2, 70),),
        final_reach=(Reach("families", 2, 176),),
        spent_share=Decimal("0.88"),
        indicator_share=Decimal("0.88"),
        representative=("spazioaperto@conciliare.demo", "Giulia Ferri"),
    ),
    Story(
        slug="labor-ambito-lodi",
        interim_reach=(Reach("citizens", 1, 210), Reach("firms", 4, 9)),
        final_reach=(Reach("citizens", 1, 540), Reach("firms", 4, 27)),
        interim_submitted=datetime(2021, 8, 6, 9, 0, tzinfo=UTC),
        representative=("lodigiano@conciliare.demo", "Paolo Bassi"),
    ),
)

DESCRIPTIONS: dict[str, tuple[str, str]] = {
    BudgetCategory.PERSONNEL: ("Ore del personale dedicato al progetto", ""),
    BudgetCategory.SERVICES: (
        "Servizi di conciliazione erogati ai destinatari",
        "Cooperativa Il Melograno",
    ),
    BudgetCategory.VOUCHERS: ("Rimborsi ai destinatari (voucher)", ""),
    BudgetCategory.EQUIPMENT: ("Materiali per le attività", "Forniture Ufficio Srl"),
    BudgetCategory.COMMUNICATION: (
        "Campagna di comunicazione e materiali informativi",
        "Studio Grafico Naviglio",
    ),
    BudgetCategory.MANAGEMENT: ("Coordinamento e segreteria del progetto", ""),
}


def ensure_demo_monitoring(*, officer: User, admin: User) -> bool:
    """Carry the 2020 projects through once; False when already done."""
    agreements = list(
        Agreement.objects.filter(
            ats__slug="milano",
            project__period__slug="2020-2023",
            signed_on__isnull=False,
        ).select_related("project__alliance__lead", "project__application")
    )
    if not agreements or any(a.project.reports.exists() for a in agreements):
        return False
    by_slug = {a.project.alliance.slug: a for a in agreements}
    document = demo_pdf(
        "Documento giustificativo di spesa",
        "Documento dimostrativo",
        ["Fattura, cedolino o dichiarazione sostitutiva allegata al rendiconto."],
    )
    with mail_withheld(), transaction.atomic():
        for index, story in enumerate(STORIES):
            agreement = by_slug.get(story.slug)
            if agreement is None:
                continue
            lead = _lead_representative(agreement, story, admin=admin)
            _carry_out(
                index=index,
                story=story,
                agreement=agreement,
                lead=lead,
                officer=officer,
                pdf=document,
            )
    return True


def _lead_representative(agreement: Agreement, story: Story, *, admin: User) -> User:
    lead = agreement.project.alliance.lead
    existing = (
        User.objects.filter(
            role_assignments__organisation=lead,
            role_assignments__role=Role.ORGANISATION_REPRESENTATIVE,
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    email, full_name = story.representative or (
        f"{story.slug}@conciliare.demo",
        "Referente del capofila",
    )
    return ensure_representative(
        admin=admin, email=email, full_name=full_name, organisation=lead
    )


def _carry_out(
    *,
    index: int,
    story: Story,
    agreement: Agreement,
    lead: User,
    officer: User,
    pdf: bytes,
) -> None:
    project = agreement.project
    act, act_date, paid_on = ADVANCE_ACT
    with replayed_at(_moment(paid_on)):
        payment_record(
            actor=officer,
            project=project,
            kind=PaymentKind.ADVANCE,
            act_number=f"{act}/{index + 1}",
            act_date=act_date,
            paid_on=paid_on,
        )
    with replayed_at(_moment(STARTED_ON)):
        project = project_start(actor=lead, project=project, started_on=STARTED_ON)
    deadlines = {d.kind: d for d in agreement.deadlines.all()}
    lines = list(
        ApplicationBudgetLine.objects.filter(application=project.application)
        .select_related("organisation")
        .order_by("pk")
    )
    interim = _report(
        project=project,
        lead=lead,
        officer=officer,
        kind=ReportKind.INTERIM,
        deadline=deadlines.get(DeadlineKind.INTERIM_REPORT),
        period=(STARTED_ON, INTERIM_END),
        reach=story.interim_reach,
        indicator_share=story.indicator_share * Decimal("0.45"),
        submitted=story.interim_submitted,
    )
    interim_statement = _statement(
        project=project,
        lead=lead,
        officer=officer,
        kind=StatementKind.INTERIM,
        period=(STARTED_ON, INTERIM_END),
        amounts=[(line, _cents(line.cost * Decimal("0.4"))) for line in lines],
        pdf=pdf,
        seed=20210915 + index,
        close=True,
        reduce=False,
        submitted=story.interim_submitted,
    )
    with replayed_at(_moment(ENDED_ON)):
        project = project_complete(actor=lead, project=project, ended_on=ENDED_ON)
    final = _report(
        project=project,
        lead=lead,
        officer=officer,
        kind=ReportKind.FINAL,
        deadline=deadlines.get(DeadlineKind.FINAL_REPORT),
        period=(STARTED_ON, ENDED_ON),
        reach=story.final_reach,
        indicator_share=story.indicator_share,
        submitted=story.final_submitted,
    )
    final_statement = _statement(
        project=project,
        lead=lead,
        officer=officer,
        kind=StatementKind.FINAL,
        period=(INTERIM_END + timedelta(days=1), ENDED_ON),
        amounts=[
            (
                line,
                _cents(line.cost * story.spent_share)
                - _cents(line.cost * Decimal("0.4")),
            )
            for line in lines
        ],
        pdf=pdf,
        seed=20230920 + index,
        close=not story.awaiting_check,
        reduce=True,
        submitted=story.final_submitted,
    )
    if not story.awaiting_check:
        act, act_date, paid_on = BALANCE_ACT
        project.refresh_from_db()
        with replayed_at(_moment(paid_on)):
            payment_record(
                actor=officer,
                project=project,
                kind=PaymentKind.BALANCE,
                act_number=f"{act}/{index + 1}",
                act_date=act_date,
                paid_on=paid_on,
            )
    _backdate_report(interim, story.interim_submitted)
    _backdate_report(final, story.final_submitted)
    _backdate_statement(interim_statement, story.interim_submitted)
    _backdate_statement(final_statement, story.final_submitted)


def _report(
    *,
    project: Project,
    lead: User,
    officer: User,
    kind: str,
    deadline: Any,
    period: tuple[date, date],
    reach: tuple[Reach, ...],
    indicator_share: Decimal,
    submitted: datetime,
) -> MonitoringReport:
    with replayed_at(submitted - timedelta(days=12)):
        report = _report_drafted(
            project=project,
            lead=lead,
            kind=kind,
            deadline=deadline,
            period=period,
            reach=reach,
            indicator_share=indicator_share,
        )
    with replayed_at(submitted):
        report = report_submit(actor=lead, report=report)
    with replayed_at(submitted + timedelta(days=14)):
        return report_accept(
            actor=officer,
            report=report,
            note="Relazione completa e coerente con il progetto approvato.",
        )


def _report_drafted(
    *,
    project: Project,
    lead: User,
    kind: str,
    deadline: Any,
    period: tuple[date, date],
    reach: tuple[Reach, ...],
    indicator_share: Decimal,
) -> MonitoringReport:
    report = report_create(
        actor=lead,
        project=project,
        kind=kind,
        deadline=deadline,
        period_start=period[0],
        period_end=period[1],
    )
    final = kind == ReportKind.FINAL
    report = report_update(
        actor=lead,
        report=report,
        version=report.version,
        data={
            "period_start": period[0],
            "period_end": period[1],
            "activities": _activities(project, final=final),
            "narrative": _narrative(project, final=final),
        },
    )
    areas = {
        a.number: a for a in InterventionArea.objects.filter(period=project.period)
    }
    report_reach_save(
        actor=lead,
        report=report,
        rows=[
            {
                "kind": row.kind,
                "area": areas.get(row.area),
                "reached": row.reached,
                "women": row.women,
                "men": row.men,
            }
            for row in reach
        ],
    )
    report.refresh_from_db()
    report_indicators_save(
        actor=lead,
        report=report,
        values=[
            {
                "pk": value.pk,
                "value": (value.target * indicator_share).quantize(
                    Decimal(1), ROUND_HALF_UP
                ),
                "note": "",
            }
            for value in report.indicator_values.all()
        ],
    )
    report.refresh_from_db()
    return report


def _statement(
    *,
    project: Project,
    lead: User,
    officer: User,
    kind: str,
    period: tuple[date, date],
    amounts: list[tuple[ApplicationBudgetLine, Decimal]],
    pdf: bytes,
    seed: int,
    close: bool,
    reduce: bool,
    submitted: datetime,
) -> ExpenditureStatement:
    with replayed_at(submitted - timedelta(days=12)):
        statement = _statement_filled(
            project=project,
            lead=lead,
            kind=kind,
            period=period,
            amounts=amounts,
            pdf=pdf,
        )
    with replayed_at(submitted):
        statement = statement_submit(actor=lead, statement=statement)
    if not close:
        return statement
    with replayed_at(submitted + timedelta(days=20)):
        if statement.expenses.filter(
            evidence=ExpenseEvidence.SELF_DECLARATION
        ).exists():
            statement_sample_draw(actor=officer, statement=statement, seed=seed)
    with replayed_at(submitted + timedelta(days=45)):
        return _statement_checked(statement=statement, officer=officer, reduce=reduce)


def _statement_filled(
    *,
    project: Project,
    lead: User,
    kind: str,
    period: tuple[date, date],
    amounts: list[tuple[ApplicationBudgetLine, Decimal]],
    pdf: bytes,
) -> ExpenditureStatement:
    statement = statement_create(
        actor=lead,
        project=project,
        kind=kind,
        period_start=period[0],
        period_end=period[1],
    )
    lead_id = project.alliance.lead_id
    number = 0
    for line, amount in amounts:
        if amount <= 0:
            continue
        first = _cents(amount * Decimal("0.55"))
        for part, share in enumerate((first, amount - first)):
            number += 1
            description, supplier = DESCRIPTIONS.get(line.category, ("Spesa", ""))
            self_declared = (
                line.category == BudgetCategory.PERSONNEL
                and line.organisation_id != lead_id
                and part == 1
            )
            expense_add(
                actor=lead,
                statement=statement,
                data={
                    "organisation": line.organisation,
                    "category": line.category,
                    "description": description,
                    "supplier": supplier or line.organisation.legal_name[:255],
                    "evidence": (
                        ExpenseEvidence.SELF_DECLARATION
                        if self_declared
                        else ExpenseEvidence.INVOICE
                    ),
                    "document_number": f"{number}/{period[1].year}",
                    "document_date": period[0] + timedelta(days=30 * (number % 9) + 5),
                    "amount": share,
                },
                file=ContentFile(pdf, name=f"giustificativo-{number}.pdf"),
            )
    return statement


def _statement_checked(
    *, statement: ExpenditureStatement, officer: User, reduce: bool
) -> ExpenditureStatement:
    expenses = list(Expense.objects.filter(statement=statement).order_by("pk"))
    reduced = False
    for expense in expenses:
        if expense.sampled:
            expense_verify(
                actor=officer,
                expense=expense,
                outcome=Verification.CONFIRMED,
                note="Verificati i fogli presenze e i contratti del personale.",
            )
        if reduce and not reduced and expense.category == BudgetCategory.COMMUNICATION:
            expense_check(
                actor=officer,
                expense=expense,
                outcome=ExpenseCheck.PARTLY_ELIGIBLE,
                eligible_amount=_cents(expense.amount * Decimal("0.9")),
                reason="Quota IVA detraibile dal partner: non ammissibile.",
            )
            reduced = True
        else:
            expense_check(actor=officer, expense=expense, outcome=ExpenseCheck.ELIGIBLE)
    return statement_close(
        actor=officer, statement=statement, note="Spese verificate al 100%."
    )


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def _activities(project: Project, *, final: bool) -> str:
    if final:
        return (
            "Servizi di conciliazione erogati per tutta la durata del progetto; "
            "sportello informativo aperto due giorni a settimana; consulenze alle "
            "imprese della rete; evento finale di restituzione dei risultati."
        )
    return (
        "Avvio dello sportello informativo e dei servizi; presentazione del "
        "progetto alle imprese e ai Comuni dell'ambito; primi voucher erogati."
    )


def _narrative(project: Project, *, final: bool) -> str:
    if final:
        return (
            f"Il progetto «{project.title}» si è concluso il 31/05/2023. Le "
            "attività previste sono state realizzate; la domanda delle famiglie "
            "è cresciuta nel secondo anno, dopo la fine delle restrizioni."
        )
    return (
        f"Nel primo anno il progetto «{project.title}» ha avviato tutte le "
        "azioni; le restrizioni sanitarie hanno rallentato le attività in "
        "presenza, in parte sostituite da servizi a distanza."
    )


def _backdate_report(report: MonitoringReport, submitted: datetime) -> None:
    MonitoringReport.objects.filter(pk=report.pk).update(
        created_at=submitted - timedelta(days=12),
        submitted_at=submitted,
        decided_at=submitted + timedelta(days=14),
    )


def _backdate_statement(statement: ExpenditureStatement, submitted: datetime) -> None:
    checked = submitted + timedelta(days=45)
    rows = ExpenditureStatement.objects.filter(pk=statement.pk)
    rows.update(created_at=submitted - timedelta(days=12), submitted_at=submitted)
    rows.exclude(sampled_at=None).update(sampled_at=submitted + timedelta(days=20))
    rows.exclude(checked_at=None).update(checked_at=checked)
    Expense.objects.filter(statement=statement).exclude(checked_at=None).update(
        checked_at=checked
    )
