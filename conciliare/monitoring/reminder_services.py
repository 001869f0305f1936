"""Reminders of the report deadlines, by e-mail: one to the lead body some
days before each deadline of a signed agreement (``reminder_days_before``
of the plan's agreement template), one to the lead body and the ATS's
officers some days after it (``reminder_days_after``) while the report is
still not with the ATS. Each reminder is a ``ReportReminder`` row, unique
per deadline and kind: running again the same day sends nothing new."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.core.mail import mail_on_commit
from conciliare.monitoring.links import report_link, site_link
from conciliare.monitoring.models import ReminderKind, ReportReminder
from conciliare.monitoring.project_services import CLOSED_STATUSES
from conciliare.monitoring.recipients import lead_recipients, officer_recipients
from conciliare.monitoring.report_selectors import NOT_SUBMITTED
from conciliare.plans.agreement_defaults import (
    DEFAULT_REMINDER_DAYS_AFTER,
    DEFAULT_REMINDER_DAYS_BEFORE,
)
from conciliare.plans.models import AgreementDeadline, AgreementStatus


@dataclass(frozen=True)
class Window:
    before_days: int
    after_days: int


def _window(deadline: AgreementDeadline) -> Window:
    template = getattr(deadline.agreement.plan_version.plan, "agreement_template", None)
    if template is None:
        return Window(DEFAULT_REMINDER_DAYS_BEFORE, DEFAULT_REMINDER_DAYS_AFTER)
    return Window(template.reminder_days_before, template.reminder_days_after)


def reminders_due(today: date | None = None) -> list[tuple[AgreementDeadline, str]]:
    """The reminders to send on ``today``: (deadline, kind) for each
    deadline of a signed agreement of a running project whose report is not
    with the ATS, inside its window and not yet reminded of."""
    today = today or timezone.localdate()
    due: list[tuple[AgreementDeadline, str]] = []
    for deadline in _open_deadlines():
        window = _window(deadline)
        done = {reminder.kind for reminder in deadline.reminders.all()}
        before_from = deadline.due_on - timedelta(days=window.before_days)
        overdue_from = deadline.due_on + timedelta(days=window.after_days)
        if before_from <= today < deadline.due_on and ReminderKind.BEFORE not in done:
            due.append((deadline, ReminderKind.BEFORE))
        elif today >= overdue_from and ReminderKind.OVERDUE not in done:
            due.append((deadline, ReminderKind.OVERDUE))
    return due


def _open_deadlines() -> list[AgreementDeadline]:
    return list(
        AgreementDeadline.objects.filter(agreement__status=AgreementStatus.SIGNED)
        .exclude(agreement__project__status__in=CLOSED_STATUSES)
        .exclude(reminders__kind=ReminderKind.OVERDUE)
        .filter(Q(report__isnull=True) | Q(report__status__in=NOT_SUBMITTED))
        .select_related(
            "agreement__project__alliance__lead",
            "agreement__plan_version__plan__agreement_template",
            "report",
        )
        .prefetch_related("reminders")
        .order_by("due_on", "pk")
    )


def reminders_send(today: date | None = None) -> list[ReportReminder]:
    """Send the reminders due on ``today`` (see the module docstring) and
    return the ones recorded now."""
    today = today or timezone.localdate()
    recorded: list[ReportReminder] = []
    for deadline, kind in reminders_due(today):
        reminder = _reminder_send(deadline, kind, today)
        if reminder is not None:
            recorded.append(reminder)
    return recorded


def _reminder_send(
    deadline: AgreementDeadline, kind: str, today: date
) -> ReportReminder | None:
    project = deadline.agreement.project
    lead = lead_recipients(project)
    officers = (
        officer_recipients(deadline.agreement.ats_id)
        if kind == ReminderKind.OVERDUE
        else []
    )
    try:
        with transaction.atomic():
            reminder = ReportReminder.objects.create(
                deadline=deadline,
                kind=kind,
                recipients=list(dict.fromkeys([*lead, *officers])),
            )
            subject, lead_body, officer_body = _texts(deadline, kind, today)
            mail_on_commit(subject, lead_body, lead)
            if officers:
                mail_on_commit(subject, officer_body, officers)
    except IntegrityError:  # sent meanwhile by another run
        return None
    return reminder


def _link(deadline: AgreementDeadline) -> str:
    report = getattr(deadline, "report", None)
    if report is not None:
        return report_link(report)
    return site_link(
        reverse(
            "monitoring:report-create",
            kwargs={"code": deadline.agreement.project.code},
        )
    )


def _texts(deadline: AgreementDeadline, kind: str, today: date) -> tuple[str, str, str]:
    project = deadline.agreement.project
    with override("it"):
        values = {
            "kind": deadline.get_kind_display(),
            "project": project.title,
            "code": project.code,
            "lead": project.alliance.lead.legal_name,
            "due_on": f"{deadline.due_on:%d/%m/%Y}",
            "days": abs((deadline.due_on - today).days),
            "link": _link(deadline),
        }
        if kind == ReminderKind.BEFORE:
            subject = _("Promemoria: %(kind)s in scadenza il %(due_on)s (%(code)s)")
            lead_body = _(
                "Gentile ente capofila,\n\n"
                "la %(kind)s del progetto «%(project)s» (%(code)s) va inviata "
                "all'ATS entro il %(due_on)s, tra %(days)s giorni.\n\n"
                "La relazione si compila e si invia nell'area riservata di "
                "Conciliare: %(link)s"
            )
            officer_body = ""
        else:
            subject = _("Sollecito: %(kind)s scaduta il %(due_on)s (%(code)s)")
            lead_body = _(
                "Gentile ente capofila,\n\n"
                "la %(kind)s del progetto «%(project)s» (%(code)s) doveva essere "
                "inviata all'ATS entro il %(due_on)s e non risulta ancora "
                "inviata (%(days)s giorni di ritardo).\n\n"
                "Vi chiediamo di completarla e inviarla al più presto: %(link)s"
            )
            officer_body = _(
                "La %(kind)s del progetto «%(project)s» (%(code)s), ente capofila "
                "%(lead)s, è scaduta il %(due_on)s e non è ancora stata inviata "
                "(%(days)s giorni di ritardo). L'ente capofila ha ricevuto un "
                "sollecito.\n\n%(link)s"
            )
        return (
            subject % values,
            lead_body % values,
            officer_body % values if officer_body else "",
        )
