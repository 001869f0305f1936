"""The ATS's side of the monitoring reports: accepting a submitted report,
sending it back to the lead body with what to change, and the audited
reopening of an accepted one. Each decision checks
``monitoring.review_report``, locks the report, writes an audit event and
tells the lead body by e-mail after the commit; a final report may move the
project to or from *rendicontato*."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.monitoring.models import MonitoringReport, ReportKind, ReportStatus
from conciliare.monitoring.project_services import (
    CLOSED_STATUSES,
    project_reported_sync,
)
from conciliare.monitoring.report_locks import report_lock, report_version_bump
from conciliare.monitoring.report_notices import (
    report_decision_notify,
    report_reopened_notify,
)


def _decision_lock(*, actor: User, report: MonitoringReport) -> MonitoringReport:
    report = report_lock(report)
    ensure_perm(actor, "monitoring.review_report", report)
    return report


@transaction.atomic
def report_accept(
    *, actor: User, report: MonitoringReport, note: str = ""
) -> MonitoringReport:
    """The ATS accepts the submitted report (a final one may make the
    project *rendicontato*)."""
    report = _decision_lock(actor=actor, report=report)
    before = report.status
    report.transition_to(ReportStatus.ACCEPTED)
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.officer_note = (note or "").strip()
    report_version_bump(report, "status", "decided_at", "decided_by", "officer_note")
    event_record(
        actor=actor,
        verb="report.accept",
        target=report,
        from_state=before,
        to_state=report.status,
        note=report.officer_note,
    )
    if report.kind == ReportKind.FINAL:
        project_reported_sync(actor=actor, project=report.project)
    report_decision_notify(report)
    transaction.on_commit(public_cache_invalidate)
    return report


@transaction.atomic
def report_request_changes(
    *, actor: User, report: MonitoringReport, note: str
) -> MonitoringReport:
    """The ATS sends the report back to the lead body with what to change."""
    report = _decision_lock(actor=actor, report=report)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {
                "note": _(
                    "Indicare che cosa l'ente capofila deve integrare o correggere."
                )
            }
        )
    before = report.status
    report.transition_to(ReportStatus.CHANGES_REQUESTED)
    report.decided_at = timezone.now()
    report.decided_by = actor
    report.officer_note = note
    report_version_bump(report, "status", "decided_at", "decided_by", "officer_note")
    event_record(
        actor=actor,
        verb="report.request_changes",
        target=report,
        from_state=before,
        to_state=report.status,
        note=note,
    )
    report_decision_notify(report)
    transaction.on_commit(public_cache_invalidate)
    return report


@transaction.atomic
def report_reopen(
    *, actor: User, report: MonitoringReport, reason: str
) -> MonitoringReport:
    """Reopen an accepted report (back to *inviata*, for a new decision),
    with its reason; refused once the balance is paid or the grant revoked."""
    report = _decision_lock(actor=actor, report=report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indicare il motivo della riapertura.")})
    if report.status != ReportStatus.ACCEPTED:
        raise ApplicationError(_("Si può riaprire solo una relazione accettata."))
    if report.project.status in CLOSED_STATUSES:
        raise ApplicationError(
            _("Il progetto è «%(status)s»: la relazione non può più essere riaperta.")
            % {"status": report.project.get_status_display()}
        )
    before = report.status
    report.transition_to(ReportStatus.SUBMITTED)
    report.decided_at = None
    report.decided_by = None
    report_version_bump(report, "status", "decided_at", "decided_by")
    event_record(
        actor=actor,
        verb="report.reopen",
        target=report,
        from_state=before,
        to_state=report.status,
        note=reason,
    )
    if report.kind == ReportKind.FINAL:
        project_reported_sync(actor=actor, project=report.project)
    report_reopened_notify(report, reason)
    transaction.on_commit(public_cache_invalidate)
    return report
