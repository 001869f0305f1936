"""A funded project's own states after its agreement: started, completed,
reported (its final report accepted and its final statement checked). The
balance and the revocation move it on from there (``payment_services``).
Each change checks the permission and writes an audit event."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError, InvalidTransition
from conciliare.core.permissions import ensure_perm
from conciliare.monitoring.models import (
    ExpenditureStatement,
    MonitoringReport,
    ReportKind,
    ReportStatus,
    StatementKind,
    StatementStatus,
)
from conciliare.projects.models import Project, ProjectStatus

#: A closed project: its reports and statements can no longer be reopened,
#: it owes no more reports and its grant can no longer be revoked.
CLOSED_STATUSES = frozenset({ProjectStatus.BALANCE_PAID, ProjectStatus.REVOKED})
#: The project statuses in which the lead body may start a report or a
#: statement of each kind (``ReportKind`` and ``StatementKind`` share them).
REPORTING_OPEN_IN: dict[str, frozenset[str]] = {
    "interim": frozenset({ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED}),
    "final": frozenset({ProjectStatus.COMPLETED}),
}
#: The statuses in which it may start one of some kind.
REPORTING_STATUSES = frozenset().union(*REPORTING_OPEN_IN.values())


def project_revoked_refuse(project: Project) -> None:
    """ApplicationError when the project's grant was revoked: its reports
    and statements no longer change."""
    if project.status == ProjectStatus.REVOKED:
        raise ApplicationError(_("Il contributo del progetto è stato revocato."))


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).get(pk=project.pk)


def _movable(project: Project, target: str) -> None:
    """InvalidTransition before any date is checked: a project not started
    is refused as such, not for a date."""
    if not project.can_transition_to(target):
        raise InvalidTransition(
            current=project.status_label, target=str(ProjectStatus(target).label)
        )


def _move(
    *,
    actor: User,
    project: Project,
    target: str,
    verb: str,
    note: str = "",
    changes: dict[str, list[str]] | None = None,
) -> Project:
    before = project.status
    project.transition_to(target)
    project.save(update_fields=["status", "starts_on", "ends_on", "updated_at"])
    event_record(
        actor=actor,
        verb=verb,
        target=project,
        from_state=before,
        to_state=project.status,
        changes=changes,
        note=note,
    )
    transaction.on_commit(public_cache_invalidate)
    return project


@transaction.atomic
def project_start(*, actor: User, project: Project, started_on: date) -> Project:
    """The activities began on ``started_on`` (not in the future, not before
    the agreement was signed)."""
    ensure_perm(actor, "monitoring.declare_progress", project)
    project = _locked(project)
    _movable(project, ProjectStatus.IN_PROGRESS)
    if started_on > timezone.localdate():
        raise ValidationError(
            {"started_on": _("La data di avvio non può essere nel futuro.")}
        )
    signed_on = getattr(getattr(project, "agreement", None), "signed_on", None)
    if signed_on is not None and started_on < signed_on:
        raise ValidationError(
            {
                "started_on": _(
                    "Le attività non possono iniziare prima della firma della "
                    "convenzione (%(date)s)."
                )
                % {"date": signed_on.strftime("%d/%m/%Y")}
            }
        )
    before = project.starts_on
    project.starts_on = started_on
    if project.ends_on is not None and project.ends_on < started_on:
        project.ends_on = None
    return _move(
        actor=actor,
        project=project,
        target=ProjectStatus.IN_PROGRESS,
        verb="project.start",
        changes={"starts_on": [str(before or ""), str(started_on)]},
    )


@transaction.atomic
def project_complete(*, actor: User, project: Project, ended_on: date) -> Project:
    """The activities ended on ``ended_on`` (not in the future, not before
    they started)."""
    ensure_perm(actor, "monitoring.declare_progress", project)
    project = _locked(project)
    _movable(project, ProjectStatus.COMPLETED)
    if ended_on > timezone.localdate():
        raise ValidationError(
            {"ended_on": _("La data di conclusione non può essere nel futuro.")}
        )
    if project.starts_on is not None and ended_on < project.starts_on:
        raise ValidationError(
            {
                "ended_on": _(
                    "La conclusione non può precedere l'avvio delle attività "
                    "(%(date)s)."
                )
                % {"date": project.starts_on.strftime("%d/%m/%Y")}
            }
        )
    before = project.ends_on
    project.ends_on = ended_on
    return _move(
        actor=actor,
        project=project,
        target=ProjectStatus.COMPLETED,
        verb="project.complete",
        changes={"ends_on": [str(before or ""), str(ended_on)]},
    )


def project_final_accounts_closed(project: Project) -> bool:
    """Its final report is accepted and its final statement checked."""
    return (
        MonitoringReport.objects.filter(
            project=project, kind=ReportKind.FINAL, status=ReportStatus.ACCEPTED
        ).exists()
        and ExpenditureStatement.objects.filter(
            project=project,
            kind=StatementKind.FINAL,
            status=StatementStatus.CHECKED,
        ).exists()
    )


def project_reported_sync(*, actor: User, project: Project) -> Project:
    """Called inside the report and statement services' transactions after a
    final report or statement changes: a completed project whose final
    accounts are closed becomes *rendicontato*; a reported one whose final
    report or statement was reopened goes back to *concluso*."""
    project = _locked(project)
    closed = project_final_accounts_closed(project)
    if closed and project.status == ProjectStatus.COMPLETED:
        return _move(
            actor=actor,
            project=project,
            target=ProjectStatus.REPORTED,
            verb="project.reported",
        )
    if not closed and project.status == ProjectStatus.REPORTED:
        return _move(
            actor=actor,
            project=project,
            target=ProjectStatus.COMPLETED,
            verb="project.reporting_reopened",
        )
    return project
