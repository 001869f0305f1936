"""The lead body's side of the expenditure statements (rendiconti delle
spese).

The lead body's representatives open a statement for a period, list each
expense by partner and budget line with its supporting document, and send
it to the ATS; the ATS's check is in ``statement_check_services``. Each
change checks the permission, locks the statement (``statement_locks``) and
writes an audit event.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.documents.validators import validate_upload
from conciliare.monitoring.expense_data import (
    ExpenseData,
    expense_build,
    expenses_from,
)
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    StatementKind,
    StatementStatus,
)
from conciliare.monitoring.project_services import REPORTING_OPEN_IN
from conciliare.monitoring.statement_locks import (
    statement_lock_for_edit,
    statement_version_bump,
)
from conciliare.monitoring.statement_notices import statement_submitted_notify
from conciliare.monitoring.statement_selectors import statement_totals
from conciliare.projects.models import Project, ProjectStatus

#: A statement not yet checked: no other may be opened meanwhile.
OPEN_STATUSES = frozenset(
    {
        StatementStatus.DRAFT,
        StatementStatus.SUBMITTED,
        StatementStatus.CHANGES_REQUESTED,
    }
)


# -- opening a statement -----------------------------------------------------------


@transaction.atomic
def statement_create(
    *,
    actor: User,
    project: Project,
    kind: str,
    period_start: date | None,
    period_end: date | None,
) -> ExpenditureStatement:
    """Open statement n+1 of ``project`` for the expenses of a period.

    Only the lead body's representatives; an interim statement while the
    project is in progress or completed, the final one (only one) once it is
    completed; one statement at a time (none while another is not checked).
    ValidationError beside the kind and the dates, ApplicationError for the
    project's state."""
    ensure_perm(actor, "monitoring.report_on_project", project)
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("agreement", "ats")
        .get(pk=project.pk)
    )
    if kind not in StatementKind.values:
        raise ValidationError({"kind": _("Scegliere il tipo di rendiconto.")})
    _creatable_check(project, kind)
    period_start, period_end = _period_check(project, period_start, period_end)
    last = ExpenditureStatement.objects.filter(project=project).aggregate(
        last=Max("number")
    )["last"]
    statement = ExpenditureStatement.objects.create(
        project=project,
        ats=project.ats,
        kind=kind,
        number=(last or 0) + 1,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    event_record(
        actor=actor,
        verb="statement.create",
        target=statement,
        to_state=statement.status,
        changes={
            "period_start": [None, period_start.isoformat()],
            "period_end": [None, period_end.isoformat()],
        },
    )
    return statement


def _creatable_check(project: Project, kind: str) -> None:
    if project.status not in REPORTING_OPEN_IN[kind]:
        if kind == StatementKind.FINAL and project.status == ProjectStatus.IN_PROGRESS:
            message = _(
                "Il rendiconto finale si presenta dopo la conclusione delle "
                "attività: registrarla nella pagina del progetto."
            )
        else:
            message = _(
                "Il progetto è «%(status)s»: non si può aprire un nuovo rendiconto."
            ) % {"status": project.get_status_display()}
        raise ApplicationError(message, field="kind")
    statements = ExpenditureStatement.objects.filter(project=project)
    if statements.filter(kind=StatementKind.FINAL).exists():
        raise ApplicationError(
            _(
                "Il rendiconto finale del progetto è già stato aperto: non se "
                "ne possono aprire altri."
            ),
            field="kind",
        )
    open_statement = statements.filter(status__in=OPEN_STATUSES).first()
    if open_statement is not None:
        raise ApplicationError(
            _(
                "Il rendiconto n. %(number)s è ancora «%(status)s»: se ne apre un "
                "altro dopo la verifica dell'ATS."
            )
            % {
                "number": open_statement.number,
                "status": open_statement.get_status_display(),
            }
        )


def _period_check(
    project: Project, period_start: date | None, period_end: date | None
) -> tuple[date, date]:
    """The period, or ValidationError beside each date refused."""
    errors: dict[str, list[str]] = {}
    if period_start is None:
        errors["period_start"] = [_("Indicare l'inizio del periodo.")]
    if period_end is None:
        errors["period_end"] = [_("Indicare la fine del periodo.")]
    first = expenses_from(project)
    if period_start is not None and first is not None and period_start < first:
        errors["period_start"] = [
            _(
                "Il periodo non può iniziare prima della firma della convenzione "
                "o dell'avvio delle attività (%(date)s)."
            )
            % {"date": f"{first:%d/%m/%Y}"}
        ]
    if period_end is not None:
        if period_start is not None and period_end < period_start:
            errors["period_end"] = [
                _("La fine del periodo non può precedere l'inizio.")
            ]
        elif period_end > timezone.localdate():
            errors["period_end"] = [_("La fine del periodo non può essere nel futuro.")]
    if errors or period_start is None or period_end is None:
        raise ValidationError(errors)
    return period_start, period_end


# -- the lead body's expenses ------------------------------------------------------


def _expense_label(expense: Expense) -> str:
    return f"{expense.description} – {expense.document_number} – {expense.amount}"


@transaction.atomic
def expense_add(
    *,
    actor: User,
    statement: ExpenditureStatement,
    data: ExpenseData,
    file: "File[bytes] | None",
) -> Expense:
    """Add an expense with its supporting document (stored as a private
    document of the ATS). ValidationError beside each field refused, and
    then nothing is stored."""
    statement = statement_lock_for_edit(actor=actor, statement=statement)
    expense, errors = expense_build(statement, data)
    if file is None:
        errors["file"] = [_("Allegare il documento giustificativo della spesa.")]
    else:
        try:
            validate_upload(file)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if not errors:
        try:
            expense.full_clean(exclude=["statement", "document", *errors])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors or file is None:
        raise ValidationError(errors)
    # Every check passed: the document is the last thing stored, inside the
    # same transaction, so a refusal leaves neither the expense nor its file.
    with override("it"):
        title = _("Giustificativo n. %(number)s – %(description)s") % {
            "number": expense.document_number,
            "description": expense.description,
        }
    try:
        document = document_store(
            actor=actor,
            data={
                "title": title[:255],
                "kind": DocumentKind.REPORT,
                "act_number": expense.document_number[:50],
                "act_date": expense.document_date,
                "valid_from": timezone.localdate(),
                "is_public": False,
                "ats": statement.ats,
                "period": statement.project.period,
            },
            file=file,
            note=str(statement),
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    expense.document = document
    expense.save()
    statement_version_bump(statement)
    event_record(
        actor=actor,
        verb="statement.expense_add",
        target=statement,
        changes={"expenses": [None, _expense_label(expense)]},
        note=document.original_filename,
    )
    return expense


@transaction.atomic
def expense_remove(*, actor: User, expense: Expense) -> None:
    """Take an expense off a statement still being written (its document is
    kept); an expense drawn for verification stays."""
    statement = statement_lock_for_edit(actor=actor, statement=expense.statement)
    expense = Expense.objects.get(pk=expense.pk, statement=statement)
    if expense.sampled:
        raise ApplicationError(
            _(
                "L'autocertificazione è stata estratta a campione per la verifica: "
                "non può essere eliminata."
            )
        )
    label = _expense_label(expense)
    expense.delete()
    statement_version_bump(statement)
    event_record(
        actor=actor,
        verb="statement.expense_remove",
        target=statement,
        changes={"expenses": [label, None]},
    )


@transaction.atomic
def statement_submit(
    *, actor: User, statement: ExpenditureStatement
) -> ExpenditureStatement:
    """Send the statement to the ATS (it needs at least one expense); the
    ATS's officers are told."""
    statement = statement_lock_for_edit(actor=actor, statement=statement)
    if not Expense.objects.filter(statement=statement).exists():
        raise ApplicationError(
            _("Il rendiconto non contiene spese: aggiungerne almeno una.")
        )
    before = statement.status
    statement.transition_to(StatementStatus.SUBMITTED)
    statement.submitted_at = timezone.now()
    statement.submitted_by = actor
    statement_version_bump(statement, "status", "submitted_at", "submitted_by")
    totals = statement_totals(statement)
    event_record(
        actor=actor,
        verb="statement.submit",
        target=statement,
        from_state=before,
        to_state=statement.status,
        changes={"declared": [None, str(totals.declared)]},
    )
    statement_submitted_notify(statement, totals.declared)
    transaction.on_commit(public_cache_invalidate)
    return statement
