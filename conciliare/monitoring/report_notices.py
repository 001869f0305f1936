"""The e-mails about a monitoring report, in Italian, sent once the
transaction commits: the receipt and the notice of a submission, the ATS's
decision and a reopening."""

from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.core.mail import mail_on_commit
from conciliare.monitoring.links import report_link
from conciliare.monitoring.models import MonitoringReport, ReportKind, ReportStatus
from conciliare.monitoring.recipients import lead_recipients, officer_recipients


def _values(report: MonitoringReport) -> dict[str, str]:
    return {
        "kind": str(ReportKind(report.kind).label),
        "project": report.project.title,
        "code": report.project.code,
        "due_on": f"{report.due_on:%d/%m/%Y}" if report.due_on else "-",
        "link": report_link(report),
    }


def report_submitted_notify(report: MonitoringReport) -> None:
    """The lead body's receipt and the ATS's officers' notice."""
    with override("it"):
        values = _values(report)
        subject = _("%(kind)s inviata: %(code)s") % values
        body = (
            _(
                "La %(kind)s del progetto «%(project)s» (%(code)s), in scadenza il "
                "%(due_on)s, è stata inviata all'ATS.\n\n"
                "La relazione si consulta qui: %(link)s"
            )
            % values
        )
        officers_body = (
            _(
                "L'ente capofila del progetto «%(project)s» (%(code)s) ha inviato la "
                "%(kind)s (scadenza %(due_on)s).\n\n"
                "Esaminarla qui: %(link)s"
            )
            % values
        )
    mail_on_commit(subject, body, lead_recipients(report.project))
    mail_on_commit(subject, officers_body, officer_recipients(report.ats_id))


def report_decision_notify(report: MonitoringReport) -> None:
    """The ATS's decision (accepted, or changes asked), to the lead body."""
    with override("it"):
        values = {**_values(report), "note": report.officer_note}
        if report.status == ReportStatus.ACCEPTED:
            subject = _("%(kind)s accettata: %(code)s") % values
            body = (
                _(
                    "L'ATS ha accettato la %(kind)s del progetto «%(project)s» "
                    "(%(code)s)."
                )
                % values
            )
            if report.officer_note:
                body += "\n\n" + _("Osservazioni dell'ATS: %(note)s") % values
        else:
            subject = _("%(kind)s da integrare: %(code)s") % values
            body = (
                _(
                    "L'ATS chiede di integrare la %(kind)s del progetto «%(project)s» "
                    "(%(code)s).\n\nOsservazioni dell'ATS:\n%(note)s"
                )
                % values
            )
        body += "\n\n" + _("La relazione si consulta qui: %(link)s") % values
    mail_on_commit(subject, body, lead_recipients(report.project))


def report_reopened_notify(report: MonitoringReport, reason: str) -> None:
    """The reopening of an accepted report, with its reason, to the lead body."""
    with override("it"):
        values = {**_values(report), "reason": reason}
        subject = _("%(kind)s riaperta: %(code)s") % values
        body = (
            _(
                "L'ATS ha riaperto la %(kind)s del progetto «%(project)s» (%(code)s), "
                "già accettata, per un nuovo esame.\n\nMotivo: %(reason)s\n\n"
                "La relazione si consulta qui: %(link)s"
            )
            % values
        )
    mail_on_commit(subject, body, lead_recipients(report.project))
