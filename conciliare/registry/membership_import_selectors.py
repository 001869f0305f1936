"""Reads of the member-list imports: the jobs an officer may open and the
progress of a running one."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role, User
from conciliare.accounts.predicates import ats_ids_of
from conciliare.registry.models import (
    MembershipImport,
    MembershipImportStatus,
    Network,
)

#: The statuses during which the worker is (or is about to be) busy.
RUNNING_STATUSES = frozenset(
    {
        MembershipImportStatus.UPLOADED,
        MembershipImportStatus.CHECKING,
        MembershipImportStatus.IMPORTING,
    }
)


def membership_import_progress_key(pk: int) -> str:
    """The cache key of the save step's progress (shared with the worker)."""
    return f"membership-import:{pk}:progress"


def membership_import_visible_to(
    *, user: User | AnonymousUser
) -> QuerySet[MembershipImport]:
    """The imports ``user`` may open; agrees with ``registry.import_memberships``."""
    imports = MembershipImport.objects.select_related(
        "network__ats", "network__period", "created_by"
    )
    if not user.is_authenticated:
        return imports.none()
    return imports.filter(network__ats_id__in=ats_ids_of(user, Role.ATS_OFFICER))


def membership_import_get_for_user(
    *, user: User | AnonymousUser, pk: int
) -> MembershipImport:
    """The same 404 for a missing and a forbidden import."""
    return get_object_or_404(membership_import_visible_to(user=user), pk=pk)


def membership_import_list_for_network(
    *, user: User | AnonymousUser, network: Network
) -> QuerySet[MembershipImport]:
    """The network's imports, newest first, without their (long) reports."""
    return (
        membership_import_visible_to(user=user)
        .filter(network=network)
        .defer("report")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ImportProgress:
    """How far the worker is: rows done of the total, for the progress bar."""

    done: int
    total: int
    running: bool

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


def membership_import_progress(
    *, membership_import: MembershipImport
) -> ImportProgress:
    """The check writes its progress on the job; the save, one transaction
    nobody else sees into, writes it to the cache the worker shares."""
    job = membership_import
    done = job.processed_rows
    if job.status == MembershipImportStatus.IMPORTING:
        cached = cache.get(membership_import_progress_key(job.pk))
        if cached is not None:
            done = int(cached)
    return ImportProgress(
        done=min(done, job.total_rows),
        total=job.total_rows,
        running=job.status in RUNNING_STATUSES,
    )
