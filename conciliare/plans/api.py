"""Public REST API of the Territorial Plans: the plans with a public version
(approved, sent or validated: the latest of them), and one plan with the
projects, system actions, funding and monitoring of that version. Plans
without a public version do not exist here (404)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from conciliare.plans.models import PlanVersion
from conciliare.plans.plan_selectors import (
    VersionContent,
    public_filter,
    public_version_get_by_plan,
    public_versions,
    version_content_rows,
)
from conciliare.territory.models import ATS, ProgrammingPeriod

router = Router(tags=["plans"])

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class PlanOut(Schema):
    id: int
    title: str
    ats: str
    period: str
    version: int
    status: str
    status_label: str
    act_number: str
    act_date: date | None
    approved_at: datetime | None
    validated_at: datetime | None
    url: str

    @staticmethod
    def resolve_id(obj: PlanVersion) -> int:
        return obj.plan_id

    @staticmethod
    def resolve_title(obj: PlanVersion) -> str:
        return obj.plan.title

    @staticmethod
    def resolve_ats(obj: PlanVersion) -> str:
        return obj.plan.ats.slug

    @staticmethod
    def resolve_period(obj: PlanVersion) -> str:
        return obj.plan.period.slug

    @staticmethod
    def resolve_version(obj: PlanVersion) -> int:
        return obj.number

    @staticmethod
    def resolve_status_label(obj: PlanVersion) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_url(obj: PlanVersion, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.plan.get_absolute_url())


class ProjectOut(Schema):
    code: str
    title: str
    lead: str
    alliance: str
    website: str
    grant: Decimal
    cofinancing: Decimal
    total_cost: Decimal


class SystemActionOut(Schema):
    title: str
    description: str
    activities: str
    budget: Decimal
    operators: list[str]
    operators_note: str
    starts_on: date | None
    ends_on: date | None


class FundingOut(Schema):
    kind: str
    kind_label: str
    description: str
    amount: Decimal


class MilestoneOut(Schema):
    kind: str
    kind_label: str
    due_on: date
    indicators: str
    description: str


class PlanDetailOut(PlanOut):
    summary: str
    act_url: str | None
    pdf_url: str | None
    projects: list[ProjectOut]
    system_actions: list[SystemActionOut]
    funding: list[FundingOut]
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_act_url(obj: PlanVersion, context: dict[str, Any]) -> str | None:
        if obj.act_document is None:
            return None
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.act_document.get_absolute_url())

    @staticmethod
    def resolve_pdf_url(obj: PlanVersion, context: dict[str, Any]) -> str | None:
        if obj.document is None:
            return None
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.document.get_absolute_url())

    @staticmethod
    def resolve_projects(obj: PlanVersion) -> list[dict[str, Any]]:
        return [
            {
                "code": row.project.code,
                "title": row.project.title,
                "lead": row.project.alliance.lead.legal_name,
                "alliance": row.project.alliance.name,
                "website": row.project.website,
                "grant": row.grant,
                "cofinancing": row.cofinancing,
                "total_cost": row.total_cost,
            }
            for row in _rows(obj).projects
        ]

    @staticmethod
    def resolve_system_actions(obj: PlanVersion) -> list[dict[str, Any]]:
        return [
            {
                "title": action.title,
                "description": action.description,
                "activities": action.activities,
                "budget": action.budget,
                "operators": [o.legal_name for o in action.operators.all()],
                "operators_note": action.operators_note,
                "starts_on": action.starts_on,
                "ends_on": action.ends_on,
            }
            for action in _rows(obj).actions
        ]

    @staticmethod
    def resolve_funding(obj: PlanVersion) -> list[dict[str, Any]]:
        return [
            {
                "kind": row.kind,
                "kind_label": str(row.get_kind_display()),
                "description": row.description,
                "amount": row.amount,
            }
            for row in _rows(obj).funding
        ]

    @staticmethod
    def resolve_milestones(obj: PlanVersion) -> list[dict[str, Any]]:
        return [
            {
                "kind": row.kind,
                "kind_label": str(row.get_kind_display()),
                "due_on": row.due_on,
                "indicators": row.indicators,
                "description": row.description,
            }
            for row in _rows(obj).milestones
        ]


def _rows(version: PlanVersion) -> VersionContent:
    """The version's rows, read once for all the resolvers."""
    rows: VersionContent | None = getattr(version, "_content_rows", None)
    if rows is None:
        rows = version_content_rows(version=version)
        setattr(version, "_content_rows", rows)  # noqa: B010
    return rows


@router.get("/", response=list[PlanOut], summary="Piani Territoriali approvati")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def plan_list_api(
    request: HttpRequest, ats: str | None = None, period: str | None = None
) -> QuerySet[PlanVersion]:
    """Plans with a public version, the newest period first; ``ats`` and
    ``period`` are slugs."""
    errors = {}
    if ats and not ATS.objects.filter(slug=ats).exists():
        errors["ats"] = [f"ATS sconosciuta: {ats}"]
    if period and not ProgrammingPeriod.objects.filter(slug=period).exists():
        errors["period"] = [f"Periodo sconosciuto: {period}"]
    if errors:
        raise HttpError(400, str(errors))
    return public_filter(public_versions(), ats=ats or "", period=period or "")


@router.get("/{plan_id}", response=PlanDetailOut, summary="Un piano con i contenuti")
def plan_detail_api(request: HttpRequest, plan_id: int) -> PlanVersion:
    """One plan's public version: its funded projects, system actions,
    funding sources and monitoring milestones."""
    return public_version_get_by_plan(pk=plan_id)
