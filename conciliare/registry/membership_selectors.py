"""Reads of the networks and their memberships (adesioni)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role, User
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.registry.models import Membership, Network


def network_get(*, pk: int) -> Network:
    """A network (public: its page and joining form are open to everybody)."""
    return get_object_or_404(
        Network.objects.select_related("ats", "period", "regulation"), pk=pk
    )


def membership_visible_to(*, user: User | AnonymousUser) -> QuerySet[Membership]:
    """The memberships ``user`` may open; agrees with ``registry.view_membership``."""
    memberships = Membership.objects.select_related(
        "network__ats", "network__period", "organisation__comune__province"
    )
    if not user.is_authenticated:
        return memberships.none()
    if is_regional_officer(user):
        return memberships.all()
    ats_ids = ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    condition = Q(requested_by=user)
    if ats_ids:
        condition |= Q(network__ats_id__in=ats_ids)
    organisation_ids = organisation_ids_of(user)
    if organisation_ids:
        condition |= Q(organisation_id__in=organisation_ids)
    return memberships.filter(condition)


def membership_get_for_user(*, user: User | AnonymousUser, pk: int) -> Membership:
    """The same 404 for a missing and a forbidden membership."""
    return get_object_or_404(
        membership_visible_to(user=user).select_related("requested_by"), pk=pk
    )


def membership_list_for_network(
    *,
    user: User | AnonymousUser,
    network: Network,
    status: str | None = None,
) -> QuerySet[Membership]:
    """The memberships of ``network`` that ``user`` may see, newest first."""
    memberships = (
        membership_visible_to(user=user)
        .filter(network=network)
        .select_related("organisation__comune", "network__ats")
    )
    if status:
        memberships = memberships.filter(status=status)
    return memberships.order_by("-created_at", "-pk")
