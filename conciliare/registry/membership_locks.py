"""Row locks of the membership lifecycle (one writer at a time per request)."""

from conciliare.registry.models import Membership


def membership_lock(*, pk: int) -> Membership:
    """The membership re-read under ``SELECT … FOR UPDATE`` (a no-op on
    SQLite), with what the services and their notices read."""
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related(
            "network__ats", "network__period", "organisation", "requested_by"
        )
        .get(pk=pk)
    )
