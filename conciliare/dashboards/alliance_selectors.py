"""Reads of the alliances' dashboards: which alliances the user may open
(agrees with ``dashboards.view_alliance_dashboard``: those with a project
under an agreement) and the projects of one with what its tables show."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.dashboards.implementation_selectors import followed_projects
from conciliare.partnerships.models import Alliance
from conciliare.projects.models import Project


def alliance_visible_to(user: Any) -> QuerySet[Alliance]:
    """The alliances with a followed project whose dashboard ``user`` may
    open: the Region all, the ATS's officers and committee members those of
    their ATS, the lead body's representatives their own."""
    alliances = Alliance.objects.filter(
        Exists(followed_projects().filter(alliance=OuterRef("pk")))
    ).select_related("ats", "lead")
    if user is None or not getattr(user, "is_authenticated", False):
        return alliances.none()
    if is_regional_officer(user):
        return alliances
    return alliances.filter(
        Q(ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER))
        | Q(lead_id__in=organisation_ids_of(user))
    )


def alliance_get_for_user(*, user: Any, pk: int) -> Alliance:
    """The alliance, or 404 alike for a missing one and a forbidden one."""
    return get_object_or_404(alliance_visible_to(user), pk=pk)


def alliance_list_for_user(*, user: Any) -> QuerySet[Alliance]:
    """The visible alliances with ``projects_count``, by ATS and name."""
    return (
        alliance_visible_to(user)
        .annotate(
            projects_count=Count(
                "projects", filter=Q(projects__agreement__isnull=False)
            )
        )
        .order_by("ats__code", "name", "pk")
    )


def alliance_projects(alliance: Alliance) -> QuerySet[Project]:
    """The alliance's followed projects with their period and agreement,
    newest period first."""
    return (
        followed_projects()
        .filter(alliance=alliance)
        .select_related("period", "agreement")
        .order_by("-period__starts_on", "code")
    )
