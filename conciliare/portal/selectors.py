"""Read-only figures and pages of the public portal, through the selectors of
the other apps; every figure is computed by the database."""

from typing import Any, TypedDict

from django.db.models import Sum

from conciliare.calls.models import Call, GuidanceDocument
from conciliare.calls.selectors import call_list_public, guidance_list_public
from conciliare.documents.models import Document
from conciliare.documents.selectors import document_list_public
from conciliare.partnerships.public_selectors import alliance_count_public
from conciliare.plans.models import PlanVersion
from conciliare.plans.plan_selectors import public_versions
from conciliare.projects.selectors import (
    AllianceProjectRow,
    alliance_project_rows,
    periods_with_alliances,
    project_figures_public,
)
from conciliare.registry.committee_selectors import committee_member_list
from conciliare.registry.models import CommitteeMember, Network
from conciliare.registry.network_selectors import network_list_public
from conciliare.registry.statistics_selectors import (
    MembershipStatistics,
    membership_statistics,
)
from conciliare.reviews.models import Ranking
from conciliare.reviews.ranking_selectors import ranking_list_public
from conciliare.territory.models import ATS, ProgrammingPeriod
from conciliare.territory.selectors import (
    allocation_total_for_period,
    ats_get,
    ats_list,
    period_current,
    period_latest_with_allocations,
)

#: Alliances shown in an ATS page's table for one period; the full list is
#: one click away (the alliance list filtered by ATS and period).
ATS_TABLE_LIMIT = 50
#: The ATS's documents shown on its page; the document list has them all.
ATS_DOCUMENTS_LIMIT = 10
#: The ATS's calls shown on its page, the newest first.
ATS_CALLS_LIMIT = 5


def home_figures() -> dict[str, Any]:
    funded = period_latest_with_allocations()
    period = period_current()
    members = (
        network_list_public()
        .filter(period=period)
        .aggregate(total=Sum("members_count"))["total"]
        if period is not None
        else None
    )
    return {
        "ats_list": ats_list(),
        "period": period,
        "members_total": members or 0,
        "alliance_total": alliance_count_public(),
        "projects": project_figures_public(),
        "funded_period": funded,
        "funded_total": allocation_total_for_period(period=funded) if funded else None,
    }


class AtsPage(TypedDict):
    ats: ATS
    networks: list[Network]
    network: Network | None
    stats: MembershipStatistics | None
    committee: list[CommitteeMember]
    periods: list[ProgrammingPeriod]
    period: ProgrammingPeriod | None
    period_unknown: bool
    rows: list[AllianceProjectRow]
    more_rows: bool
    documents: list[Document]
    more_documents: bool
    guidance: list[GuidanceDocument]
    calls: list[Call]
    more_calls: bool
    plans: list[PlanVersion]
    rankings: list[Ranking]


def ats_page(*, slug: str, period_slug: str = "") -> AtsPage:
    """Everything the public page of one ATS shows (404 for an unknown ATS).

    The network is the one of the current period (else the newest); the
    table of alliances and projects is for ``period_slug`` when the ATS had
    alliances then, else for the newest period in which it had any.
    """
    ats = ats_get(slug=slug)
    networks = list(network_list_public().filter(ats=ats))
    current = period_current()
    network = next(
        (n for n in networks if current is not None and n.period_id == current.pk),
        networks[0] if networks else None,
    )
    periods = periods_with_alliances(ats=ats)
    period = next((p for p in periods if p.slug == period_slug), None)
    period_unknown = bool(period_slug) and period is None
    if period is None and periods:
        period = periods[0]
    rows, more_rows = (
        alliance_project_rows(ats=ats, period=period, limit=ATS_TABLE_LIMIT)
        if period is not None
        else ([], False)
    )
    documents = list(document_list_public(ats=ats)[: ATS_DOCUMENTS_LIMIT + 1])
    calls = list(call_list_public().filter(ats=ats)[: ATS_CALLS_LIMIT + 1])
    return {
        "ats": ats,
        "networks": networks,
        "network": network,
        "stats": membership_statistics(network=network) if network else None,
        "committee": list(committee_member_list(network=network)) if network else [],
        "periods": periods,
        "period": period,
        "period_unknown": period_unknown,
        "rows": rows,
        "more_rows": more_rows,
        "documents": documents[:ATS_DOCUMENTS_LIMIT],
        "more_documents": len(documents) > ATS_DOCUMENTS_LIMIT,
        "guidance": list(guidance_list_public().filter(ats=ats)),
        "calls": calls[:ATS_CALLS_LIMIT],
        "more_calls": len(calls) > ATS_CALLS_LIMIT,
        # the plans and rankings are few per ATS: one per period and call
        "plans": list(public_versions().filter(plan__ats=ats)),
        "rankings": list(ranking_list_public().filter(ats=ats)),
    }
