"""Who may read and change the organisation registry (django-rules)."""

from typing import Any

import rules

from conciliare.accounts.predicates import (
    is_ats_officer,
    is_committee_member,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)


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
