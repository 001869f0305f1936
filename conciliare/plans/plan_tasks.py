"""Background work of the plans (django-tasks, ``manage.py db_worker``)."""

from django_tasks import task

from conciliare.plans.plan_pdf import plan_pdf_issue


@task()
def plan_pdf_task(version_id: int) -> str:
    """Produce the PDF of an approved plan version and publish it."""
    return plan_pdf_issue(version_id=version_id)
