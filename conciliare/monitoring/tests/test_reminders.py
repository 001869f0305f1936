"""The reminders of the report deadlines: one before (15 days by default)
to the lead body, one after (7 days) to the lead body and the ATS's
officers, each once; nothing for a report with the ATS or a revoked
project; the daily task and its scheduling; the command."""

from datetime import datetime, time, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conciliare.monitoring.models import ReminderKind, ReportReminder
from conciliare.monitoring.reminder_services import reminders_send
from conciliare.monitoring.reminder_tasks import (
    next_run_after,
    reminders_schedule_next,
    report_reminders_task,
)
from conciliare.monitoring.report_review_services import report_request_changes
from conciliare.monitoring.tests.factories import signed_project
from conciliare.monitoring.tests.test_report_services import (
    interim,
    started,
    submitted,
)
from conciliare.plans.models import DeadlineKind
from conciliare.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded():
    return signed_project()


def interim_due(funded):
    return funded.agreement.deadlines.get(kind=DeadlineKind.INTERIM_REPORT).due_on


def send(today, capture):
    with capture(execute=True):
        return reminders_send(today=today)


def test_a_reminder_goes_to_the_lead_body_fifteen_days_before(
    funded, django_capture_on_commit_callbacks, mailoutbox
):
    due = interim_due(funded)

    assert send(due - timedelta(days=16), django_capture_on_commit_callbacks) == []
    sent = send(due - timedelta(days=15), django_capture_on_commit_callbacks)

    (reminder,) = sent
    assert reminder.kind == ReminderKind.BEFORE
    assert reminder.deadline.kind == DeadlineKind.INTERIM_REPORT
    (message,) = mailoutbox
    assert funded.lead_rep.email in message.to
    assert funded.officer.email not in message.to
    assert reminder.recipients == message.to
    assert "Promemoria" in message.subject
    assert funded.project.code in message.subject
    assert f"{due:%d/%m/%Y}" in message.body
    assert "tra 15 giorni" in message.body
    assert f"/area-riservata/progetti/{funded.project.code}/relazioni/" in message.body


def test_the_link_is_absolute_when_the_site_address_is_set(
    funded, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://conciliare.example.it/"
    send(interim_due(funded) - timedelta(days=15), django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert (
        f"https://conciliare.example.it/area-riservata/progetti/{funded.project.code}/"
        in message.body
    )


def test_running_again_sends_nothing_new(
    funded, django_capture_on_commit_callbacks, mailoutbox
):
    day = interim_due(funded) - timedelta(days=10)
    send(day, django_capture_on_commit_callbacks)

    again = send(day, django_capture_on_commit_callbacks)
    next_day = send(day + timedelta(days=1), django_capture_on_commit_callbacks)

    assert again == next_day == []
    assert len(mailoutbox) == 1
    assert ReportReminder.objects.count() == 1


def test_after_the_deadline_the_lead_body_and_the_officers_are_told(
    funded, django_capture_on_commit_callbacks, mailoutbox
):
    due = interim_due(funded)
    started(funded)
    report = interim(funded)  # started but never sent

    assert send(due, django_capture_on_commit_callbacks) == []  # too late for "before"
    assert send(due + timedelta(days=6), django_capture_on_commit_callbacks) == []
    (reminder,) = send(due + timedelta(days=7), django_capture_on_commit_callbacks)

    assert reminder.kind == ReminderKind.OVERDUE
    lead_message, officer_message = mailoutbox
    assert funded.lead_rep.email in lead_message.to
    assert funded.officer.email not in lead_message.to
    assert funded.officer.email in officer_message.to
    assert funded.lead_rep.email not in officer_message.to
    assert "Sollecito" in lead_message.subject
    assert "7 giorni di ritardo" in lead_message.body
    assert f"/relazioni/{report.pk}/" in lead_message.body
    assert funded.team.lead.legal_name in officer_message.body
    assert set(reminder.recipients) == {*lead_message.to, *officer_message.to}
    assert send(due + timedelta(days=30), django_capture_on_commit_callbacks) == []


def test_a_report_sent_back_for_changes_is_still_reminded(
    funded, django_capture_on_commit_callbacks
):
    started(funded)
    report = submitted(funded)
    report_request_changes(actor=funded.officer, report=report, note="Integrare.")

    (reminder,) = send(
        interim_due(funded) + timedelta(days=7), django_capture_on_commit_callbacks
    )

    assert reminder.kind == ReminderKind.OVERDUE


def test_nothing_for_a_submitted_report_or_a_revoked_project(
    django_capture_on_commit_callbacks, mailoutbox
):
    funded = started(signed_project(grants=("45000.00", "30000.00")))
    submitted(funded)
    revoked = Project.objects.exclude(pk=funded.project.pk).get()
    Project.objects.filter(pk=revoked.pk).update(status=ProjectStatus.REVOKED)
    due = interim_due(funded)

    for day in (due - timedelta(days=5), due + timedelta(days=10)):
        assert send(day, django_capture_on_commit_callbacks) == []

    assert mailoutbox == []
    assert not ReportReminder.objects.exists()


def test_the_template_sets_the_windows(funded, django_capture_on_commit_callbacks):
    template = funded.setup.plan.agreement_template
    template.reminder_days_before = 30
    template.reminder_days_after = 1
    template.save()
    due = interim_due(funded)

    (before,) = send(due - timedelta(days=30), django_capture_on_commit_callbacks)
    (after,) = send(due + timedelta(days=1), django_capture_on_commit_callbacks)

    assert (before.kind, after.kind) == (ReminderKind.BEFORE, ReminderKind.OVERDUE)


# -- the task, its schedule and the command --------------------------------------


def test_the_task_sends_the_reminders_of_today(
    funded, django_capture_on_commit_callbacks, mailoutbox
):
    day = interim_due(funded) - timedelta(days=3)
    moment = timezone.make_aware(datetime.combine(day, time(7)))

    with (
        django_capture_on_commit_callbacks(execute=True),
        mock.patch("django.utils.timezone.now", return_value=moment),
    ):
        result = report_reminders_task.enqueue()

    assert result.return_value == 1
    (message,) = mailoutbox
    assert "Promemoria" in message.subject


def test_next_run_is_the_next_seven_in_the_morning():
    early = timezone.make_aware(datetime(2025, 3, 10, 6, 30))
    late = timezone.make_aware(datetime(2025, 3, 10, 7, 0))

    assert (
        timezone.localtime(next_run_after(early))
        .isoformat()
        .startswith("2025-03-10T07:00")
    )
    assert (
        timezone.localtime(next_run_after(late))
        .isoformat()
        .startswith("2025-03-11T07:00")
    )


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_daily_run_is_queued_once():
    now = timezone.make_aware(datetime(2025, 3, 10, 12, 0))

    first = reminders_schedule_next(now)
    second = reminders_schedule_next(now)

    assert second is None
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == report_reminders_task.module_path
    assert queued.run_after == first
    assert (
        timezone.localtime(queued.run_after).isoformat().startswith("2025-03-11T07:00")
    )


def test_the_immediate_backend_schedules_nothing():
    assert reminders_schedule_next() is None


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_command_sends_and_schedules(funded):
    out = StringIO()

    call_command("send_report_reminders", "--schedule", stdout=out)

    assert "0 promemoria inviati." in out.getvalue()
    assert "Prossimo invio programmato" in out.getvalue()
    assert DBTaskResult.objects.count() == 1
