"""A project's history as one list, newest first: the audit events of the
project, its agreement, reports, statements, payments, revocation and
recoveries (one query), and the agreement's report deadlines, upcoming or
past, at their due dates."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from conciliare.audit.models import AuditEvent
from conciliare.monitoring.models import (
    ExpenditureStatement,
    MonitoringReport,
    Payment,
    Recovery,
    Revocation,
)
from conciliare.plans.models import Agreement, AgreementDeadline
from conciliare.projects.models import Project

#: What each recorded action means, in words.
VERB_LABELS: dict[str, Any] = {
    "project.agreement_signed": _("Convenzione sottoscritta"),
    "project.start": _("Avvio delle attività"),
    "project.complete": _("Conclusione delle attività"),
    "project.reported": _("Progetto rendicontato"),
    "project.reporting_reopened": _("Rendicontazione riaperta"),
    "project.balance_paid": _("Saldo erogato"),
    "project.revoke": _("Contributo revocato"),
    "agreement.generate": _("Convenzione predisposta"),
    "agreement.refresh": _("Convenzione aggiornata"),
    "agreement.sign": _("Sottoscrizione della convenzione registrata"),
    "report.create": _("Relazione avviata"),
    "report.update": _("Relazione modificata"),
    "report.reach_save": _("Destinatari raggiunti aggiornati"),
    "report.indicators_save": _("Indicatori aggiornati"),
    "report.attachment_add": _("Allegato aggiunto alla relazione"),
    "report.attachment_remove": _("Allegato tolto dalla relazione"),
    "report.submit": _("Relazione inviata"),
    "report.accept": _("Relazione accettata"),
    "report.request_changes": _("Integrazioni richieste sulla relazione"),
    "report.reopen": _("Relazione riaperta"),
    "statement.create": _("Rendiconto avviato"),
    "statement.expense_add": _("Spesa aggiunta al rendiconto"),
    "statement.expense_remove": _("Spesa tolta dal rendiconto"),
    "statement.submit": _("Rendiconto inviato"),
    "statement.sample_draw": _("Campione di autocertificazioni estratto"),
    "statement.check": _("Rendiconto verificato"),
    "statement.request_changes": _("Integrazioni richieste sul rendiconto"),
    "statement.reopen": _("Rendiconto riaperto"),
    "payment.record": _("Pagamento registrato"),
    "recovery.record": _("Recupero incassato"),
    "demo.project_link": _("Progetto collegato alla domanda finanziata"),
}


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the history: an event (``actor`` set) or a deadline
    (``due_on`` set)."""

    moment: datetime
    label: str
    actor: Any = None
    note: str = ""
    due_on: date | None = None
    #: For an event: what it happened to, to link its page.
    model: type[models.Model] | None = None
    object_id: str = ""
    project_code: str = ""
    #: The same action on the same object by the same person, in a row
    #: (sixteen expenses added to a statement): one line, counted.
    count: int = 1

    def same_action(self, other: "TimelineEntry") -> bool:
        return (
            not self.is_deadline
            and not other.is_deadline
            and (self.label, self.actor, self.model, self.object_id)
            == (other.label, other.actor, other.model, other.object_id)
        )

    @property
    def is_deadline(self) -> bool:
        return self.due_on is not None

    @property
    def is_upcoming(self) -> bool:
        return self.due_on is not None and self.due_on >= timezone.localdate()

    @cached_property
    def url(self) -> str | None:
        """The page of the object (reports and statements), resolved when
        the page is rendered."""
        names: dict[type[models.Model], str] = {
            MonitoringReport: "monitoring:report-detail",
            ExpenditureStatement: "monitoring:statement-detail",
        }
        name = names.get(self.model) if self.model else None
        if name is None or not self.object_id.isdigit():
            return None
        return reverse(
            name, kwargs={"code": self.project_code, "pk": int(self.object_id)}
        )


def _ids(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The primary keys of ``queryset`` as text (``AuditEvent.object_id``)."""
    texts: models.QuerySet[Any] = queryset.annotate(
        text_pk=Cast("pk", CharField())
    ).values("text_pk")
    return texts


def event_list_for_project(project: Project) -> models.QuerySet[AuditEvent]:
    """The audit events of the project and its monitoring, newest first, in
    one query."""
    targets: list[tuple[type[models.Model], Any]] = [
        (Project, [str(project.pk)]),
        (Agreement, _ids(Agreement.objects.filter(project=project))),
        (MonitoringReport, _ids(MonitoringReport.objects.filter(project=project))),
        (
            ExpenditureStatement,
            _ids(ExpenditureStatement.objects.filter(project=project)),
        ),
        (Payment, _ids(Payment.objects.filter(project=project))),
        (Revocation, _ids(Revocation.objects.filter(project=project))),
        (Recovery, _ids(Recovery.objects.filter(project=project))),
    ]
    types = ContentType.objects.get_for_models(*(model for model, _unused in targets))
    condition = Q()
    for model, ids in targets:
        condition |= Q(content_type=types[model], object_id__in=ids)
    return (
        AuditEvent.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-occurred_at", "-pk")
    )


@dataclass(frozen=True)
class History:
    entries: list[TimelineEntry]
    #: False when older events were left out (``limit``).
    complete: bool


def project_history(
    project: Project,
    *,
    deadlines: list[AgreementDeadline] | None = None,
    limit: int | None = None,
) -> History:
    """The newest ``limit`` events (all when None) and the deadlines from
    the oldest of them on, as the project's page shows them."""
    events = list(
        event_list_for_project(project)[: limit + 1]
        if limit is not None
        else event_list_for_project(project)
    )
    complete = limit is None or len(events) <= limit
    if not complete:
        events = events[:limit]
    entries = project_timeline(project, deadlines=deadlines, events=events)
    if not complete:
        oldest = events[-1].occurred_at
        entries = [e for e in entries if e.moment >= oldest]
    return History(entries=entries, complete=complete)


def project_timeline(
    project: Project,
    *,
    deadlines: list[AgreementDeadline] | None = None,
    events: list[AuditEvent] | None = None,
) -> list[TimelineEntry]:
    """Events and deadlines of ``project``, newest first (a deadline at the
    end of its day). ``deadlines`` and ``events`` when the caller already
    has them."""
    if events is None:
        events = list(event_list_for_project(project))
    if deadlines is None:
        deadlines = list(
            AgreementDeadline.objects.filter(agreement__project=project).order_by(
                "due_on", "pk"
            )
        )
    entries = [
        TimelineEntry(
            moment=event.occurred_at,
            label=str(VERB_LABELS.get(event.verb, event.verb)),
            actor=event.actor,
            note=event.note,
            model=event.content_type.model_class(),
            object_id=event.object_id,
            project_code=project.code,
        )
        for event in events
    ]
    zone = timezone.get_current_timezone()
    entries.extend(
        TimelineEntry(
            moment=datetime.combine(deadline.due_on, time.max, tzinfo=zone),
            label=str(deadline.get_kind_display()),
            note=deadline.description,
            due_on=deadline.due_on,
        )
        for deadline in deadlines
    )
    return _grouped(sorted(entries, key=lambda entry: entry.moment, reverse=True))


def _grouped(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Runs of the same action on the same object by the same person as one
    entry: the newest, with the run's length (its note is the newest's)."""
    grouped: list[TimelineEntry] = []
    for entry in entries:
        if grouped and grouped[-1].same_action(entry):
            grouped[-1] = replace(grouped[-1], count=grouped[-1].count + 1)
        else:
            grouped.append(entry)
    return grouped
