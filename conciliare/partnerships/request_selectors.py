"""Reads of the Schede partnership: a requester's own, an alliance's queue."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role, User
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.partnerships.models import (
    Alliance,
    PartnerRequest,
    PartnerRequestStatus,
)
from conciliare.registry.models import Organisation


def partner_request_visible_to(
    *, user: User | AnonymousUser
) -> QuerySet[PartnerRequest]:
    """The requests ``user`` may open (agrees with
    ``partnerships.view_partner_request``): their own and their
    organisations', and those of the alliances they run."""
    requests = PartnerRequest.objects.select_related(
        "alliance__ats", "alliance__lead", "organisation", "requested_by"
    )
    if not user.is_authenticated:
        return requests.none()
    if is_regional_officer(user):
        return requests.all()
    condition = Q(requested_by=user)
    ats_ids = ats_ids_of(user, Role.ATS_OFFICER)
    if ats_ids:
        condition |= Q(alliance__ats_id__in=ats_ids)
    organisation_ids = organisation_ids_of(user)
    if organisation_ids:
        condition |= Q(organisation_id__in=organisation_ids) | Q(
            alliance__lead_id__in=organisation_ids
        )
    return requests.filter(condition)


def partner_request_get_for_user(
    *, user: User | AnonymousUser, pk: int
) -> PartnerRequest:
    """The same 404 for a missing and a forbidden request."""
    return get_object_or_404(
        partner_request_visible_to(user=user).select_related("decided_by"), pk=pk
    )


def partner_request_list_for_alliance(
    *, alliance: Alliance, status: str | None = PartnerRequestStatus.REQUESTED
) -> QuerySet[PartnerRequest]:
    """The requests of ``alliance`` (the waiting ones by default), oldest
    waiting first; ``status=None`` for all, newest first."""
    requests = PartnerRequest.objects.filter(alliance=alliance).select_related(
        "organisation", "requested_by", "alliance__ats", "alliance__lead"
    )
    if status:
        return requests.filter(status=status).order_by("created_at", "pk")
    return requests.order_by("-created_at", "-pk")


def partner_request_list_for_requester(
    *, user: User | AnonymousUser
) -> QuerySet[PartnerRequest]:
    """The requests filed by ``user`` or for the organisations they
    represent, newest first."""
    if not user.is_authenticated:
        return PartnerRequest.objects.none()
    condition = Q(requested_by=user)
    organisation_ids = organisation_ids_of(user)
    if organisation_ids:
        condition |= Q(organisation_id__in=organisation_ids)
    return (
        PartnerRequest.objects.filter(condition)
        .select_related("alliance__ats", "organisation")
        .order_by("-created_at", "-pk")
    )


def organisations_represented_by(
    *, user: User | AnonymousUser
) -> QuerySet[Organisation]:
    """The organisations ``user`` represents, by name."""
    return Organisation.objects.filter(pk__in=organisation_ids_of(user)).order_by(
        "legal_name", "pk"
    )
