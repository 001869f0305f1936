from django.db import models
from django.db.models import QuerySet

from conciliare.audit.models import AuditEvent


def event_list_for_object(*, target: models.Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first, with the actor preloaded."""
    return AuditEvent.objects.for_object(target).select_related("actor")
