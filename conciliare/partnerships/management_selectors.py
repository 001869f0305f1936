"""Reads of the reserved pages of the alliances: the alliances a person runs,
their partners, documents and composition check."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role, User
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.documents.models import Document
from conciliare.partnerships.composition import RuleFailure, composition_check
from conciliare.partnerships.models import (
    Alliance,
    CompositionRules,
    Partner,
    PartnerRequestStatus,
    PartnerRole,
)
from conciliare.registry.models import Network
from conciliare.territory.models import ProgrammingPeriod


def alliance_list_managed_by(*, user: User | AnonymousUser) -> QuerySet[Alliance]:
    """The alliances ``user`` runs (agrees with ``partnerships.manage_alliance``):
    every one for the Region, those of their ATS for ATS officers, those
    their organisations lead for representatives; with the number of current
    partners and of requests waiting."""
    alliances = Alliance.objects.select_related("ats", "lead").annotate(
        partners_count=Count(
            "partners", filter=Q(partners__left_on__isnull=True), distinct=True
        ),
        open_requests_count=Count(
            "partner_requests",
            filter=Q(partner_requests__status=PartnerRequestStatus.REQUESTED),
            distinct=True,
        ),
    )
    if not user.is_authenticated:
        return alliances.none()
    if is_regional_officer(user):
        return alliances.order_by("name", "pk")
    condition = Q(pk__in=[])
    ats_ids = ats_ids_of(user, Role.ATS_OFFICER)
    if ats_ids:
        condition |= Q(ats_id__in=ats_ids)
    organisation_ids = organisation_ids_of(user)
    if organisation_ids:
        condition |= Q(lead_id__in=organisation_ids)
    return alliances.filter(condition).order_by("name", "pk")


def alliance_get(*, pk: int) -> Alliance:
    """An alliance with what its reserved pages show (404 when missing).

    Alliances are public: the pages check ``has_perm`` and answer 403."""
    return get_object_or_404(
        Alliance.objects.select_related("ats", "lead", "agreement"), pk=pk
    )


def alliance_partner_list(*, alliance: Alliance) -> QuerySet[Partner]:
    """Every partner of ``alliance``, the current ones first (lead on top),
    then those who left, most recent first."""
    return (
        Partner.objects.filter(alliance=alliance)
        .select_related("organisation")
        .order_by(
            F("left_on").desc(nulls_first=True),
            "role",
            "organisation__legal_name",
            "pk",
        )
    )


def alliance_partner_get(*, alliance: Alliance, pk: int) -> Partner:
    return get_object_or_404(
        Partner.objects.select_related("organisation", "alliance__ats"),
        alliance=alliance,
        pk=pk,
    )


def alliance_current_partner_choices(*, alliance: Alliance) -> QuerySet[Partner]:
    """The current partners that could become the lead."""
    return (
        Partner.objects.filter(alliance=alliance, left_on__isnull=True)
        .exclude(role=PartnerRole.LEAD)
        .select_related("organisation")
        .order_by("organisation__legal_name", "pk")
    )


def alliance_document_list(*, alliance: Alliance) -> QuerySet[Document]:
    return alliance.documents.order_by("-valid_from", "title", "pk")


def alliance_period_list(*, alliance: Alliance) -> list[ProgrammingPeriod]:
    return list(alliance.periods.order_by("starts_on"))


@dataclass(frozen=True)
class PeriodCheck:
    """The composition check of an alliance against one period's rules;
    ``rules`` is None when the period has none."""

    period: ProgrammingPeriod
    rules: CompositionRules | None
    failures: list[RuleFailure]

    @property
    def complies(self) -> bool:
        return self.rules is not None and not self.failures


def alliance_composition_report(
    *,
    alliance: Alliance,
    partners: list[Partner],
    periods: list[ProgrammingPeriod],
) -> list[PeriodCheck]:
    """The check of the current ``partners`` (already read) against the
    rules of each period: a fixed number of queries, whatever the partners."""
    current = [p.organisation for p in partners if p.is_current]
    rules_by_period = {
        rules.period_id: rules
        for rules in CompositionRules.objects.filter(period__in=periods)
    }
    needs_network = [
        period_id
        for period_id, rules in rules_by_period.items()
        if rules.partners_must_be_network_members
    ]
    networks = (
        {
            network.period_id: network
            for network in Network.objects.select_related("ats", "period").filter(
                ats_id=alliance.ats_id, period_id__in=needs_network
            )
        }
        if needs_network
        else {}
    )
    report = []
    for period in periods:
        rules = rules_by_period.get(period.pk)
        failures = (
            composition_check(
                lead=alliance.lead,
                partners=current,
                rules=rules,
                network=networks.get(period.pk),
            )
            if rules is not None
            else []
        )
        report.append(PeriodCheck(period=period, rules=rules, failures=failures))
    return report
