"""Public REST API of the calls (Avvisi): the published ones, and one with
its rules, evaluation criteria, required attachments and amendments. Calls
in preparation do not exist here (404)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from conciliare.calls.forms import CallFilterForm
from conciliare.calls.models import (
    Call,
    CallAmendment,
    EvaluationCriterion,
    RequiredAttachment,
)
from conciliare.calls.selectors import call_get_public, call_list_public
from conciliare.partnerships.public_api import filter_errors
from conciliare.territory.models import InterventionArea

router = Router(tags=["calls"])

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class CallOut(Schema):
    id: int
    title: str
    ats: str
    period: str
    status: str
    status_label: str
    opens_at: datetime
    closes_at: datetime
    total_budget: Decimal
    url: str

    @staticmethod
    def resolve_ats(obj: Call) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_period(obj: Call) -> str:
        return obj.period.slug

    @staticmethod
    def resolve_status_label(obj: Call) -> str:
        return obj.public_status_at(timezone.now())

    @staticmethod
    def resolve_url(obj: Call, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.get_absolute_url())


class AreaOut(Schema):
    id: int
    number: int
    name: str


class RulesOut(Schema):
    lead_typologies: list[str]
    min_partners: int
    min_public_partners: int
    min_small_firms: int
    partners_must_be_network_members: bool
    min_cofinancing_share: Decimal
    min_grant: Decimal
    max_grant: Decimal
    activities_end_by: date


class CriterionOut(Schema):
    name: str
    description: str
    max_points: Decimal
    weight: Decimal


class RequiredAttachmentOut(Schema):
    name: str
    description: str
    is_mandatory: bool


class AmendmentOut(Schema):
    number: int
    reason: str
    amended_at: datetime


class CallDetailOut(CallOut):
    description: str
    guidance_url: str | None
    act_number: str
    act_date: date | None
    projects_budget: Decimal
    system_action_budget: Decimal
    system_action_share: Decimal
    min_score: Decimal
    is_open: bool
    areas: list[AreaOut]
    rules: RulesOut
    criteria: list[CriterionOut]
    required_attachments: list[RequiredAttachmentOut]
    amendments: list[AmendmentOut]

    @staticmethod
    def resolve_guidance_url(obj: Call, context: dict[str, Any]) -> str | None:
        guidance = obj.guidance
        if guidance is None or not guidance.is_adopted:
            return None
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(guidance.get_absolute_url())

    @staticmethod
    def resolve_is_open(obj: Call) -> bool:
        return obj.is_open_at(timezone.now())

    @staticmethod
    def resolve_areas(obj: Call) -> list[InterventionArea]:
        return list(obj.areas.order_by("number"))

    @staticmethod
    def resolve_rules(obj: Call) -> dict[str, Any]:
        rules = obj.composition_rules
        return {
            "lead_typologies": list(rules.lead_typologies),
            "min_partners": rules.min_partners,
            "min_public_partners": rules.min_public_partners,
            "min_small_firms": rules.min_small_firms,
            "partners_must_be_network_members": rules.partners_must_be_network_members,
            "min_cofinancing_share": obj.min_cofinancing_share,
            "min_grant": obj.min_grant,
            "max_grant": obj.max_grant,
            "activities_end_by": obj.activities_end_by,
        }

    @staticmethod
    def resolve_criteria(obj: Call) -> list[EvaluationCriterion]:
        return list(obj.criteria.all())

    @staticmethod
    def resolve_required_attachments(obj: Call) -> list[RequiredAttachment]:
        return list(obj.required_attachments.all())

    @staticmethod
    def resolve_amendments(obj: Call) -> list[CallAmendment]:
        return list(obj.amendments.all())


@router.get("/", response=list[CallOut], summary="Avvisi pubblicati")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def call_list_api(request: HttpRequest, ats: str | None = None) -> QuerySet[Call]:
    """Published calls, the newest first; ``ats`` is an ATS slug."""
    form = CallFilterForm({"ats": ats} if ats is not None else {})
    if not form.is_valid():
        raise HttpError(400, filter_errors(form))
    return call_list_public().filter(**form.filters())


@router.get("/{call_id}", response=CallDetailOut, summary="Un avviso con le regole")
def call_detail_api(request: HttpRequest, call_id: int) -> Call:
    """One published call: budget, window, admitted areas, the rules an
    application must meet, evaluation criteria, attachments, amendments."""
    return call_get_public(pk=call_id)
