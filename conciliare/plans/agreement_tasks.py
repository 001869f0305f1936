"""Background work of the agreements (django-tasks, ``manage.py db_worker``)."""

from django_tasks import task

from conciliare.plans.agreement_pdf import agreement_pdf_issue


@task()
def agreement_pdf_task(agreement_id: int) -> str:
    """Produce the PDF of an agreement and store it as a private document."""
    return agreement_pdf_issue(agreement_id=agreement_id)
