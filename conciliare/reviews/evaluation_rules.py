"""Who may assign, declare, score and agree the committee's evaluation
(django-rules).

Officers act on an ``ApplicationReview`` (or on a ``Call`` for the page of
its assignments): the officers of the call's ATS assign the seats and, as
the committee's secretary, record the consensus. Evaluators act on their own
``EvaluatorAssignment``: they declare first, and only an evaluator without a
conflict of interest (declared or found automatically) may ever read or
score the application. When the state of the work (already submitted,
consensus recorded) refuses an action, the service says why.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from conciliare.accounts.predicates import (
    is_ats_officer_of,
    is_committee_member,
)
from conciliare.documents.grants import document_grant_register


@rules.predicate
def is_assigned_evaluator(user: Any, assignment: Any) -> bool:
    """The person who holds the assignment's seat."""
    return (
        assignment is not None
        and getattr(user, "pk", None) is not None
        and assignment.evaluator_id == user.pk
    )


@rules.predicate
def is_undeclared(user: Any, assignment: Any) -> bool:
    return assignment is not None and assignment.conflict_status == "undeclared"


@rules.predicate
def is_cleared(user: Any, assignment: Any) -> bool:
    """The evaluator declared no conflict of interest (and none was found)."""
    return assignment is not None and assignment.conflict_status == "none"


@rules.predicate
def is_assignment_officer(user: Any, assignment: Any) -> bool:
    """An officer of the ATS of the assignment's review."""
    return assignment is not None and is_ats_officer_of(user, assignment.review)


#: On a Call: the page of its assignments (admissible applications, seats).
rules.add_perm("reviews.manage_evaluation", is_ats_officer_of)
#: On an ApplicationReview: assign a seat, record and reopen the consensus,
#: read the evaluators' submitted scores.
rules.add_perm("reviews.assign_evaluator", is_ats_officer_of)
rules.add_perm("reviews.view_evaluation", is_ats_officer_of)
rules.add_perm("reviews.record_consensus", is_ats_officer_of)
rules.add_perm("reviews.reopen_consensus", is_ats_officer_of)
#: On an EvaluatorAssignment.
rules.add_perm("reviews.remove_assignment", is_assignment_officer)
rules.add_perm("reviews.view_assignment", is_assigned_evaluator | is_assignment_officer)
rules.add_perm("reviews.declare_conflict", is_committee_member & is_assigned_evaluator)
rules.add_perm(
    "reviews.view_assigned_application",
    is_committee_member & is_assigned_evaluator & is_cleared,
)
rules.add_perm(
    "reviews.score_application",
    is_committee_member & is_assigned_evaluator & is_cleared,
)
#: "Le mie valutazioni": the evaluator's queue.
rules.add_perm("reviews.view_evaluation_queue", is_committee_member)


def _documents_of_assigned_applications(user: Any) -> QuerySet[Any]:
    """The attachments of the applications the user evaluates without a
    conflict of interest (shown with the submitted application)."""
    from conciliare.applications.models import ApplicationAttachment
    from conciliare.reviews.models import ConflictStatus, EvaluatorAssignment

    applications = EvaluatorAssignment.objects.filter(
        evaluator_id=user.pk, conflict_status=ConflictStatus.NONE
    ).values("review__application_id")
    return ApplicationAttachment.objects.filter(application_id__in=applications).values(
        "document_id"
    )


document_grant_register(_documents_of_assigned_applications)
