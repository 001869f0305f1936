"""The daily run of the report reminders in the worker (django-tasks).

``report_reminders_task`` sends the reminders due today and enqueues itself
again for the next 07:00 (local time), when the backend can defer tasks
(the database backend of ``manage.py db_worker`` can). The first run is
enqueued by ``manage.py send_report_reminders --schedule``; a run already
waiting is never doubled."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

#: When the daily run happens, local time.
RUN_AT = time(7, 0)


@task()
def report_reminders_task() -> int:
    """Send today's reminders, then schedule tomorrow's run."""
    from conciliare.monitoring.reminder_services import reminders_send

    sent = reminders_send()
    reminders_schedule_next()
    return len(sent)


def next_run_after(now: datetime | None = None) -> datetime:
    """The first 07:00 (local time) after ``now``."""
    local = timezone.localtime(now or timezone.now())
    day = local.date() if local.time() < RUN_AT else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, RUN_AT))


def reminders_schedule_next(now: datetime | None = None) -> datetime | None:
    """Enqueue the next daily run, unless the backend cannot defer tasks or
    a run is already waiting; the time it will run, or None."""
    if not report_reminders_task.get_backend().supports_defer:
        return None
    if _run_waiting():
        return None
    run_after = next_run_after(now)
    report_reminders_task.using(run_after=run_after).enqueue()
    return run_after


def _run_waiting() -> bool:
    """A run of the task waits in the database backend's queue."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(report_reminders_task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=report_reminders_task.module_path,
        status=TaskResultStatus.READY,
    ).exists()
