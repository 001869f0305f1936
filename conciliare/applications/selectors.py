"""Reads of the applications. A draft is visible to its alliance only; the
ATS and the Region see an application once it has been submitted."""

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.applications.models import Application, ApplicationStatus, Submission
from conciliare.calls.models import Call
from conciliare.partnerships.models import Partner
from conciliare.territory.models import InterventionArea


def application_visible_to(*, user: Any) -> QuerySet[Application]:
    """Every application ``user`` may open (agrees with
    ``applications.view_application``)."""
    condition = Q(pk__in=[])
    organisation_ids = organisation_ids_of(user)
    if organisation_ids:
        alliances = Partner.objects.filter(
            organisation_id__in=organisation_ids, left_on__isnull=True
        ).values("alliance_id")
        condition |= Q(alliance_id__in=alliances)
    reached = Q(status=ApplicationStatus.SUBMITTED) | Q(submitted_at__isnull=False)
    if ats_ids_of(user, Role.COMMITTEE_MEMBER):
        condition |= reached & Q(pk__in=_evaluated_without_conflict(user))
    if is_regional_officer(user):
        condition |= reached
    else:
        officer_ats = ats_ids_of(user, Role.ATS_OFFICER)
        if officer_ats:
            condition |= reached & Q(ats_id__in=officer_ats)
    return Application.objects.filter(condition)


def _evaluated_without_conflict(user: Any) -> QuerySet[Any]:
    """The applications ``user`` evaluates having declared no conflict of
    interest (agrees with ``evaluates_without_conflict``)."""
    from conciliare.reviews.models import ConflictStatus, EvaluatorAssignment

    return EvaluatorAssignment.objects.filter(
        evaluator_id=user.pk, conflict_status=ConflictStatus.NONE
    ).values("review__application_id")


def application_get_for_user(*, user: Any, pk: int) -> Application:
    """Same 404 for missing and forbidden."""
    return get_object_or_404(
        application_visible_to(user=user).select_related(
            "call",
            "call__ats",
            "call__period",
            "call__composition_rules",
            "alliance",
            "alliance__lead",
            "ats",
            "current_submission",
            "updated_by",
        ),
        pk=pk,
    )


def application_list_for_user(*, user: Any) -> QuerySet[Application]:
    """ "Le mie domande": the applications of the alliances in which an
    organisation the user represents is a partner (the lead included)."""
    organisation_ids = organisation_ids_of(user)
    alliances = Partner.objects.filter(
        organisation_id__in=organisation_ids, left_on__isnull=True
    ).values("alliance_id")
    return (
        Application.objects.filter(alliance_id__in=alliances)
        .select_related("call", "call__ats", "alliance", "current_submission")
        .order_by("-updated_at", "pk")
    )


def application_list_for_call(*, call: Call) -> QuerySet[Application]:
    """The applications the ATS has received for ``call`` (submitted, or
    submitted and then withdrawn), in the order they were submitted."""
    return (
        Application.objects.filter(call=call, submitted_at__isnull=False)
        .select_related("alliance", "alliance__lead", "current_submission")
        .order_by("submitted_at", "pk")
    )


def call_application_counts(*, call: Call) -> dict[str, int]:
    """How many applications of ``call`` are in each status (drafts included:
    the officers see how many are being prepared, never their content)."""
    counts = dict(
        Application.objects.filter(call=call)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ApplicationStatus.values}


def call_totals_by_area(*, call: Call) -> QuerySet[InterventionArea]:
    """Each area the call admits with the number of valid submissions that
    name it and the grant they request (an application naming two areas
    counts in both), computed by the database."""
    valid = Q(
        applications__call=call,
        applications__status=ApplicationStatus.SUBMITTED,
    )
    return call.areas.annotate(
        application_count=Count("applications", filter=valid),
        grant_requested=Sum(
            "applications__current_submission__grant_requested", filter=valid
        ),
        total_cost=Sum("applications__current_submission__total_cost", filter=valid),
    ).order_by("number")


def call_totals(*, call: Call) -> dict[str, Any]:
    """The valid submissions of ``call``: how many, cost and grant requested."""
    return Submission.objects.filter(
        application__call=call, withdrawn_at__isnull=True
    ).aggregate(
        count=Count("pk"),
        grant_requested=Sum("grant_requested"),
        total_cost=Sum("total_cost"),
    )
