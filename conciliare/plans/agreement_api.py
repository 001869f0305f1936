"""API of the agreements (convenzioni): the ones the signed-in user may
read, and one with its instalments and deadlines. Session authentication;
an agreement the user may not read is a 404, as a missing one."""

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from conciliare.accounts.models import User
from conciliare.plans.agreement_selectors import (
    agreement_get_for_user,
    agreement_visible_to,
)
from conciliare.plans.models import Agreement

router = Router(tags=["agreements"], auth=django_auth)

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class ApiRequest(HttpRequest):
    auth: User


class AgreementFilters(Schema):
    plan: int | None = None
    ats: str | None = None


class InstalmentOut(Schema):
    position: int
    kind: str
    share: Decimal
    amount: Decimal
    condition: str


class DeadlineOut(Schema):
    kind: str
    due_on: date
    description: str


class AgreementOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    ats: str
    plan: int
    plan_version: int
    project_code: str
    project_title: str
    lead: str
    grant: Decimal
    signed_on: date | None

    @staticmethod
    def resolve_status_label(obj: Agreement) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_ats(obj: Agreement) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_plan(obj: Agreement) -> int:
        return obj.plan_version.plan_id

    @staticmethod
    def resolve_plan_version(obj: Agreement) -> int:
        return obj.plan_version.number

    @staticmethod
    def resolve_project_code(obj: Agreement) -> str:
        return obj.project.code

    @staticmethod
    def resolve_project_title(obj: Agreement) -> str:
        return obj.project.title

    @staticmethod
    def resolve_lead(obj: Agreement) -> str:
        return obj.project.alliance.lead.legal_name


class AgreementDetailOut(AgreementOut):
    body: str
    instalments: list[InstalmentOut]
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_instalments(obj: Agreement) -> list[object]:
        return list(obj.instalments.all())

    @staticmethod
    def resolve_deadlines(obj: Agreement) -> list[object]:
        return list(obj.deadlines.all())


@router.get("/", response=list[AgreementOut], summary="Convenzioni visibili")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def agreement_list_api(
    request: ApiRequest, filters: Query[AgreementFilters]
) -> QuerySet[Agreement]:
    """The agreements the user may read (filters: ``plan`` id, ``ats`` slug)."""
    agreements = agreement_visible_to(request.auth).order_by("number")
    if filters.plan is not None:
        agreements = agreements.filter(plan_version__plan_id=filters.plan)
    if filters.ats:
        agreements = agreements.filter(ats__slug=filters.ats)
    return agreements


@router.get("/{pk}", response=AgreementDetailOut, summary="Una convenzione")
def agreement_detail_api(request: ApiRequest, pk: int) -> Agreement:
    """404 alike for a missing agreement and for one the user may not see."""
    return agreement_get_for_user(user=request.auth, pk=pk)
