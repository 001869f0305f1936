"""Public REST API of the projects: the list, with the page's filters and
selector."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from conciliare.partnerships.public_api import filter_errors
from conciliare.projects.forms import ProjectFilterForm
from conciliare.projects.models import Project, ProjectStatus
from conciliare.projects.selectors import project_list_public

router = Router(tags=["projects"])

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class AreaOut(Schema):
    id: int
    number: int
    name: str


class ProjectOut(Schema):
    code: str
    title: str
    ats: str
    period: str
    alliance: str
    alliance_slug: str
    lead: str
    areas: list[AreaOut]
    summary: str
    website: str
    total_cost: Decimal | None
    public_funding: Decimal | None
    starts_on: date | None
    ends_on: date | None
    status: ProjectStatus
    status_label: str
    origin: str
    url: str

    @staticmethod
    def resolve_ats(obj: Project) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_period(obj: Project) -> str:
        return obj.period.slug

    @staticmethod
    def resolve_alliance(obj: Project) -> str:
        return obj.alliance.name

    @staticmethod
    def resolve_alliance_slug(obj: Project) -> str:
        return obj.alliance.slug

    @staticmethod
    def resolve_lead(obj: Project) -> str:
        return obj.alliance.lead.legal_name

    @staticmethod
    def resolve_areas(obj: Project) -> list[AreaOut]:
        return [
            AreaOut(id=area.pk, number=area.number, name=area.name)
            for area in obj.areas.all()
        ]

    @staticmethod
    def resolve_url(obj: Project, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.get_absolute_url())


@router.get("/", response=list[ProjectOut], summary="Progetti")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def project_list_api(
    request: HttpRequest,
    ats: str | None = None,
    period: str | None = None,
    area: int | None = None,
    status: ProjectStatus | None = None,
) -> QuerySet[Project]:
    """Projects, newest period first; ``ats`` and ``period`` are slugs,
    ``area`` the id of an intervention area."""
    form = ProjectFilterForm(
        {
            key: value
            for key, value in {
                "ats": ats,
                "period": period,
                "area": area,
                "status": status,
            }.items()
            if value is not None
        }
    )
    if not form.is_valid():
        raise HttpError(400, filter_errors(form))
    return project_list_public(**form.filters())
