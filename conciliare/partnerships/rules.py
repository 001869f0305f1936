"""Who may run a local alliance and decide on who joins it (django-rules).

Alliances, partners and Schede partnership expose ``ats_id`` (the alliance's
ATS), so the ATS predicates of ``accounts/predicates.py`` apply to all three.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from conciliare.accounts.predicates import (
    is_ats_officer,
    is_ats_officer_of,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.documents.grants import document_grant_register


def _alliance_of(obj: Any) -> Any:
    """The alliance of ``obj`` (an Alliance, a Partner or a PartnerRequest)."""
    from conciliare.partnerships.models import Alliance

    if obj is None or isinstance(obj, Alliance):
        return obj
    return obj.alliance


@rules.predicate
def represents_lead(user: Any, obj: Any) -> bool:
    """The user represents the lead body (capofila) of the alliance of ``obj``."""
    alliance = _alliance_of(obj)
    return alliance is not None and alliance.lead_id in organisation_ids_of(user)


@rules.predicate
def is_unscoped_or_own_alliance(user: Any, alliance: Any) -> bool:
    """No alliance given (may the user create one at all?), or one of the
    user's ATS, or one the user's organisation would lead."""
    return (
        alliance is None
        or bool(is_ats_officer_of(user, alliance))
        or bool(represents_lead(user, alliance))
    )


@rules.predicate
def represents_organisation(user: Any, organisation: Any) -> bool:
    """``organisation`` (an Organisation) is one the user represents; with no
    organisation given: the user represents some organisation."""
    if organisation is None:
        return True
    return organisation.pk in organisation_ids_of(user)


@rules.predicate
def filed_request(user: Any, partner_request: Any) -> bool:
    return (
        partner_request is not None
        and getattr(user, "is_authenticated", False)
        and partner_request.requested_by_id == user.pk
    )


@rules.predicate
def represents_requester(user: Any, partner_request: Any) -> bool:
    """The user represents the organisation that asks to join."""
    return (
        partner_request is not None
        and partner_request.organisation_id in organisation_ids_of(user)
    )


#: The ATS of the alliance or the Region: any alliance of their scope.
is_alliance_officer = is_ats_officer_of | is_regional_officer
#: Who runs an alliance: its officers and the representatives of its lead.
is_alliance_manager = is_alliance_officer | (
    is_organisation_representative & represents_lead
)

# Without an object: may the user open the creation form? With the unsaved
# alliance (its ATS and lead set): may the user create *this* one?
rules.add_perm(
    "partnerships.add_alliance",
    is_regional_officer
    | (is_ats_officer & is_unscoped_or_own_alliance)
    | (is_organisation_representative & is_unscoped_or_own_alliance),
)
#: "Le mie alleanze": the people who may run alliances at all.
rules.add_perm(
    "partnerships.view_managed_alliances",
    is_regional_officer | is_ats_officer | is_organisation_representative,
)
#: The reserved pages of an alliance: its data, partners, documents, requests.
rules.add_perm("partnerships.manage_alliance", is_alliance_manager)
rules.add_perm("partnerships.change_alliance", is_alliance_manager)
rules.add_perm("partnerships.manage_partners", is_alliance_manager)
rules.add_perm("partnerships.attach_alliance_document", is_alliance_manager)
rules.add_perm("partnerships.change_alliance_lead", is_alliance_manager)

# Schede partnership. Filing: on an Organisation (or none: may the user file
# at all?); the others on a PartnerRequest with its alliance loaded.
rules.add_perm(
    "partnerships.file_partner_request",
    is_organisation_representative & represents_organisation,
)
#: The requester's list of their Schede partnership.
rules.add_perm("partnerships.view_own_partner_requests", is_organisation_representative)
rules.add_perm(
    "partnerships.view_partner_request",
    filed_request
    | (is_organisation_representative & represents_requester)
    | is_alliance_manager,
)
rules.add_perm(
    "partnerships.withdraw_partner_request",
    filed_request | (is_organisation_representative & represents_requester),
)
rules.add_perm("partnerships.decide_partner_request", is_alliance_manager)


def _documents_of_own_alliances(user: Any) -> QuerySet[Any]:
    """The agreement and documents of the alliances in which an organisation
    the user represents is a current partner (the lead included)."""
    from conciliare.documents.models import Document
    from conciliare.partnerships.models import Alliance

    organisation_ids = organisation_ids_of(user)
    if not organisation_ids:
        return Document.objects.none().values("pk")
    alliances = Alliance.objects.filter(
        partners__organisation_id__in=organisation_ids,
        partners__left_on__isnull=True,
    )
    return Document.objects.filter(
        Q(alliances__in=alliances) | Q(pk__in=alliances.values("agreement_id"))
    ).values("pk")


# A private agreement is a document of the ATS: its partners read it too.
document_grant_register(_documents_of_own_alliances)
