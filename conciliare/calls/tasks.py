"""Background work of the calls (django-tasks, run by ``manage.py db_worker``)."""

from django_tasks import task

from conciliare.calls.models import Call


@task()
def call_close_task(call_id: int) -> str:
    """Close the call at its close time (enqueued with ``run_after``)."""
    from conciliare.calls.services import call_close

    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return "missing"
    return call_close(call=call).status
