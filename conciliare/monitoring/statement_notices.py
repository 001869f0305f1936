"""The e-mails about an expenditure statement, in Italian, sent once the
transaction commits: its submission to the ATS's officers, the end of the
check, a request for changes and a reopening to the lead body."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.core.mail import mail_on_commit
from conciliare.core.money import euro
from conciliare.monitoring.links import statement_link
from conciliare.monitoring.models import ExpenditureStatement, StatementKind
from conciliare.monitoring.recipients import lead_recipients, officer_recipients


def _values(statement: ExpenditureStatement) -> dict[str, str]:
    label = str(StatementKind(statement.kind).label)
    return {
        "Kind": label,
        "kind": label.lower(),
        "number": str(statement.number),
        "project": statement.project.title,
        "code": statement.project.code,
        "link": statement_link(statement),
    }


def statement_submitted_notify(
    statement: ExpenditureStatement, declared: Decimal
) -> None:
    """The notice of a statement sent, to the ATS's officers."""
    with override("it"):
        values = {**_values(statement), "declared": euro(declared)}
        subject = _("%(Kind)s n. %(number)s inviato: %(code)s") % values
        body = (
            _(
                "L'ente capofila del progetto «%(project)s» (%(code)s) ha inviato il "
                "%(kind)s n. %(number)s, per %(declared)s di spese dichiarate.\n\n"
                "Verificarlo qui: %(link)s"
            )
            % values
        )
    mail_on_commit(subject, body, officer_recipients(statement.ats_id))


def statement_checked_notify(
    statement: ExpenditureStatement, declared: Decimal, eligible: Decimal
) -> None:
    """The end of the check, with the totals, to the lead body."""
    with override("it"):
        values = {
            **_values(statement),
            "declared": euro(declared),
            "eligible": euro(eligible),
            "note": statement.officer_note,
        }
        subject = _("%(Kind)s n. %(number)s verificato: %(code)s") % values
        body = (
            _(
                "L'ATS ha concluso la verifica del %(kind)s n. %(number)s del "
                "progetto «%(project)s» (%(code)s): spese dichiarate %(declared)s, "
                "spese ammissibili %(eligible)s."
            )
            % values
        )
        if statement.officer_note:
            body += "\n\n" + _("Osservazioni dell'ATS: %(note)s") % values
        body += "\n\n" + _("Il rendiconto si consulta qui: %(link)s") % values
    mail_on_commit(subject, body, lead_recipients(statement.project))


def statement_changes_requested_notify(statement: ExpenditureStatement) -> None:
    """The ATS's request for changes, to the lead body."""
    with override("it"):
        values = {**_values(statement), "note": statement.officer_note}
        subject = _("%(Kind)s n. %(number)s da integrare: %(code)s") % values
        body = (
            _(
                "L'ATS chiede di integrare il %(kind)s n. %(number)s del progetto "
                "«%(project)s» (%(code)s).\n\nOsservazioni dell'ATS:\n%(note)s\n\n"
                "Il rendiconto si modifica qui: %(link)s"
            )
            % values
        )
    mail_on_commit(subject, body, lead_recipients(statement.project))


def statement_reopened_notify(statement: ExpenditureStatement, reason: str) -> None:
    """A checked statement reopened, with the reason, to the lead body."""
    with override("it"):
        values = {**_values(statement), "reason": reason}
        subject = _("%(Kind)s n. %(number)s riaperto: %(code)s") % values
        body = (
            _(
                "L'ATS ha riaperto il %(kind)s n. %(number)s del progetto "
                "«%(project)s» (%(code)s), già verificato, per una nuova verifica."
                "\n\nMotivo: %(reason)s\n\nIl rendiconto si consulta qui: %(link)s"
            )
            % values
        )
    mail_on_commit(subject, body, lead_recipients(statement.project))
