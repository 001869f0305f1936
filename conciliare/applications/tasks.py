"""Background work of the applications (django-tasks, ``manage.py db_worker``)."""

from django_tasks import task

from conciliare.applications.receipt_services import submission_receipt_issue


@task()
def submission_receipt_task(submission_id: int) -> str:
    """Produce the PDF receipt of a submission and e-mail it to the lead body."""
    return submission_receipt_issue(submission_id=submission_id)
