from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from conciliare.audit.models import AuditEvent

_M = TypeVar("_M", bound=models.Model)


def event_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event. Called by every service inside its own transaction."""
    return AuditEvent.objects.create(
        actor=actor,
        verb=verb,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:255],
        from_state=from_state,
        to_state=to_state,
        changes=changes or {},
        note=note,
    )


def event_record_many(
    *,
    actor: Any,
    verb: str,
    targets: Iterable[_M],
    from_state: str = "",
    to_state: str = "",
    changes_of: Callable[[_M], dict[str, Any]] | None = None,
    note: str = "",
    batch_size: int = 500,
) -> list[AuditEvent]:
    """Append one event per target in a few INSERTs (bulk imports).

    ``changes_of(target)`` gives each event its own changes.
    """
    events = [
        AuditEvent(
            actor=actor,
            verb=verb,
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            object_repr=str(target)[:255],
            from_state=from_state,
            to_state=to_state,
            changes=changes_of(target) if changes_of is not None else {},
            note=note,
        )
        for target in targets
    ]
    return AuditEvent.objects.bulk_create(events, batch_size=batch_size)


def changes_between(
    before: dict[str, Any], after: dict[str, Any]
) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value differs."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
