"""Who may run the admissibility check (istruttoria formale) of a call's
applications and answer a soccorso istruttorio (django-rules).

Calls and ``ApplicationReview`` rows expose ``ats_id``, so the ATS
predicates of ``accounts/predicates.py`` apply to both. A
``ClarificationRequest`` is reached through its review's application.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from conciliare.accounts.predicates import (
    is_ats_officer_of,
    is_committee_member_of,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.documents.grants import document_grant_register


@rules.predicate
def represents_request_lead(user: Any, request: Any) -> bool:
    """The user represents the lead body of the application the request is about."""
    return (
        request is not None
        and request.review.application.alliance.lead_id in organisation_ids_of(user)
    )


@rules.predicate
def is_open_request(user: Any, request: Any) -> bool:
    return request is not None and request.closed_at is None


#: On a Call: open its admissibility check (and generate its minutes).
rules.add_perm("reviews.start_review", is_ats_officer_of)
rules.add_perm("reviews.generate_admissibility_minutes", is_ats_officer_of)
#: On a Call or an ApplicationReview: read the check (the committee may read).
rules.add_perm(
    "reviews.view_review",
    is_ats_officer_of | is_regional_officer | is_committee_member_of,
)
#: On an ApplicationReview.
rules.add_perm("reviews.decide_admissibility", is_ats_officer_of)
rules.add_perm("reviews.request_clarification", is_ats_officer_of)
#: On a ClarificationRequest: the lead body's representative, while it is open.
rules.add_perm(
    "reviews.answer_clarification",
    is_organisation_representative & represents_request_lead & is_open_request,
)


def _documents_of_own_clarifications(user: Any) -> QuerySet[Any]:
    """The files sent with the answers to the soccorsi istruttori of the
    applications whose alliance has the user's organisation as a partner."""
    from conciliare.reviews.models import ClarificationDocument

    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return ClarificationDocument.objects.none().values("document_id")
    return ClarificationDocument.objects.filter(
        request__review__application__alliance__partners__organisation_id__in=organisation_ids,
        request__review__application__alliance__partners__left_on__isnull=True,
    ).values("document_id")


document_grant_register(_documents_of_own_clarifications)
