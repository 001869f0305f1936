"""When a request reached the site.

At a call's close time many submissions arrive at once and wait for a free
worker; a view that read the clock when it started would refuse requests
that arrived in time (bench/README.md, "Submissions at the close time").
The front proxy stamps each request on arrival (nginx:
``proxy_set_header X-Request-Start "t=${msec}";``, which replaces any value a
client sent) and ``settings.REQUEST_START_HEADER`` names that header. A
stamp that cannot be parsed, lies in the future or is older than
``MAX_QUEUE`` is ignored: the time is then the moment of the call.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

#: A request that waited longer than this has met a problem no stamp fixes.
MAX_QUEUE = timedelta(minutes=5)
#: Clocks of the proxy and the application may differ by this much.
CLOCK_SKEW = timedelta(seconds=1)


def request_received_at(request: HttpRequest) -> datetime:
    now = timezone.now()
    header = getattr(settings, "REQUEST_START_HEADER", "")
    if not header:
        return now
    stamp = _parse(request.META.get(header, ""))
    if stamp is None or stamp > now + CLOCK_SKEW or stamp < now - MAX_QUEUE:
        return now
    return min(stamp, now)


def _parse(value: str) -> datetime | None:
    """``t=1700000000.123`` (seconds, nginx's $msec) or the number alone;
    microseconds (``t=1700000000123456``, Apache's %t) are accepted too."""
    raw = value.strip().removeprefix("t=")
    try:
        number = float(raw)
    except ValueError:
        return None
    if number > 1e14:  # microseconds
        number /= 1e6
    elif number > 1e11:  # milliseconds
        number /= 1e3
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
