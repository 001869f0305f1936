"""Background work of the admissibility check (django-tasks, ``manage.py db_worker``)."""

from django_tasks import task

from conciliare.reviews.admissibility_minutes import admissibility_minutes_issue


@task()
def admissibility_minutes_task(call_id: int, actor_id: int) -> str:
    """Render the minutes of a call's admissibility check and store them."""
    return admissibility_minutes_issue(call_id=call_id, actor_id=actor_id)
