"""REST API of the territorial networks: public networks and statistics,
memberships for the people who may see them (same selectors and rules as the
HTML pages)."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from conciliare.accounts.models import User
from conciliare.core.permissions import ensure_perm
from conciliare.registry.membership_selectors import (
    membership_get_for_user,
    membership_list_for_network,
    network_get,
)
from conciliare.registry.models import Membership, MembershipStatus, Network
from conciliare.registry.network_selectors import (
    network_get_public,
    network_list_public,
)
from conciliare.registry.statistics_selectors import membership_statistics

router = Router(tags=["networks"])


class _AuthRequest(HttpRequest):
    auth: User


class NetworkOut(Schema):
    id: int
    ats: str
    ats_name: str
    period: str
    is_open: bool
    members_count: int

    @staticmethod
    def resolve_ats(obj: Network) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_ats_name(obj: Network) -> str:
        return obj.ats.name

    @staticmethod
    def resolve_period(obj: Network) -> str:
        return obj.period.slug


class StatRowOut(Schema):
    key: str
    label: str
    count: int
    percent: int


class NetworkStatisticsOut(Schema):
    ats: str
    period: str
    total: int
    typology: list[StatRowOut]
    size_class: list[StatRowOut]
    ambito: list[StatRowOut]
    join_year: list[StatRowOut]


class MembershipOut(Schema):
    id: int
    protocol_number: str
    network: int
    organisation: str
    organisation_tax_code: str
    status: MembershipStatus
    status_label: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_network(obj: Membership) -> int:
        return obj.network_id

    @staticmethod
    def resolve_organisation(obj: Membership) -> str:
        return obj.organisation.legal_name

    @staticmethod
    def resolve_organisation_tax_code(obj: Membership) -> str:
        return obj.organisation.tax_code

    @staticmethod
    def resolve_status_label(obj: Membership) -> str:
        return str(obj.get_status_display())


@router.get("/networks", response=list[NetworkOut], summary="Reti territoriali")
def network_list_api(request: HttpRequest) -> list[Network]:
    """Every network (ATS and period) with its number of members."""
    return list(network_list_public())


@router.get(
    "/networks/{ats}/{period}/statistics",
    response=NetworkStatisticsOut,
    summary="Statistiche degli aderenti di una rete",
)
def network_statistics_api(
    request: HttpRequest, ats: str, period: str
) -> NetworkStatisticsOut:
    """Members by typology, size class, ambito and join year (public figures)."""
    network = network_get_public(ats_slug=ats, period_slug=period)
    figures = membership_statistics(network=network)
    return NetworkStatisticsOut.model_validate(
        {"ats": ats, "period": period, **figures}
    )


@router.get(
    "/networks/{pk}/memberships",
    response=list[MembershipOut],
    auth=django_auth,
    summary="Adesioni a una rete",
)
@paginate(LimitOffsetPagination, max_limit=100)
def membership_list_api(
    request: _AuthRequest, pk: int, status: MembershipStatus | None = None
) -> QuerySet[Membership]:
    """The network's memberships, for its ATS officers and regional officers."""
    network = network_get(pk=pk)
    ensure_perm(request.auth, "registry.view_membership_queue", network)
    return membership_list_for_network(
        user=request.auth, network=network, status=status or None
    ).select_related("organisation")


@router.get(
    "/memberships/{pk}",
    response=MembershipOut,
    auth=django_auth,
    summary="Una adesione",
)
def membership_detail_api(request: _AuthRequest, pk: int) -> Membership:
    """One membership, for whoever may see it (404 otherwise)."""
    return membership_get_for_user(user=request.auth, pk=pk)
