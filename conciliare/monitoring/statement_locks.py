"""The locks of an expenditure statement: the row lock every change takes,
the lead body's lock for an edit, the ATS's lock for its check, and the save
that moves the version on."""

from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.monitoring.models import ExpenditureStatement, StatementStatus
from conciliare.monitoring.project_services import project_revoked_refuse


def statement_lock(statement: ExpenditureStatement) -> ExpenditureStatement:
    """The statement's row, locked until the transaction ends."""
    return (
        ExpenditureStatement.objects.select_for_update(of=("self",))
        .select_related("project__alliance__lead", "project__period", "ats")
        .get(pk=statement.pk)
    )


def statement_version_bump(statement: ExpenditureStatement, *fields: str) -> None:
    """Save ``fields`` with the version one up (every save moves it on)."""
    statement.version += 1
    statement.save(update_fields=[*fields, "version", "updated_at"])


def statement_lock_for_edit(
    *, actor: User, statement: ExpenditureStatement
) -> ExpenditureStatement:
    """The statement locked for a change by the lead body: PermissionDenied
    for anyone else, ApplicationError once sent or the project revoked."""
    statement = statement_lock(statement)
    ensure_perm(actor, "monitoring.report_on_project", statement.project)
    if not statement.is_editable:
        raise ApplicationError(
            _("Il rendiconto è «%(status)s»: non può più essere modificato.")
            % {"status": statement.get_status_display()}
        )
    project_revoked_refuse(statement.project)
    ensure_perm(actor, "monitoring.edit_statement", statement)
    return statement


def statement_lock_for_check(
    *, actor: User, statement: ExpenditureStatement
) -> ExpenditureStatement:
    """The statement locked for the ATS's check: PermissionDenied for
    anyone but the ATS's officers, ApplicationError unless it is sent."""
    statement = statement_lock(statement)
    ensure_perm(actor, "monitoring.check_statement", statement)
    if statement.status != StatementStatus.SUBMITTED:
        if statement.status == StatementStatus.CHECKED:
            message = _(
                "Il rendiconto è già verificato: si modifica solo riaprendolo, "
                "con il motivo."
            )
        else:
            message = _(
                "Il rendiconto è «%(status)s»: si verifica dopo l'invio dell'ente "
                "capofila."
            ) % {"status": statement.get_status_display()}
        raise ApplicationError(message)
    project_revoked_refuse(statement.project)
    return statement
