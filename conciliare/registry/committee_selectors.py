"""Reads of the network committees: members, meetings, attendance."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role, User
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.documents.models import Document, DocumentKind
from conciliare.registry.models import (
    CommitteeMeeting,
    CommitteeMember,
    MeetingAttendance,
    Network,
)


def network_get_for_committee(*, user: User | AnonymousUser, pk: int) -> Network:
    """A network whose committee ``user`` may see (403 otherwise, 404 if missing)."""
    network = get_object_or_404(Network.objects.select_related("ats", "period"), pk=pk)
    if not user.has_perm("registry.view_committee", network):
        raise PermissionDenied
    return network


def committee_member_list(*, network: Network) -> QuerySet[CommitteeMember]:
    """The current members of ``network``'s committee, chair first."""
    return (
        CommitteeMember.objects.filter(network=network, ends_on__isnull=True)
        .select_related("user", "organisation", "network")
        .order_by("role", "user__full_name", "pk")
    )


def meeting_list(*, network: Network) -> QuerySet[CommitteeMeeting]:
    return CommitteeMeeting.objects.filter(network=network).select_related("minutes")


def meeting_visible_to(*, user: User | AnonymousUser) -> QuerySet[CommitteeMeeting]:
    """The meetings ``user`` may open; agrees with ``registry.view_committee``."""
    meetings = CommitteeMeeting.objects.select_related(
        "network__ats", "network__period", "minutes"
    )
    if not user.is_authenticated:
        return meetings.none()
    if is_regional_officer(user):
        return meetings.all()
    ats_ids = ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    return meetings.filter(Q(network__ats_id__in=ats_ids))


def meeting_get_for_user(*, user: User | AnonymousUser, pk: int) -> CommitteeMeeting:
    """A meeting with its attendance and decisions; 404 if missing or forbidden."""
    return get_object_or_404(
        meeting_visible_to(user=user).prefetch_related(
            Prefetch(
                "attendances",
                queryset=MeetingAttendance.objects.select_related(
                    "member__user", "member__organisation"
                ).order_by("member__role", "member__user__full_name", "pk"),
            ),
            "decisions",
        ),
        pk=pk,
    )


def minutes_choices(*, meeting: CommitteeMeeting) -> QuerySet[Document]:
    """The minutes documents a meeting may point to: same ATS, kind MINUTES."""
    return Document.objects.filter(
        kind=DocumentKind.MINUTES, ats_id=meeting.network.ats_id
    ).order_by("-valid_from", "title", "pk")
