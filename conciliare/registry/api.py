"""REST API of the organisation registry: reads only, through the selectors."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from conciliare.accounts.models import User
from conciliare.core.permissions import ensure_perm
from conciliare.registry import selectors
from conciliare.registry.models import Organisation, SizeClass, Typology
from conciliare.territory.models import ATS
from conciliare.territory.selectors import ats_get

router = Router(tags=["registry"])


class ApiRequest(HttpRequest):
    """A request that passed ``django_auth``: ``auth`` is the signed-in user."""

    auth: User


#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class OrganisationOut(Schema):
    id: int
    legal_name: str
    tax_code: str
    vat_number: str
    typology: Typology
    typology_label: str
    size_class: SizeClass
    comune: str
    ambito: str | None
    ats: str | None
    is_synthetic: bool

    @staticmethod
    def resolve_typology_label(obj: Organisation) -> str:
        return str(obj.get_typology_display())

    @staticmethod
    def resolve_comune(obj: Organisation) -> str:
        return obj.comune.name

    @staticmethod
    def resolve_ambito(obj: Organisation) -> str | None:
        return obj.ambito.name if obj.ambito else None

    @staticmethod
    def resolve_ats(obj: Organisation) -> str | None:
        return obj.ambito.ats.slug if obj.ambito else None


class OrganisationDetailOut(OrganisationOut):
    legal_form: str
    legal_form_label: str
    size_class_label: str
    address: str
    postal_code: str
    province: str
    pec: str
    email: str
    phone: str
    website: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_legal_form_label(obj: Organisation) -> str:
        return str(obj.get_legal_form_display())

    @staticmethod
    def resolve_size_class_label(obj: Organisation) -> str:
        return str(obj.get_size_class_display())

    @staticmethod
    def resolve_province(obj: Organisation) -> str:
        return obj.comune.province.code


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=django_auth,
    summary="Elenco degli enti",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def organisation_list_api(
    request: ApiRequest,
    typology: Typology | None = None,
    ats: str | None = None,
    q: str = "",
) -> QuerySet[Organisation]:
    """Organisations in the registry, by legal name; ``ats`` is the ATS slug."""
    ensure_perm(request.auth, "registry.view_organisation_list")
    ats_filter: ATS | None = None
    if ats:
        try:
            ats_filter = ats_get(slug=ats)
        except Http404:
            raise HttpError(400, f"ATS sconosciuta: {ats}") from None
    return selectors.organisation_list(
        user=request.auth,
        search=q,
        typology=typology or "",
        ats=ats_filter,
    )


@router.get(
    "/organisations/{pk}",
    response=OrganisationDetailOut,
    auth=django_auth,
    summary="Scheda di un ente",
)
def organisation_detail_api(request: ApiRequest, pk: int) -> Organisation:
    return selectors.organisation_get_for_user(user=request.auth, pk=pk)
