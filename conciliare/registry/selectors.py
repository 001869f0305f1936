"""Reads of the organisation registry."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import User
from conciliare.accounts.predicates import organisation_ids_of
from conciliare.registry.models import Organisation, Typology
from conciliare.registry.validators import normalise_tax_code
from conciliare.territory.models import ATS, Ambito

#: The sort orders a list may ask for: key -> ORDER BY, pk last so that pages
#: never overlap. Anything else falls back to the default.
ORGANISATION_ORDERINGS: dict[str, tuple[str, ...]] = {
    "legal_name": ("legal_name", "pk"),
    "-legal_name": ("-legal_name", "-pk"),
    "typology": ("typology", "legal_name", "pk"),
    "comune": ("comune__name", "legal_name", "pk"),
    "-created_at": ("-created_at", "-pk"),
}
DEFAULT_ORGANISATION_ORDERING = "legal_name"


def organisation_count_by_typology() -> list[dict[str, Any]]:
    """One row per typology (all seven, zeros included), counted by the database."""
    counts = dict(
        Organisation.objects.values("typology")
        .annotate(count=Count("pk"))
        .values_list("typology", "count")
    )
    return [
        {"typology": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Typology.choices
    ]


def organisation_visible_to(*, user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Every organisation ``user`` may open.

    Agrees with the ``registry.view_organisation`` rule: Region, ATS and
    committee see the whole registry, a representative their own
    organisations, everybody else nothing.
    """
    if user.has_perm("registry.view_organisation_list"):
        return Organisation.objects.all()
    own = organisation_ids_of(user)
    if own:
        return Organisation.objects.filter(pk__in=own)
    return Organisation.objects.none()


def organisation_get_for_user(*, user: User | AnonymousUser, pk: int) -> Organisation:
    """The same 404 for a missing and a forbidden organisation."""
    return get_object_or_404(
        organisation_visible_to(user=user).select_related(
            "comune__province", "ambito__ats"
        ),
        pk=pk,
    )


def organisation_get_by_tax_code(*, tax_code: str) -> Organisation | None:
    """The registered organisation with ``tax_code`` (normalised), if any.

    For the joining form, which needs to know whether to register it: the
    caller shows the organisation's name only to whoever may view it.
    """
    code = normalise_tax_code(tax_code)
    if not code:
        return None
    return Organisation.objects.filter(tax_code=code).first()


def organisation_list(
    *,
    user: User | AnonymousUser,
    search: str = "",
    typology: str = "",
    size_class: str = "",
    ambito: Ambito | int | None = None,
    ats: ATS | int | None = None,
    ordering: str = DEFAULT_ORGANISATION_ORDERING,
) -> QuerySet[Organisation]:
    """The organisations ``user`` may see, filtered and sorted for a list.

    ``search`` matches part of the legal name or a whole tax code / VAT
    number; an ``ordering`` outside ``ORGANISATION_ORDERINGS`` falls back to
    the default one.
    """
    organisations = organisation_visible_to(user=user).select_related(
        "comune__province", "ambito__ats"
    )
    search = search.strip()
    if search:
        code = normalise_tax_code(search)
        organisations = organisations.filter(
            Q(legal_name__icontains=search)
            | Q(tax_code=code)
            | Q(vat_number=code.removeprefix("IT"))
        )
    if typology:
        organisations = organisations.filter(typology=typology)
    if size_class:
        organisations = organisations.filter(size_class=size_class)
    if ambito is not None:
        organisations = organisations.filter(ambito=ambito)
    if ats is not None:
        organisations = organisations.filter(
            Q(ambito__ats=ats) | Q(ambito__isnull=True, comune__ambito__ats=ats)
        )
    order_by = ORGANISATION_ORDERINGS.get(
        ordering, ORGANISATION_ORDERINGS[DEFAULT_ORGANISATION_ORDERING]
    )
    return organisations.order_by(*order_by)


#: The columns the registry table shows (each row builds five model instances,
#: so loading only these keeps a page of 25 cheap).
LIST_ROW_FIELDS = (
    "legal_name",
    "tax_code",
    "vat_number",
    "typology",
    "size_class",
    "is_synthetic",
    "comune__name",
    "comune__province__code",
    "ambito__name",
)


def organisation_list_rows(**filters: Any) -> QuerySet[Organisation]:
    """``organisation_list`` with only what the registry table shows."""
    return (
        organisation_list(**filters)
        .select_related(None)
        .select_related("comune__province", "ambito")
        .only(*LIST_ROW_FIELDS)
    )
