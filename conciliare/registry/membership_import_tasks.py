"""The task worker's two steps of a member-list import (``manage.py db_worker``).

Each task only names the job: the services read it, do the work and record
the outcome on it, so a task that fails leaves a failed job, never a half
import.
"""

from django_tasks import task

from conciliare.registry import membership_import_services as services


@task()
def membership_import_check_task(import_id: int) -> str:
    """Check every row of the file (dry run); returns the job's new status."""
    return services.membership_import_check(import_id=import_id).status


@task()
def membership_import_save_task(import_id: int) -> str:
    """Save every row in one transaction; returns the job's new status."""
    return services.membership_import_save(import_id=import_id).status
