"""The lead body's side of the monitoring reports (relazioni di
monitoraggio), interim and final, on the schedule of the agreement.

The lead body's representatives start a report for one of the agreement's
deadlines, fill it in (dates, activities, narrative, the beneficiaries
reached and the indicators of ``report_figure_services``, the attachments)
and submit it; the ATS's side is in ``report_review_services``. Every save
carries the version the person started from (optimistic lock,
``report_locks``) and writes an audit event.
"""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.documents.validators import validate_upload
from conciliare.monitoring.models import (
    MonitoringReport,
    ReportAttachment,
    ReportKind,
    ReportStatus,
)
from conciliare.monitoring.project_services import REPORTING_OPEN_IN
from conciliare.monitoring.report_figure_services import (
    report_figures_from_application,
    report_figures_from_report,
)
from conciliare.monitoring.report_locks import (
    report_lock_for_edit,
    report_version_bump,
)
from conciliare.monitoring.report_notices import report_submitted_notify
from conciliare.plans.models import (
    Agreement,
    AgreementDeadline,
    AgreementStatus,
    DeadlineKind,
)
from conciliare.projects.models import Project

#: The agreement's deadline kind of each report kind.
DEADLINE_KIND: dict[str, str] = {
    ReportKind.INTERIM: DeadlineKind.INTERIM_REPORT,
    ReportKind.FINAL: DeadlineKind.FINAL_REPORT,
}
GENERAL_FIELDS = ("period_start", "period_end", "activities", "narrative")
_TEXT_FIELDS = frozenset({"activities", "narrative"})
_AUDIT_TEXT_LENGTH = 80


# -- reads the services share ----------------------------------------------------


def report_missing(report: MonitoringReport) -> list[str]:
    """What the report still lacks to be submitted, in plain language."""
    missing: list[str] = []
    if not report.activities.strip():
        missing.append(_("Descrivere le attività realizzate."))
    if not report.narrative.strip():
        missing.append(_("Scrivere la relazione sull'andamento del progetto."))
    if report.kind == ReportKind.FINAL:
        if not any(row.reached > 0 for row in report.reach.all()):
            missing.append(
                _("Indicare almeno un gruppo di destinatari effettivamente raggiunti.")
            )
        without = [
            row.name for row in report.indicator_values.all() if row.value is None
        ]
        if without:
            missing.append(
                _("Indicare il valore raggiunto degli indicatori: %(names)s.")
                % {"names": ", ".join(without)}
            )
    return missing


def report_period_default(
    *, project: Project, kind: str, deadline: AgreementDeadline | None = None
) -> tuple[date, date]:
    """The period a new report covers unless the lead body says otherwise:
    from the day after the previous report (from the start of the project
    for the first one) to the end of the activities for the final report,
    to today (or the deadline, if earlier) for an interim one."""
    today = timezone.localdate()
    previous = (
        MonitoringReport.objects.filter(project=project)
        .order_by("-period_end", "-pk")
        .values_list("period_end", flat=True)
        .first()
    )
    start = (
        previous + timedelta(days=1)
        if previous is not None
        else project.starts_on or today
    )
    if kind == ReportKind.FINAL:
        end = project.ends_on or today
    else:
        end = min(today, deadline.due_on) if deadline is not None else today
    return start, max(start, end)


# -- creation ----------------------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    actor: User,
    project: Project,
    kind: str,
    period_start: date,
    period_end: date,
    deadline: AgreementDeadline | None = None,
) -> MonitoringReport:
    """Start the ``kind`` report of ``project`` for ``deadline`` (the first
    free deadline of that kind when not given), with the application's
    indicators and target groups, or the figures of the last accepted report.

    Raises PermissionDenied, ApplicationError or ValidationError."""
    ensure_perm(actor, "monitoring.report_on_project", project)
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("alliance__lead", "period", "application")
        .get(pk=project.pk)
    )
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Scegliere il tipo di relazione.")})
    _creatable_check(project, kind)
    agreement = Agreement.objects.filter(
        project=project, status=AgreementStatus.SIGNED
    ).first()
    if agreement is None:
        raise ApplicationError(
            _("Le relazioni si presentano dopo la sottoscrizione della convenzione.")
        )
    deadline = _deadline_for(agreement=agreement, kind=kind, deadline=deadline)
    if (
        kind == ReportKind.FINAL
        and MonitoringReport.objects.filter(
            project=project, kind=ReportKind.FINAL
        ).exists()
    ):
        raise ApplicationError(
            _("Il progetto ha già la sua relazione finale."), field="kind"
        )
    _period_check(period_start, period_end)
    report = MonitoringReport.objects.create(
        project=project,
        ats_id=project.ats_id,
        deadline=deadline,
        kind=kind,
        due_on=deadline.due_on if deadline is not None else None,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    previous = (
        MonitoringReport.objects.filter(project=project, status=ReportStatus.ACCEPTED)
        .exclude(pk=report.pk)
        .order_by("-period_end", "-pk")
        .first()
    )
    if previous is not None:
        report_figures_from_report(report, previous)
    else:
        report_figures_from_application(report, project)
    event_record(
        actor=actor,
        verb="report.create",
        target=report,
        to_state=report.status,
        changes={
            "kind": [None, kind],
            "due_on": [None, str(report.due_on or "")],
            "period_start": [None, str(period_start)],
            "period_end": [None, str(period_end)],
        },
        note=_("Dati ripresi dalla relazione accettata del %(date)s.")
        % {"date": f"{previous.period_end:%d/%m/%Y}"}
        if previous is not None
        else "",
    )
    return report


def _creatable_check(project: Project, kind: str) -> None:
    if project.status in REPORTING_OPEN_IN[kind]:
        return
    if kind == ReportKind.FINAL:
        message = _(
            "La relazione finale si presenta a progetto concluso: il progetto è "
            "«%(status)s»."
        )
    else:
        message = _(
            "La relazione intermedia si presenta a progetto avviato: il progetto è "
            "«%(status)s»."
        )
    raise ApplicationError(
        message % {"status": project.get_status_display()}, field="kind"
    )


def _deadline_for(
    *, agreement: Agreement, kind: str, deadline: AgreementDeadline | None
) -> AgreementDeadline | None:
    """The deadline the report answers (checked), or the first free one."""
    if deadline is None:
        return (
            AgreementDeadline.objects.filter(
                agreement=agreement, kind=DEADLINE_KIND[kind], report__isnull=True
            )
            .order_by("due_on", "pk")
            .first()
        )
    if deadline.agreement_id != agreement.pk:
        raise ValidationError(
            {"deadline": _("La scadenza non è della convenzione di questo progetto.")}
        )
    if deadline.kind != DEADLINE_KIND[kind]:
        raise ValidationError(
            {
                "deadline": _(
                    "La scadenza scelta è per la «%(deadline)s»: scegliere una "
                    "scadenza dello stesso tipo della relazione."
                )
                % {"deadline": deadline.get_kind_display()}
            }
        )
    if MonitoringReport.objects.filter(deadline=deadline).exists():
        raise ValidationError(
            {"deadline": _("Per questa scadenza è già stata avviata una relazione.")}
        )
    return deadline


def _period_check(period_start: date | None, period_end: date | None) -> None:
    errors: dict[str, str] = {}
    if period_start is None:
        errors["period_start"] = _("Indicare l'inizio del periodo.")
    if period_end is None:
        errors["period_end"] = _("Indicare la fine del periodo.")
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = _("La fine del periodo non può precedere il suo inizio.")
    if errors:
        raise ValidationError(errors)


# -- the lead body's edits ---------------------------------------------------------


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _AUDIT_TEXT_LENGTH:
        return value[: _AUDIT_TEXT_LENGTH - 1] + "…"
    return value


@transaction.atomic
def report_update(
    *, actor: User, report: MonitoringReport, version: int, data: dict[str, Any]
) -> MonitoringReport:
    """Save the general section (only the keys of ``data`` among
    ``GENERAL_FIELDS``). Raises PermissionDenied, StaleReport,
    ApplicationError or ValidationError."""
    unknown = set(data) - set(GENERAL_FIELDS)
    if unknown:
        raise TypeError(f"report_update() cannot change {sorted(unknown)}")
    report = report_lock_for_edit(actor=actor, report=report, version=version)
    before = {field: getattr(report, field) for field in data}
    for field, value in data.items():
        setattr(report, field, value.strip() if field in _TEXT_FIELDS else value)
    _period_check(report.period_start, report.period_end)
    after = {field: getattr(report, field) for field in data}
    changes = changes_between(
        {k: _short(v) for k, v in before.items()},
        {k: _short(v) for k, v in after.items()},
    )
    if before == after:
        return report
    report_version_bump(report, *data)
    event_record(actor=actor, verb="report.update", target=report, changes=changes)
    return report


@transaction.atomic
def report_attachment_add(
    *,
    actor: User,
    report: MonitoringReport,
    file: "File[bytes]",
    description: str,
) -> ReportAttachment:
    """Attach ``file`` (a private document of the ATS) with its description.
    Raises PermissionDenied, ApplicationError or ValidationError."""
    report = report_lock_for_edit(actor=actor, report=report)
    description = (description or "").strip()
    errors: dict[str, list[str]] = {}
    if not description:
        errors["description"] = [_("Descrivere il contenuto dell'allegato.")]
    try:
        validate_upload(file)
    except ValidationError as exc:
        errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        document = document_store(
            actor=actor,
            data={
                "title": description[:255],
                "kind": DocumentKind.REPORT,
                "valid_from": timezone.localdate(),
                "is_public": False,
                "ats": report.ats,
                "period": report.project.period,
            },
            file=file,
            note=str(report),
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    attachment = ReportAttachment.objects.create(
        report=report,
        document=document,
        description=description[:255],
        uploaded_by=actor,
    )
    report_version_bump(report)
    event_record(
        actor=actor,
        verb="report.attachment_add",
        target=report,
        changes={"attachments": [None, description]},
        note=document.original_filename,
    )
    return attachment


@transaction.atomic
def report_attachment_remove(*, actor: User, attachment: ReportAttachment) -> None:
    """Take an attachment off the report (the document itself is kept)."""
    report = report_lock_for_edit(actor=actor, report=attachment.report)
    attachment = ReportAttachment.objects.select_related("document").get(
        pk=attachment.pk, report=report
    )
    description = attachment.description
    filename = attachment.document.original_filename
    attachment.delete()
    report_version_bump(report)
    event_record(
        actor=actor,
        verb="report.attachment_remove",
        target=report,
        changes={"attachments": [description, None]},
        note=filename,
    )


# -- submission ------------------------------------------------------------------


@transaction.atomic
def report_submit(*, actor: User, report: MonitoringReport) -> MonitoringReport:
    """Send the report to the ATS once complete (ValidationError listing
    what is missing otherwise); the lead body gets a receipt, the ATS's
    officers a notice."""
    report = report_lock_for_edit(actor=actor, report=report)
    missing = report_missing(report)
    if missing:
        raise ValidationError(missing)
    before = report.status
    report.transition_to(ReportStatus.SUBMITTED)
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report_version_bump(report, "status", "submitted_at", "submitted_by")
    event_record(
        actor=actor,
        verb="report.submit",
        target=report,
        from_state=before,
        to_state=report.status,
        note=_("Inviata in ritardo.") if report.is_late else "",
    )
    report_submitted_notify(report)
    transaction.on_commit(public_cache_invalidate)
    return report
