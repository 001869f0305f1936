"""Reads of the rankings: the officers' view of a call's ranking (draft
included) and the public approved ones, each list constant in queries."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.calls.models import Call
from conciliare.core.money import AmountFormatter
from conciliare.reviews.models import (
    Ranking,
    RankingEntry,
    RankingOutcome,
    RankingStatus,
    RankingStep,
)


def ranking_call_visible_to(*, user: Any) -> QuerySet[Call]:
    """The calls whose ranking ``user`` may read in the reserved area (agrees
    with ``reviews.view_ranking``): the user's ATS's, every one for the Region."""
    if is_regional_officer(user):
        return Call.objects.all()
    return Call.objects.filter(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER))


def ranking_call_get(*, pk: int) -> Call:
    """The call (with what its ranking page reads), 404 when missing."""
    return get_object_or_404(Call.objects.select_related("ats", "period"), pk=pk)


def ranking_of_call(*, call: Call) -> Ranking | None:
    return (
        Ranking.objects.select_related("document", "approved_by", "computed_by")
        .filter(call_id=call.pk)
        .first()
    )


def ranking_entries(*, ranking: Ranking) -> QuerySet[RankingEntry]:
    """The entries in ranking order (the not admitted last), with the
    alliance and its lead body read in the same query."""
    return RankingEntry.objects.filter(ranking=ranking).select_related(
        "application__alliance__lead"
    )


def ranking_steps(*, ranking: Ranking) -> QuerySet[RankingStep]:
    return RankingStep.objects.filter(ranking=ranking).select_related(
        "entry__application__alliance", "made_by"
    )


def ranking_list_public() -> QuerySet[Ranking]:
    """The approved rankings, the latest approved first, with their counts."""
    return (
        Ranking.objects.filter(status=RankingStatus.APPROVED)
        .select_related("call__period", "ats", "document")
        .annotate(
            funded_count=Count(
                "entries",
                filter=Q(
                    entries__outcome__in=[
                        RankingOutcome.FUNDED,
                        RankingOutcome.PARTLY_FUNDED,
                    ]
                ),
            ),
            entry_count=Count("entries"),
        )
        .order_by("-approved_at", "pk")
    )


def ranking_get_public(*, pk: int) -> Ranking:
    """An approved ranking; 404 for a draft or a missing one."""
    ranking = (
        Ranking.objects.filter(status=RankingStatus.APPROVED)
        .select_related("call__period", "ats", "document")
        .filter(pk=pk)
        .first()
    )
    if ranking is None:
        raise Http404
    return ranking


@dataclass(frozen=True)
class RankingRow:
    """One line of a ranking's lists, amounts already formatted."""

    entry: RankingEntry
    position: int | None
    alliance: str
    lead: str
    title: str
    score: Decimal | None
    requested: str
    awarded: str
    outcome: str
    note: str


@dataclass(frozen=True)
class RankingLists:
    """The three lists of a ranking, and its totals formatted."""

    funded: list[RankingRow]
    not_funded: list[RankingRow]
    not_admitted: list[RankingRow]
    budget: str
    allocated: str
    remaining: str


def ranking_lists(*, ranking: Ranking) -> RankingLists:
    """The entries of ``ranking`` split into *ammesse e finanziate*,
    *ammesse non finanziate* (below the minimum score, beyond the budget, or
    renounced) and *non ammesse*, in one query."""
    formatter = AmountFormatter()
    funded: list[RankingRow] = []
    not_funded: list[RankingRow] = []
    not_admitted: list[RankingRow] = []
    for entry in ranking_entries(ranking=ranking):
        application = entry.application
        note = entry.tie_break_note
        if entry.below_min_score:
            note = " ".join(
                filter(
                    None, [str(_("Punteggio inferiore al minimo dell'avviso.")), note]
                )
            )
        elif entry.grant_cap is not None:
            note = " ".join(
                filter(
                    None,
                    [
                        str(_("Contributo ridotto a € %(amount)s."))
                        % {"amount": formatter.amount(entry.grant_cap)},
                        note,
                    ],
                )
            )
        row = RankingRow(
            entry=entry,
            position=entry.position,
            alliance=application.alliance.name,
            lead=application.alliance.lead.legal_name,
            title=application.title,
            score=entry.total_score,
            requested="€ " + formatter.amount(entry.grant_requested),
            awarded="€ " + formatter.amount(entry.grant_awarded),
            outcome=entry.get_outcome_display(),
            note=note,
        )
        if entry.outcome == RankingOutcome.NOT_ADMITTED:
            not_admitted.append(row)
        elif entry.is_funded:
            funded.append(row)
        else:
            not_funded.append(row)
    return RankingLists(
        funded=funded,
        not_funded=not_funded,
        not_admitted=not_admitted,
        budget="€ " + formatter.amount(ranking.budget),
        allocated="€ " + formatter.amount(ranking.allocated),
        remaining="€ " + formatter.amount(ranking.budget - ranking.allocated),
    )
