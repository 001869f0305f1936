"""The demo replays a past cycle (2020-2023) through the real services. Inside
``replayed_at(moment)`` the clock reads ``moment``: the services stamp their
dates with it, check "not in the future" against it, and the audit events
they write carry it, so every project's history reads as it happened rather
than as the day the demo was loaded. Demo only: nothing else moves the clock.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

from conciliare.audit.models import AuditEvent


@contextmanager
def replayed_at(moment: datetime) -> Iterator[None]:
    """Inside the block, ``timezone.now()`` is ``moment`` and new audit
    events are recorded at ``moment``."""
    field = AuditEvent._meta.get_field("occurred_at")
    previous_default, previous_now = field.default, timezone.now
    # The field holds its own reference to the clock, and caches its default
    # in ``_get_default``: replace both, and drop the cache on the way in and
    # out so the replaced default is the one used.
    field.default = lambda: moment
    field.__dict__.pop("_get_default", None)
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = previous_now
        field.default = previous_default
        field.__dict__.pop("_get_default", None)
