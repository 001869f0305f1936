"""Public reads of the territorial networks (Reti) and their directory."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.core.search import text_search
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.selectors import document_list_public
from conciliare.registry.models import (
    Membership,
    MembershipStatus,
    Network,
    Organisation,
)
from conciliare.territory.models import ProgrammingPeriod

#: The network's members: active, or carried over as presumed confirmed.
MEMBER_STATUSES = (MembershipStatus.ACTIVE, MembershipStatus.PRESUMED)


def network_list_public() -> QuerySet[Network]:
    """Every network with its ATS, period and members count, newest period first."""
    return (
        Network.objects.select_related("ats", "period")
        .annotate(
            members_count=Count(
                "memberships", filter=Q(memberships__status__in=MEMBER_STATUSES)
            )
        )
        .order_by("-period__starts_on", "ats__code")
    )


def network_get_public(*, ats_slug: str, period_slug: str) -> Network:
    """The network of an ATS in a period (public), 404 when there is none."""
    return get_object_or_404(
        Network.objects.select_related("ats", "period", "regulation"),
        ats__slug=ats_slug,
        period__slug=period_slug,
    )


def network_regulation_versions(*, network: Network) -> QuerySet[Document]:
    """The earlier versions of the network's Regolamento (public documents of
    kind Regolamento of its ATS and period, but the one in force), newest
    first. One query, however many versions."""
    versions = document_list_public(
        kind=DocumentKind.REGULATION,
        ats=network.ats,
        period=network.period,
        include_expired=True,
    )
    if network.regulation_id is not None:
        versions = versions.exclude(pk=network.regulation_id)
    return versions.order_by("-valid_from", "-pk")


def period_get_public(*, slug: str) -> ProgrammingPeriod:
    return get_object_or_404(ProgrammingPeriod, slug=slug)


def network_directory(*, network: Network, q: str = "") -> QuerySet[Membership]:
    """Members of ``network`` that consented to the public directory, by name.

    The template shows name, typology and comune only: never personal data.
    """
    members = (
        Membership.objects.filter(
            network=network, status__in=MEMBER_STATUSES, directory_consent=True
        )
        .select_related("organisation__comune")
        .order_by("organisation__legal_name", "pk")
    )
    if q:
        members = members.filter(organisation__legal_name__icontains=q)
    return members


def organisation_search_public(*, q: str) -> QuerySet[Organisation]:
    """Organisations matching ``q`` that are in a network's public directory,
    each with those memberships (``public_memberships``) to link the network."""
    listed = Membership.objects.filter(
        status__in=MEMBER_STATUSES, directory_consent=True
    )
    return text_search(
        Organisation.objects.filter(pk__in=listed.values("organisation"))
        .select_related("comune")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=listed.select_related(
                    "network__ats", "network__period"
                ).order_by("-network__period__starts_on", "pk"),
                to_attr="public_memberships",
            )
        )
        .order_by("legal_name", "pk"),
        q=q,
        fields=["legal_name"],
    )
