"""Who may prepare, submit and read an alliance's application (django-rules).

Applications expose ``ats_id``. A draft is the alliance's own: its lead
body's representatives write it, its partners' representatives read it and
confirm their part; the ATS and the Region read an application once it has
been submitted (and keep reading it if it is withdrawn).
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from conciliare.accounts.predicates import (
    is_ats_officer_of,
    is_committee_member,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.documents.grants import document_grant_register


@rules.predicate
def represents_lead(user: Any, application: Any) -> bool:
    """The user represents the lead body of the application's alliance."""
    return (
        application is not None
        and application.alliance.lead_id in organisation_ids_of(user)
    )


@rules.predicate
def represents_partner(user: Any, application: Any) -> bool:
    """The user represents a current partner of the application's alliance."""
    organisation_ids = organisation_ids_of(user)
    return (
        application is not None
        and bool(organisation_ids)
        and application.alliance.partners.filter(
            organisation_id__in=organisation_ids, left_on__isnull=True
        ).exists()
    )


@rules.predicate
def is_editable(user: Any, application: Any) -> bool:
    return application is not None and application.is_editable


@rules.predicate
def is_submitted(user: Any, application: Any) -> bool:
    return application is not None and application.status == "submitted"


@rules.predicate
def was_submitted(user: Any, application: Any) -> bool:
    """Submitted now, or once (then withdrawn): the ATS has received it."""
    return application is not None and (
        application.status == "submitted" or application.submitted_at is not None
    )


@rules.predicate
def evaluates_without_conflict(user: Any, application: Any) -> bool:
    """The user is a committee member assigned to evaluate the application who
    declared no conflict of interest (none found either): an evaluator with a
    conflict, or who has not declared yet, never reads it."""
    from conciliare.reviews.models import ConflictStatus, EvaluatorAssignment

    return (
        application is not None
        and getattr(user, "pk", None) is not None
        and EvaluatorAssignment.objects.filter(
            review__application_id=application.pk,
            evaluator_id=user.pk,
            conflict_status=ConflictStatus.NONE,
        ).exists()
    )


@rules.predicate
def leads_alliance(user: Any, alliance: Any) -> bool:
    """Without an object: may the user start applications at all?"""
    if alliance is None:
        return True
    return alliance.lead_id in organisation_ids_of(user)


#: Officers of the ATS and the Region, once the application reached them.
is_application_officer = (is_ats_officer_of | is_regional_officer) & was_submitted
#: The committee members who evaluate it, once they declared no conflict.
is_application_evaluator = (
    is_committee_member & evaluates_without_conflict & was_submitted
)
#: The alliance's own people: its lead and its partners.
is_application_team = is_organisation_representative & (
    represents_lead | represents_partner
)

#: On an Alliance (or none): start an application for it.
rules.add_perm(
    "applications.add_application", is_organisation_representative & leads_alliance
)
#: "Le mie domande": the list of the user's alliances' applications.
rules.add_perm("applications.view_own_applications", is_organisation_representative)
rules.add_perm(
    "applications.view_application",
    is_application_team | is_application_officer | is_application_evaluator,
)
rules.add_perm(
    "applications.change_application",
    is_organisation_representative & represents_lead & is_editable,
)
rules.add_perm(
    "applications.submit_application",
    is_organisation_representative & represents_lead & is_editable,
)
rules.add_perm(
    "applications.withdraw_application",
    is_organisation_representative & represents_lead & is_submitted,
)
#: A partner confirms its own role and contribution in a draft.
rules.add_perm(
    "applications.confirm_partnership",
    is_organisation_representative & represents_partner & is_editable,
)


def _documents_of_own_applications(user: Any) -> QuerySet[Any]:
    """The attachments and receipts of the applications of the alliances in
    which an organisation the user represents is a current partner."""
    from conciliare.applications.models import ApplicationAttachment, Submission
    from conciliare.documents.models import Document

    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return Document.objects.none().values("pk")
    team = Q(
        application__alliance__partners__organisation_id__in=organisation_ids,
        application__alliance__partners__left_on__isnull=True,
    )
    return Document.objects.filter(
        Q(pk__in=ApplicationAttachment.objects.filter(team).values("document_id"))
        | Q(pk__in=Submission.objects.filter(team).values("receipt_id"))
    ).values("pk")


document_grant_register(_documents_of_own_applications)
