"""The ATS's side of the expenditure statements: the officers check every
expense (eligible, partly eligible with the amount, not eligible with the
reason), verify the self-declarations drawn in the sample
(``statement_sample_services``), and close the check or ask for changes. A
checked statement changes only through an audited reopening. Each change
checks ``monitoring.check_statement``, locks the statement and writes an
audit event; a final statement may move the project to or from
*rendicontato*.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.money import CENT, euro
from conciliare.core.permissions import ensure_perm
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    ExpenseEvidence,
    PaymentKind,
    StatementKind,
    StatementStatus,
    Verification,
)
from conciliare.monitoring.project_services import (
    CLOSED_STATUSES,
    project_reported_sync,
)
from conciliare.monitoring.statement_locks import (
    statement_lock,
    statement_lock_for_check,
    statement_version_bump,
)
from conciliare.monitoring.statement_notices import (
    statement_changes_requested_notify,
    statement_checked_notify,
    statement_reopened_notify,
)
from conciliare.monitoring.statement_selectors import statement_totals

#: The outcomes of the officer's check (pending is not one).
CHECK_OUTCOMES = frozenset(
    {
        ExpenseCheck.ELIGIBLE,
        ExpenseCheck.PARTLY_ELIGIBLE,
        ExpenseCheck.NOT_ELIGIBLE,
    }
)
VERIFY_OUTCOMES = frozenset({Verification.CONFIRMED, Verification.NOT_CONFIRMED})


def statement_close_missing(statement: ExpenditureStatement) -> list[str]:
    """What the ATS must still do before closing the check, in plain words
    (empty when the check may be closed)."""
    missing: list[str] = []
    expenses = Expense.objects.filter(statement=statement)
    pending = expenses.filter(check_status=ExpenseCheck.PENDING).count()
    if pending:
        missing.append(
            ngettext(
                "%(count)d spesa è ancora da verificare.",
                "%(count)d spese sono ancora da verificare.",
                pending,
            )
            % {"count": pending}
        )
    declarations = expenses.filter(evidence=ExpenseEvidence.SELF_DECLARATION)
    if statement.sample_seed is None and declarations.exists():
        missing.append(
            _("Estrarre il campione delle autocertificazioni da verificare.")
        )
    unverified = declarations.filter(
        sampled=True, verification=Verification.PENDING
    ).count()
    if unverified:
        missing.append(
            ngettext(
                "%(count)d autocertificazione estratta è ancora da verificare.",
                "%(count)d autocertificazioni estratte sono ancora da verificare.",
                unverified,
            )
            % {"count": unverified}
        )
    return missing


# -- the ATS's check ---------------------------------------------------------------


def _check_state(expense: Expense) -> dict[str, Any]:
    return {
        "check_status": expense.check_status,
        "eligible_amount": expense.eligible_amount,
        "check_reason": expense.check_reason,
        "verification": expense.verification,
        "verification_note": expense.verification_note,
    }


@transaction.atomic
def expense_check(
    *,
    actor: User,
    expense: Expense,
    outcome: str,
    eligible_amount: Decimal | None = None,
    reason: str = "",
) -> Expense:
    """The officer's check of one expense: eligible (the whole amount),
    partly eligible (an amount between zero and the declared one, with the
    reason) or not eligible (with the reason). Only while the statement is
    sent: a checked statement changes only by reopening it."""
    statement = statement_lock_for_check(actor=actor, statement=expense.statement)
    expense = Expense.objects.select_for_update(of=("self",)).get(
        pk=expense.pk, statement=statement
    )
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if outcome not in CHECK_OUTCOMES:
        raise ValidationError({"outcome": _("Scegliere l'esito della verifica.")})
    if (
        expense.verification == Verification.NOT_CONFIRMED
        and outcome != ExpenseCheck.NOT_ELIGIBLE
    ):
        raise ValidationError(
            {
                "outcome": _(
                    "L'autocertificazione non è stata confermata: la spesa non è "
                    "ammissibile."
                )
            }
        )
    if outcome == ExpenseCheck.ELIGIBLE:
        amount: Decimal | None = expense.amount
    elif outcome == ExpenseCheck.NOT_ELIGIBLE:
        amount = Decimal("0.00")
    else:
        amount = _partly_eligible_amount(expense, eligible_amount, errors)
    if outcome != ExpenseCheck.ELIGIBLE and not reason:
        errors["reason"] = [_("Motivare perché la spesa non è ammissibile per intero.")]
    if errors:
        raise ValidationError(errors)
    before = _check_state(expense)
    expense.check_status = outcome
    expense.eligible_amount = amount
    expense.check_reason = reason
    expense.checked_at = timezone.now()
    expense.checked_by = actor
    expense.save(
        update_fields=[
            "check_status",
            "eligible_amount",
            "check_reason",
            "checked_at",
            "checked_by",
        ]
    )
    changes = changes_between(before, _check_state(expense))
    statement_version_bump(statement)
    event_record(
        actor=actor,
        verb="expense.check",
        target=expense,
        from_state=str(before["check_status"]),
        to_state=expense.check_status,
        changes=changes,
        note=reason,
    )
    return expense


def _partly_eligible_amount(
    expense: Expense, value: Decimal | None, errors: dict[str, list[str]]
) -> Decimal | None:
    if value is None:
        errors["eligible_amount"] = [_("Indicare l'importo ammissibile.")]
        return None
    if value != value.quantize(CENT):
        errors["eligible_amount"] = [
            _("Indicare l'importo al centesimo (due decimali).")
        ]
        return None
    if not Decimal(0) < value < expense.amount:
        errors["eligible_amount"] = [
            _(
                "L'importo parzialmente ammissibile è maggiore di zero e minore "
                "dell'importo dichiarato (%(amount)s)."
            )
            % {"amount": euro(expense.amount)}
        ]
        return None
    return value


@transaction.atomic
def expense_verify(
    *, actor: User, expense: Expense, outcome: str, note: str = ""
) -> Expense:
    """The verification of a self-declaration drawn in the sample: confirmed,
    or not confirmed (with the note; the expense is then not eligible). A
    declaration confirmed after being refused is to be checked again."""
    statement = statement_lock_for_check(actor=actor, statement=expense.statement)
    expense = Expense.objects.select_for_update(of=("self",)).get(
        pk=expense.pk, statement=statement
    )
    if not expense.sampled:
        raise ApplicationError(
            _("Si verificano solo le autocertificazioni estratte a campione.")
        )
    note = (note or "").strip()
    if outcome not in VERIFY_OUTCOMES:
        raise ValidationError({"outcome": _("Scegliere l'esito della verifica.")})
    if outcome == Verification.NOT_CONFIRMED and not note:
        raise ValidationError({"note": _("Indicare che cosa non è stato confermato.")})
    before = _check_state(expense)
    previous = expense.verification
    expense.verification = outcome
    expense.verification_note = note
    if outcome == Verification.NOT_CONFIRMED:
        with override("it"):
            reason = _("Autocertificazione non confermata: %(note)s") % {"note": note}
        expense.check_status = ExpenseCheck.NOT_ELIGIBLE
        expense.eligible_amount = Decimal("0.00")
        expense.check_reason = reason
        expense.checked_at = timezone.now()
        expense.checked_by = actor
    elif previous == Verification.NOT_CONFIRMED:
        expense.check_status = ExpenseCheck.PENDING
        expense.eligible_amount = None
        expense.check_reason = ""
        expense.checked_at = None
        expense.checked_by = None
    expense.save(
        update_fields=[
            "verification",
            "verification_note",
            "check_status",
            "eligible_amount",
            "check_reason",
            "checked_at",
            "checked_by",
        ]
    )
    statement_version_bump(statement)
    event_record(
        actor=actor,
        verb="expense.verify",
        target=expense,
        from_state=previous,
        to_state=expense.verification,
        changes=changes_between(before, _check_state(expense)),
        note=note,
    )
    return expense


@transaction.atomic
def statement_close(
    *, actor: User, statement: ExpenditureStatement, note: str = ""
) -> ExpenditureStatement:
    """Close the check once every expense is checked and every sampled
    self-declaration verified (ApplicationError listing what is missing
    otherwise); a final statement may make the project *rendicontato*."""
    statement = statement_lock_for_check(actor=actor, statement=statement)
    missing = statement_close_missing(statement)
    if missing:
        raise ApplicationError(
            _("La verifica non si può ancora chiudere: %(missing)s")
            % {"missing": " ".join(missing)}
        )
    before = statement.status
    statement.transition_to(StatementStatus.CHECKED)
    statement.checked_at = timezone.now()
    statement.checked_by = actor
    statement.officer_note = (note or "").strip()
    statement_version_bump(
        statement, "status", "checked_at", "checked_by", "officer_note"
    )
    totals = statement_totals(statement)
    event_record(
        actor=actor,
        verb="statement.check",
        target=statement,
        from_state=before,
        to_state=statement.status,
        changes={
            "declared": [None, str(totals.declared)],
            "eligible": [None, str(totals.eligible)],
        },
        note=statement.officer_note,
    )
    if statement.kind == StatementKind.FINAL:
        project_reported_sync(actor=actor, project=statement.project)
    statement_checked_notify(statement, totals.declared, totals.eligible)
    transaction.on_commit(public_cache_invalidate)
    return statement


@transaction.atomic
def statement_request_changes(
    *, actor: User, statement: ExpenditureStatement, note: str
) -> ExpenditureStatement:
    """Send the statement back to the lead body with what to change (the
    checks already made stay)."""
    statement = statement_lock_for_check(actor=actor, statement=statement)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {
                "note": _(
                    "Indicare che cosa l'ente capofila deve integrare o correggere."
                )
            }
        )
    before = statement.status
    statement.transition_to(StatementStatus.CHANGES_REQUESTED)
    statement.officer_note = note
    statement_version_bump(statement, "status", "officer_note")
    event_record(
        actor=actor,
        verb="statement.request_changes",
        target=statement,
        from_state=before,
        to_state=statement.status,
        note=note,
    )
    statement_changes_requested_notify(statement)
    transaction.on_commit(public_cache_invalidate)
    return statement


@transaction.atomic
def statement_reopen(
    *, actor: User, statement: ExpenditureStatement, reason: str
) -> ExpenditureStatement:
    """Reopen a checked statement (back to *inviato*, its checks may change
    again), with the reason; refused once the balance is paid or the grant
    revoked. A final statement may take the project back to *concluso*."""
    statement = statement_lock(statement)
    ensure_perm(actor, "monitoring.check_statement", statement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indicare il motivo della riapertura.")})
    if statement.status != StatementStatus.CHECKED:
        raise ApplicationError(_("Si può riaprire solo un rendiconto verificato."))
    project = statement.project
    balance_paid = project.payments.filter(kind=PaymentKind.BALANCE).exists()
    if project.status in CLOSED_STATUSES or balance_paid:
        raise ApplicationError(
            _("Il progetto è «%(status)s»: il rendiconto non può più essere riaperto.")
            % {"status": project.get_status_display()}
        )
    before = statement.status
    statement.transition_to(StatementStatus.SUBMITTED)
    statement.checked_at = None
    statement.checked_by = None
    statement_version_bump(statement, "status", "checked_at", "checked_by")
    event_record(
        actor=actor,
        verb="statement.reopen",
        target=statement,
        from_state=before,
        to_state=statement.status,
        note=reason,
    )
    if statement.kind == StatementKind.FINAL:
        project_reported_sync(actor=actor, project=project)
    statement_reopened_notify(statement, reason)
    transaction.on_commit(public_cache_invalidate)
    return statement
