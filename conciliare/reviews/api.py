"""API of the rankings: public once approved. A draft does not exist here (404)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from conciliare.reviews.models import Ranking, RankingEntry
from conciliare.reviews.ranking_selectors import (
    ranking_entries,
    ranking_get_public,
    ranking_list_public,
)

router = Router(tags=["rankings"])

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100


class RankingOut(Schema):
    id: int
    call_id: int
    call_title: str
    ats: str
    period: str
    act_number: str
    act_date: date | None
    approved_at: datetime | None
    budget: Decimal
    allocated: Decimal
    document_url: str | None
    url: str

    @staticmethod
    def resolve_call_title(obj: Ranking) -> str:
        return obj.call.title

    @staticmethod
    def resolve_ats(obj: Ranking) -> str:
        return obj.ats.slug

    @staticmethod
    def resolve_period(obj: Ranking) -> str:
        return obj.call.period.slug

    @staticmethod
    def resolve_document_url(obj: Ranking, context: dict[str, Any]) -> str | None:
        if obj.document is None:
            return None
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(obj.document.get_download_url())

    @staticmethod
    def resolve_url(obj: Ranking, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return request.build_absolute_uri(
            reverse("rankings:ranking-detail", kwargs={"pk": obj.pk})
        )


class EntryOut(Schema):
    position: int | None
    application_id: int
    title: str
    alliance: str
    lead: str
    total_score: Decimal | None
    below_min_score: bool
    grant_requested: Decimal
    grant_awarded: Decimal
    outcome: str
    outcome_label: str
    tie_break_note: str

    @staticmethod
    def resolve_title(obj: RankingEntry) -> str:
        return obj.application.title

    @staticmethod
    def resolve_alliance(obj: RankingEntry) -> str:
        return obj.application.alliance.name

    @staticmethod
    def resolve_lead(obj: RankingEntry) -> str:
        return obj.application.alliance.lead.legal_name

    @staticmethod
    def resolve_outcome_label(obj: RankingEntry) -> str:
        return obj.get_outcome_display()


class StepOut(Schema):
    number: int
    kind: str
    reason: str
    act_number: str
    act_date: date | None
    made_at: datetime
    changes: list[dict[str, Any]]


class RankingDetailOut(RankingOut):
    committee_minutes: str
    entries: list[EntryOut]
    steps: list[StepOut]

    @staticmethod
    def resolve_entries(obj: Ranking) -> list[RankingEntry]:
        return list(ranking_entries(ranking=obj))

    @staticmethod
    def resolve_steps(obj: Ranking) -> list[Any]:
        return list(obj.steps.all())


@router.get("/", response=list[RankingOut], summary="Graduatorie approvate")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def ranking_list_api(
    request: HttpRequest, ats: str | None = None, period: str | None = None
) -> QuerySet[Ranking]:
    """Approved rankings, the latest approved first; ``ats`` and ``period``
    are slugs."""
    rankings = ranking_list_public()
    if ats:
        rankings = rankings.filter(ats__slug=ats)
    if period:
        rankings = rankings.filter(call__period__slug=period)
    return rankings


@router.get(
    "/{ranking_id}", response=RankingDetailOut, summary="Una graduatoria approvata"
)
def ranking_detail_api(request: HttpRequest, ranking_id: int) -> Ranking:
    """One approved ranking with every entry (position, score, requested and
    awarded grant, outcome, tie-break) and its scorrimenti."""
    return ranking_get_public(pk=ranking_id)
