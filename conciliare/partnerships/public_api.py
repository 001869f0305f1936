"""Public REST API of the local alliances: the list (same filters and
selectors as the page) and one alliance with its partners and projects."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from conciliare.partnerships.models import Alliance, Partner
from conciliare.partnerships.public_forms import AllianceFilterForm
from conciliare.partnerships.public_selectors import (
    alliance_get_public,
    alliance_list_public,
    alliance_projects_public,
)

router = Router(tags=["alliances"])

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


def filter_errors(form: Any) -> str:
    """The form's errors in one line, for a 400 answer."""
    return "; ".join(
        f"{field}: {' '.join(str(m) for m in messages)}"
        for field, messages in form.errors.items()
    )


class AllianceOut(Schema):
    ats: str
    slug: str
    name: str
    lead: str
    lead_typology: str
    periods: list[str]
    partners_count: int
    projects_count: int
    website: str
    is_open_to_partners: bool
    url: str

    @staticmethod
    def resolve_ats(obj: Alliance) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_lead(obj: Alliance) -> str:
        return obj.lead.legal_name

    @staticmethod
    def resolve_lead_typology(obj: Alliance) -> str:
        return obj.lead.typology

    @staticmethod
    def resolve_periods(obj: Alliance) -> list[str]:
        return [period.slug for period in obj.periods.all()]

    @staticmethod
    def resolve_url(obj: Alliance, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.get_absolute_url())


class PartnerOut(Schema):
    organisation: str
    typology: str
    typology_label: str
    role: str
    role_label: str
    joined_on: date

    @staticmethod
    def resolve_organisation(obj: Partner) -> str:
        return obj.organisation.legal_name

    @staticmethod
    def resolve_typology(obj: Partner) -> str:
        return obj.organisation.typology

    @staticmethod
    def resolve_typology_label(obj: Partner) -> str:
        return obj.organisation.typology_label


class AllianceProjectOut(Schema):
    code: str
    title: str
    period: str
    status: str
    public_funding: Decimal | None


class AllianceDetailOut(Schema):
    ats: str
    slug: str
    name: str
    description: str
    lead: str
    periods: list[str]
    ambiti: list[str]
    website: str
    contact_name: str
    contact_email: str
    contact_phone: str
    is_open_to_partners: bool
    partners: list[PartnerOut]
    projects: list[AllianceProjectOut]


@router.get("/", response=list[AllianceOut], summary="Alleanze locali")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def alliance_list_api(
    request: HttpRequest,
    ats: str | None = None,
    period: str | None = None,
    area: int | None = None,
) -> QuerySet[Alliance]:
    """Alliances by ATS and name; ``ats`` and ``period`` are slugs, ``area``
    the id of an intervention area (alliances with a project in it)."""
    form = AllianceFilterForm(
        {
            key: value
            for key, value in {"ats": ats, "period": period, "area": area}.items()
            if value is not None
        }
    )
    if not form.is_valid():
        raise HttpError(400, filter_errors(form))
    return alliance_list_public(**form.filters())


@router.get(
    "/{ats}/{slug}", response=AllianceDetailOut, summary="Un'alleanza con i partner"
)
def alliance_detail_api(request: HttpRequest, ats: str, slug: str) -> dict[str, Any]:
    """One alliance: current partners (organisations only), ambiti, periods,
    projects and the contact the alliance publishes."""
    alliance = alliance_get_public(ats_slug=ats, slug=slug)
    return {
        "ats": alliance.ats.slug,
        "slug": alliance.slug,
        "name": alliance.name,
        "description": alliance.description,
        "lead": alliance.lead.legal_name,
        "periods": [period.slug for period in alliance.periods.all()],
        "ambiti": [ambito.name for ambito in alliance.ambiti.all()],
        "website": alliance.website,
        "contact_name": alliance.contact_name,
        "contact_email": alliance.contact_email,
        "contact_phone": alliance.contact_phone,
        "is_open_to_partners": alliance.is_open_to_partners,
        "partners": alliance.current_partners,  # type: ignore[attr-defined]
        "projects": [
            {
                "code": project.code,
                "title": project.title,
                "period": project.period.slug,
                "status": project.status,
                "public_funding": project.public_funding,
            }
            for project in alliance_projects_public(alliance=alliance)
        ],
    }
