"""What the open data may publish, and the reads of the project datasets.

A project is published when it comes from the historical data (already on
/progetti/) or when a version of its Territorial Plan that was made public
funds it: approved by the ATS, sent to the Region, validated, or validated
and since superseded by a rimodulazione. A project only in a draft or a
returned plan is never published. Its public funding is the grant of the
latest such version. Partners are the current ones (those /alleanze/ shows).
"""

from datetime import date, datetime

from django.db.models import (
    DateTimeField,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from conciliare.partnerships.models import Partner, PartnerRole
from conciliare.plans.models import PlanProject, PlanStatus
from conciliare.plans.plan_selectors import PUBLIC_STATUSES
from conciliare.projects.models import Project, ProjectOrigin
from conciliare.territory.models import Allocation

#: Versions of a plan that are, or were, public.
PUBLISHED_PLAN_STATUSES = (*PUBLIC_STATUSES, PlanStatus.SUPERSEDED)


def published_plan_rows() -> QuerySet[PlanProject]:
    return PlanProject.objects.filter(version__status__in=PUBLISHED_PLAN_STATUSES)


def published_projects() -> QuerySet[Project]:
    """The projects the open data may name."""
    return Project.objects.filter(
        Q(origin=ProjectOrigin.HISTORICAL)
        | Q(Exists(published_plan_rows().filter(project=OuterRef("pk"))))
    )


def _latest_plan_row(field: str) -> Subquery:
    return Subquery(
        published_plan_rows()
        .filter(project=OuterRef("pk"))
        .order_by("-version__number")
        .values(field)[:1]
    )


def project_rows_open() -> QuerySet[Project]:
    """Published projects with what the projects dataset shows: ATS and its
    region and provinces, period, alliance with its lead and ambiti, areas,
    and ``plan_grant`` / ``plan_total_cost`` from the latest published plan
    version that funds them (None for the historical ones)."""
    return (
        published_projects()
        .select_related("ats__region", "period", "alliance__lead")
        .prefetch_related("areas", "ats__provinces", "alliance__ambiti")
        .annotate(
            plan_grant=_latest_plan_row("grant"),
            plan_total_cost=_latest_plan_row("total_cost"),
        )
        .order_by("-period__starts_on", "ats__code", "code")
    )


def subject_rows_open() -> QuerySet[Project]:
    """Published projects with their ATS, lead body and current partners
    (``open_partners``, the lead body excluded)."""
    return (
        published_projects()
        .select_related("ats", "period", "alliance__lead")
        .prefetch_related(
            Prefetch(
                "alliance__partners",
                queryset=Partner.objects.filter(
                    left_on__isnull=True, role=PartnerRole.PARTNER
                )
                .select_related("organisation")
                .order_by("organisation__legal_name", "pk"),
                to_attr="open_partners",
            )
        )
        .order_by("-period__starts_on", "ats__code", "code")
    )


def projects_modified() -> date | None:
    moment = published_projects().aggregate(last=Max("updated_at"))["last"]
    return _day(moment)


def subjects_modified() -> date | None:
    moments = [
        published_projects().aggregate(last=Max("updated_at"))["last"],
        Partner.objects.filter(alliance__projects__in=published_projects()).aggregate(
            last=Max("updated_at", output_field=DateTimeField())
        )["last"],
    ]
    return _day(max((m for m in moments if m is not None), default=None))


def allocation_rows_open() -> QuerySet[Allocation]:
    return Allocation.objects.select_related("ats", "period").order_by(
        "-period__starts_on", "ats__code", "year"
    )


def allocations_modified() -> date | None:
    """The allocations are set by the period's DGR and decree: the latest
    of their dates."""
    dates = allocation_rows_open().aggregate(
        dgr=Max("period__dgr_date"), decree=Max("period__decree_date")
    )
    return max((d for d in dates.values() if d is not None), default=None)


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None
