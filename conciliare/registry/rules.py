"""Who may read and change the organisation registry (django-rules)."""

from typing import Any

import rules
from django.db.models import QuerySet

from conciliare.accounts.predicates import (
    is_ats_officer,
    is_ats_officer_of,
    is_committee_member,
    is_committee_member_of,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)
from conciliare.documents.grants import document_grant_register
from conciliare.registry.models import Membership


@rules.predicate
def is_representative_of(user: Any, organisation: Any) -> bool:
    """The user represents ``organisation`` (an Organisation, or None)."""
    return organisation is not None and organisation.pk in organisation_ids_of(user)


#: Region, ATS and committee see the whole registry (one registry per Region).
is_registry_reader = is_regional_officer | is_ats_officer | is_committee_member
#: Region and ATS officers keep the registry up to date.
is_registry_editor = is_regional_officer | is_ats_officer
#: Cheapest first: the role check reads the cached roles, then the object.
is_own_organisation = is_organisation_representative & is_representative_of

rules.add_perm("registry.view_organisation_list", is_registry_reader)
rules.add_perm("registry.view_organisation", is_registry_reader | is_own_organisation)
rules.add_perm("registry.add_organisation", is_registry_editor)
rules.add_perm("registry.change_organisation", is_registry_editor | is_own_organisation)


# Memberships (adesioni): objects expose ``ats_id`` (their network's ATS).


@rules.predicate
def represents_member(user: Any, membership: Any) -> bool:
    """The user represents the organisation of ``membership``."""
    return membership is not None and membership.organisation_id in organisation_ids_of(
        user
    )


@rules.predicate
def requested_membership(user: Any, membership: Any) -> bool:
    return (
        membership is not None
        and getattr(user, "is_authenticated", False)
        and membership.requested_by_id == user.pk
    )


#: Officers of the network's ATS, or of the Region, decide on memberships.
is_network_officer = is_ats_officer_of | is_regional_officer
is_member_representative = is_organisation_representative & represents_member

rules.add_perm(
    "registry.view_membership",
    is_network_officer
    | is_committee_member_of
    | is_member_representative
    | requested_membership,
)
rules.add_perm("registry.decide_membership", is_network_officer)
rules.add_perm(
    "registry.withdraw_membership", is_network_officer | is_member_representative
)
rules.add_perm("registry.confirm_membership", is_member_representative)
#: The pre-filled Modulo di adesione (PDF) and its signed copy: the person who
#: asked, and the officers who check the request.
rules.add_perm(
    "registry.download_membership_form", requested_membership | is_network_officer
)
rules.add_perm(
    "registry.attach_membership_signed_form", requested_membership | is_network_officer
)


def _signed_forms_requested_by(user: Any) -> QuerySet[Any]:
    return Membership.objects.filter(
        requested_by=user, signed_form__isnull=False
    ).values("signed_form_id")


# The signed form is a private document of the ATS: its requester reads it too.
document_grant_register(_signed_forms_requested_by)

#: On a Network (``ats_id``): list its requests, carry its members over.
rules.add_perm("registry.view_membership_queue", is_network_officer)
rules.add_perm("registry.carry_over_network", is_ats_officer_of)

# The other parts of the registry register their permissions in their own modules.
from conciliare.registry import (  # noqa: E402, F401
    committee_rules,
    membership_import_rules,
    network_rules,
)
