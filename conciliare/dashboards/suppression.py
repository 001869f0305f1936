"""Small-count suppression on public pages: a count of beneficiaries
between 1 and ``threshold() - 1`` could single people out in a small
project, so public pages show it as "< 10" and the CSV leaves it empty
(with a note). Zero reveals no one and is shown; money is never hidden.

The threshold is the setting ``DASHBOARD_MIN_PUBLIC_COUNT`` (environment
``DJANGO_DASHBOARD_MIN_PUBLIC_COUNT``, default 10). The reserved dashboard
shows every count."""

from django.conf import settings


def threshold() -> int:
    return int(settings.DASHBOARD_MIN_PUBLIC_COUNT)


def is_suppressed(count: int, *, limit: int | None) -> bool:
    """Whether ``count`` must be hidden (``limit`` None: never)."""
    return limit is not None and 0 < count < limit
