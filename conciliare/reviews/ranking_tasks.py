"""Background work of the rankings (django-tasks, ``manage.py db_worker``)."""

from django_tasks import task

from conciliare.reviews.ranking_services import ranking_document_issue


@task()
def ranking_document_task(ranking_id: int) -> str:
    """Produce the PDF of an approved ranking with the committee's minutes."""
    return ranking_document_issue(ranking_id=ranking_id)
