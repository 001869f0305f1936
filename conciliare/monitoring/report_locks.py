"""The locks of a monitoring report: the row lock every change takes, the
lead body's lock for an edit with the optimistic check of the version the
person started from (``StaleReport``), and the save that moves the version
on."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.monitoring.models import MonitoringReport
from conciliare.monitoring.project_services import project_revoked_refuse


class StaleReport(ApplicationError):  # noqa: N818 (reads as what happened)
    """Someone saved the report after the person opened it."""

    def __init__(self, report: MonitoringReport) -> None:
        last = event_list_for_object(target=report).first()
        who = last.actor if last is not None else _("un altro utente")
        when = timezone.localtime(last.occurred_at if last else report.updated_at)
        super().__init__(
            _(
                "%(person)s ha salvato questa relazione il %(date)s alle %(time)s, "
                "dopo che l'avete aperta: quanto avete scritto qui non è stato "
                "salvato. Copiatelo, ricaricate la pagina per vedere la versione "
                "attuale e riportate le vostre modifiche."
            )
            % {
                "person": who,
                "date": date_format(when, "d/m/Y"),
                "time": date_format(when, "H:i"),
            }
        )


def report_lock(report: MonitoringReport) -> MonitoringReport:
    """The report's row, locked until the transaction ends."""
    return (
        MonitoringReport.objects.select_for_update(of=("self",))
        .select_related("project__alliance__lead", "project__period", "ats")
        .get(pk=report.pk)
    )


def report_lock_for_edit(
    *, actor: User, report: MonitoringReport, version: int | None = None
) -> MonitoringReport:
    """The report locked for a change by the lead body: PermissionDenied
    for anyone else, ApplicationError once submitted or the project revoked,
    StaleReport when ``version`` is not the current one."""
    report = report_lock(report)
    ensure_perm(actor, "monitoring.report_on_project", report.project)
    if not report.is_editable:
        raise ApplicationError(
            _("La relazione è «%(status)s»: non può più essere modificata.")
            % {"status": report.get_status_display()}
        )
    project_revoked_refuse(report.project)
    ensure_perm(actor, "monitoring.edit_report", report)
    if version is not None and report.version != version:
        raise StaleReport(report)
    return report


def report_version_bump(report: MonitoringReport, *fields: str) -> None:
    """Save ``fields`` with the version one up (every save moves it on)."""
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])
