"""Public reads of the local alliances (Alleanze): the list with its filters,
one alliance's page (partners, ambiti, periods, public documents) and its
projects. Only organisations appear as partners: no personal data beyond
the contact the alliance itself publishes."""

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.core.search import text_search
from conciliare.documents.models import Document
from conciliare.partnerships.models import Alliance, Partner
from conciliare.territory.models import ATS, InterventionArea, ProgrammingPeriod

if TYPE_CHECKING:  # projects depends on partnerships, not the other way round
    from conciliare.projects.models import Project


def _periods() -> Prefetch[str, QuerySet[ProgrammingPeriod], str]:
    return Prefetch("periods", queryset=ProgrammingPeriod.objects.order_by("starts_on"))


def _in_period(period: ProgrammingPeriod) -> Q:
    """Alliances of ``period``: listed in it, or with a project in it."""
    return Q(pk__in=Alliance.objects.filter(periods=period).values("pk")) | Q(
        pk__in=Alliance.objects.filter(projects__period=period).values("pk")
    )


def alliance_list_public(
    *,
    ats: ATS | None = None,
    period: ProgrammingPeriod | None = None,
    area: InterventionArea | None = None,
) -> QuerySet[Alliance]:
    """Alliances with ATS, lead body, periods and the number of current
    partners and of projects, by ATS and name.

    ``area`` keeps the alliances with a project in that intervention area.
    """
    alliances = (
        Alliance.objects.select_related("ats", "lead")
        .prefetch_related(_periods())
        .annotate(
            partners_count=Count(
                "partners", filter=Q(partners__left_on__isnull=True), distinct=True
            ),
            projects_count=Count("projects", distinct=True),
        )
        .order_by("ats__code", "name", "pk")
    )
    if ats is not None:
        alliances = alliances.filter(ats=ats)
    if period is not None:
        alliances = alliances.filter(_in_period(period))
    if area is not None:
        alliances = alliances.filter(
            pk__in=Alliance.objects.filter(projects__areas=area).values("pk")
        )
    return alliances


def alliance_get_public(*, ats_slug: str, slug: str) -> Alliance:
    """One alliance with its current partners (``current_partners``, lead
    first), ambiti, periods and public documents (``public_documents``); the
    partnership agreement is shown only when public. 404 when missing."""
    return get_object_or_404(
        Alliance.objects.select_related("ats", "lead", "agreement").prefetch_related(
            Prefetch(
                "partners",
                queryset=Partner.objects.filter(left_on__isnull=True)
                .select_related("organisation")
                .order_by("role", "organisation__legal_name", "pk"),
                to_attr="current_partners",
            ),
            "ambiti",
            _periods(),
            Prefetch(
                "documents",
                queryset=Document.objects.filter(is_public=True).order_by(
                    "-valid_from", "title", "pk"
                ),
                to_attr="public_documents",
            ),
        ),
        ats__slug=ats_slug,
        slug=slug,
    )


def alliance_projects_public(*, alliance: Alliance) -> "QuerySet[Project]":
    """The alliance's projects with period and areas, newest period first."""
    return (
        alliance.projects.select_related("period")
        .prefetch_related("areas")
        .order_by("-period__starts_on", "code")
    )


def alliance_search_public(*, q: str) -> QuerySet[Alliance]:
    """Alliances matching ``q`` in name, lead body or description."""
    return text_search(
        Alliance.objects.select_related("ats", "lead").order_by("name", "pk"),
        q=q,
        fields=["name", "lead__legal_name", "description"],
    )


def alliance_urls_public() -> QuerySet[Alliance]:
    """What the sitemap needs of every alliance."""
    return (
        Alliance.objects.select_related("ats")
        .only("slug", "updated_at", "ats__slug")
        .order_by("pk")
    )


def alliance_count_public() -> int:
    return Alliance.objects.count()
