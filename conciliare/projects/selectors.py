"""Public reads of the projects: the list with its filters, one project's
page, the alliances-and-projects table of an ATS (seed 001) and the figures
of the home page. Every project is public (as on OpenCoesione): the portal
shows what ``Project`` holds, whoever created it (ADR 0009)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from conciliare.core.search import text_search
from conciliare.dashboards.project_implementation import (
    implementation_annotate,
    implementation_of,
)
from conciliare.partnerships.models import Alliance, Partner
from conciliare.projects.models import Project
from conciliare.territory.models import ATS, InterventionArea, ProgrammingPeriod


def _projects() -> QuerySet[Project]:
    return Project.objects.select_related(
        "alliance__lead", "alliance__ats", "ats", "period"
    )


def project_list_public(
    *,
    ats: ATS | None = None,
    period: ProgrammingPeriod | None = None,
    area: InterventionArea | None = None,
    status: str | None = None,
) -> QuerySet[Project]:
    """Projects with their alliance, lead body, ATS, period and areas, newest
    period first."""
    projects = _projects().prefetch_related("areas")
    if ats is not None:
        projects = projects.filter(ats=ats)
    if period is not None:
        projects = projects.filter(period=period)
    if area is not None:
        projects = projects.filter(areas=area)
    if status:
        projects = projects.filter(status=status)
    return projects.order_by("-period__starts_on", "ats__code", "code")


def project_get_public(*, code: str) -> Project:
    """One project with its areas, its alliance's current partners (404
    when missing) and ``implementation``: what it was paid and reached, for
    a project with a signed agreement of a public plan (else None)."""
    project = get_object_or_404(
        implementation_annotate(_projects()).prefetch_related(
            "areas",
            Prefetch(
                "alliance__partners",
                queryset=Partner.objects.filter(left_on__isnull=True)
                .select_related("organisation")
                .order_by("role", "organisation__legal_name", "pk"),
                to_attr="current_partners",
            ),
        ),
        code=code,
    )
    project.implementation = implementation_of(project)  # type: ignore[attr-defined]
    return project


def project_search_public(*, q: str) -> QuerySet[Project]:
    """Projects matching ``q`` in title, code, alliance or summary."""
    return text_search(
        _projects().order_by("title", "pk"),
        q=q,
        fields=["title", "code", "alliance__name", "summary"],
    )


def project_urls_public() -> QuerySet[Project]:
    """What the sitemap needs of every project."""
    return Project.objects.only("code", "updated_at").order_by("pk")


class ProjectFigures(TypedDict):
    count: int
    public_funding: Decimal


def project_figures_public() -> ProjectFigures:
    """How many projects and how much public funding, summed by the database."""
    figures = Project.objects.aggregate(
        count=Count("pk"), funding=Sum("public_funding")
    )
    return {
        "count": int(figures["count"]),
        "public_funding": figures["funding"] or Decimal("0"),
    }


def periods_with_alliances(*, ats: ATS) -> list[ProgrammingPeriod]:
    """The periods in which ``ats`` had alliances or projects, newest first."""
    return list(
        ProgrammingPeriod.objects.filter(
            Q(pk__in=Alliance.objects.filter(ats=ats).values("periods"))
            | Q(pk__in=Project.objects.filter(ats=ats).values("period"))
        ).order_by("-starts_on")
    )


@dataclass(frozen=True)
class AllianceProjectRow:
    """One line of the table an ATS publishes (seed 001): the lead body, the
    alliance, its project in the period (None when it has none) and the web
    page (the project's, else the alliance's, else the lead body's)."""

    alliance: Alliance
    project: Project | None

    @property
    def website(self) -> str:
        if self.project is not None and self.project.website:
            return self.project.website
        return self.alliance.website or self.alliance.lead.website


def alliance_project_rows(
    *, ats: ATS, period: ProgrammingPeriod, limit: int
) -> tuple[list[AllianceProjectRow], bool]:
    """The rows of ``ats``'s table for ``period`` (at most ``limit``
    alliances) and whether there were more."""
    in_period = Q(pk__in=Alliance.objects.filter(periods=period).values("pk")) | Q(
        pk__in=Project.objects.filter(period=period).values("alliance")
    )
    alliances = list(
        Alliance.objects.filter(in_period, ats=ats)
        .select_related("lead", "ats")
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=Project.objects.filter(period=period).order_by("code"),
                to_attr="period_projects",
            )
        )
        .order_by("lead__legal_name", "name", "pk")[: limit + 1]
    )
    rows: list[AllianceProjectRow] = []
    for alliance in alliances[:limit]:
        projects: list[Project | None] = list(alliance.period_projects) or [None]
        rows.extend(
            AllianceProjectRow(alliance=alliance, project=project)
            for project in projects
        )
    return rows, len(alliances) > limit
