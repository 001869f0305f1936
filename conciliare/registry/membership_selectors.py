"""Reads of the networks and their memberships (adesioni)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, OrderBy, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role, User
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.registry.models import LIVE_MEMBERSHIP_STATUSES, Membership, Network
from conciliare.registry.validators import normalise_tax_code
from conciliare.territory.models import Ambito, InterventionArea


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


#: The sort orders of the member registry (key -> ``order_by`` arguments).
MEMBERSHIP_REGISTRY_ORDERINGS: dict[str, tuple[str | OrderBy, ...]] = {
    "name": ("organisation__legal_name", "pk"),
    "-name": ("-organisation__legal_name", "-pk"),
    "typology": ("organisation__typology", "organisation__legal_name", "pk"),
    "comune": ("organisation__comune__name", "organisation__legal_name", "pk"),
    "joined": (F("member_since").asc(nulls_last=True), "pk"),
    "-joined": (F("member_since").desc(nulls_last=True), "-pk"),
}
DEFAULT_MEMBERSHIP_REGISTRY_ORDERING = "name"

#: ``status`` value of the registry meaning "the live memberships".
LIVE_STATUSES_FILTER = "live"


def membership_registry(
    *,
    user: User | AnonymousUser,
    network: Network,
    search: str = "",
    typology: str = "",
    size_class: str = "",
    ambito: Ambito | int | None = None,
    status: str = LIVE_STATUSES_FILTER,
    area: InterventionArea | int | None = None,
    ordering: str = DEFAULT_MEMBERSHIP_REGISTRY_ORDERING,
) -> QuerySet[Membership]:
    """The members of ``network`` that ``user`` may see, for the registry.

    ``status`` is a ``MembershipStatus`` value, ``"live"`` (the default: the
    requested, active and presumed ones) or ``""`` for all of them; an
    unknown ``ordering`` falls back to the default. Areas are prefetched.
    """
    memberships = (
        membership_visible_to(user=user)
        .filter(network=network)
        .select_related(None)
        .select_related(
            "network__ats",
            "network__period",
            "organisation__comune",
            "organisation__ambito",
        )
        .prefetch_related(
            Prefetch("areas", queryset=InterventionArea.objects.order_by("number"))
        )
    )
    search = search.strip()
    if search:
        memberships = memberships.filter(
            Q(organisation__legal_name__icontains=search)
            | Q(organisation__tax_code=normalise_tax_code(search))
        )
    if typology:
        memberships = memberships.filter(organisation__typology=typology)
    if size_class:
        memberships = memberships.filter(organisation__size_class=size_class)
    if ambito is not None:
        memberships = memberships.filter(organisation__ambito=ambito)
    if status == LIVE_STATUSES_FILTER:
        memberships = memberships.filter(status__in=LIVE_MEMBERSHIP_STATUSES)
    elif status:
        memberships = memberships.filter(status=status)
    if area is not None:
        memberships = memberships.filter(areas=area)
    order_by = MEMBERSHIP_REGISTRY_ORDERINGS.get(
        ordering, MEMBERSHIP_REGISTRY_ORDERINGS[DEFAULT_MEMBERSHIP_REGISTRY_ORDERING]
    )
    return memberships.order_by(*order_by)


def network_carry_over_sources(*, network: Network) -> QuerySet[Network]:
    """The same ATS's networks of other periods, newest period first."""
    return (
        Network.objects.filter(ats_id=network.ats_id)
        .exclude(pk=network.pk)
        .select_related("ats", "period")
        .order_by("-period__starts_on")
    )


#: What a row of the member register shows (the export reads everything).
REGISTER_PAGE_COLUMNS = (
    "status",
    "member_since",
    "organisation__legal_name",
    "organisation__tax_code",
    "organisation__typology",
    "organisation__size_class",
    "organisation__comune__name",
)


def membership_register_page_rows(
    memberships: QuerySet[Membership],
) -> QuerySet[Membership]:
    """``membership_registry``'s rows as the register's page shows them: only
    the columns of the table, no areas (a page of rows costs less to load)."""
    return (
        memberships.prefetch_related(None)
        .select_related(None)
        .select_related("organisation__comune")
        .only(*REGISTER_PAGE_COLUMNS)
    )
