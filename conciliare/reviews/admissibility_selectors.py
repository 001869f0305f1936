"""Reads of the admissibility check: the reviews a person may see (agrees
with ``reviews.view_review``), a call's list of reviews, a review's
clarifications and the requests a lead body may answer."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import (
    ats_ids_of,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.applications.models import Application, ApplicationStatus
from conciliare.calls.models import Call
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ClarificationRequest,
    MinutesKind,
    ReviewMinutes,
)


def review_visible_to(user: Any) -> QuerySet[ApplicationReview]:
    """The reviews ``user`` may read: those of the user's ATS (officers and
    committee members), every one for the Region."""
    reviews = ApplicationReview.objects.all()
    if is_regional_officer(user):
        return reviews
    return reviews.filter(
        ats_id__in=ats_ids_of(user, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER)
    )


def review_get_for_user(*, user: Any, pk: int) -> ApplicationReview:
    """One review (404 when missing or not the user's to read)."""
    return get_object_or_404(
        review_visible_to(user).select_related(
            "call__ats",
            "call__period",
            "ats",
            "decided_by",
            "application__alliance__lead",
            "application__current_submission",
        ),
        pk=pk,
    )


def review_list_for_call(*, call: Call) -> QuerySet[ApplicationReview]:
    """The reviews of ``call`` in the order the applications were submitted,
    with what the list shows (one query, whatever the number of rows)."""
    return (
        ApplicationReview.objects.filter(call=call)
        .select_related(
            "application__alliance__lead", "application__current_submission"
        )
        .order_by("application__current_submission__submitted_at", "pk")
    )


def review_counts(*, call: Call) -> dict[str, int]:
    """How many reviews of ``call`` are in each status (every status listed)."""
    counts = {status.value: 0 for status in AdmissibilityStatus}
    for row in (
        ApplicationReview.objects.filter(call=call)
        .values("status")
        .annotate(number=Count("pk"))
        .order_by()
    ):
        counts[row["status"]] = row["number"]
    return counts


def submitted_application_count(*, call: Call) -> int:
    """Applications with a valid submission (those the check reviews)."""
    return Application.objects.filter(
        call=call, status=ApplicationStatus.SUBMITTED, current_submission__isnull=False
    ).count()


def clarification_list_for_review(
    *, review: ApplicationReview
) -> list[ClarificationRequest]:
    return list(
        review.clarifications.select_related("requested_by", "answered_by")
        .prefetch_related("documents__document", "documents__requirement")
        .order_by("number")
    )


def clarification_visible_to_team(user: Any) -> QuerySet[ClarificationRequest]:
    """The requests on the applications of the alliances in which one of the
    user's organisations is a current partner (the lead included)."""
    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return ClarificationRequest.objects.none()
    return ClarificationRequest.objects.filter(
        review__application__alliance__partners__organisation_id__in=organisation_ids,
        review__application__alliance__partners__left_on__isnull=True,
    ).distinct()


def clarification_get_for_team(*, user: Any, pk: int) -> ClarificationRequest:
    return get_object_or_404(
        clarification_visible_to_team(user).select_related(
            "review__call__ats",
            "review__application__alliance__lead",
            "review__application__current_submission",
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class ApplicantOutcome:
    """What the lead body reads of the check on its application."""

    review: ApplicationReview | None
    open_request: ClarificationRequest | None


def applicant_outcome(*, application: Application) -> ApplicantOutcome:
    review = (
        ApplicationReview.objects.filter(application=application)
        .select_related("call")
        .first()
    )
    if review is None:
        return ApplicantOutcome(review=None, open_request=None)
    open_request = review.clarifications.filter(closed_at__isnull=True).first()
    return ApplicantOutcome(review=review, open_request=open_request)


def minutes_latest(*, call: Call) -> ReviewMinutes | None:
    return (
        ReviewMinutes.objects.filter(call=call, kind=MinutesKind.ADMISSIBILITY)
        .select_related("document")
        .order_by("-number")
        .first()
    )
