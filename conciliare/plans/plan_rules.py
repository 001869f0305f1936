"""Who may read, prepare, approve, send and validate the Territorial Plans
(django-rules).

Plans and plan versions expose ``ats_id``, so the ATS predicates of
``accounts/predicates.py`` apply. The public versions (approved, sent,
validated) are read by everyone through the public pages, which need no
permission; these rules guard the reserved area. Whether a version may be
edited or moved to another status is the services' business (its status),
so that a refusal there says why.
"""

from typing import Any

import rules

from conciliare.accounts.predicates import (
    is_ats_officer,
    is_ats_officer_of,
    is_committee_member,
    is_committee_member_of,
    is_regional_officer,
)


@rules.predicate
def is_unscoped_or_ats_officer_of(user: Any, obj: Any) -> bool:
    """No object given (may the user create plans at all?), or one of the
    user's ATS (a call, a plan or a version)."""
    return obj is None or bool(is_ats_officer_of(user, obj))


#: The reserved list of plans: the ATS's officers and committee, the Region.
rules.add_perm(
    "plans.view_managed_plans",
    is_ats_officer | is_committee_member | is_regional_officer,
)
rules.add_perm(
    "plans.view_plan", is_ats_officer_of | is_committee_member_of | is_regional_officer
)
#: Creating the plan of a call (``obj`` is the call).
rules.add_perm("plans.add_plan", is_ats_officer & is_unscoped_or_ats_officer_of)
rules.add_perm("plans.change_plan", is_ats_officer_of)
rules.add_perm("plans.approve_plan", is_ats_officer_of)
rules.add_perm("plans.send_plan", is_ats_officer_of)
#: Rimodulazione: a new version of a validated plan.
rules.add_perm("plans.amend_plan", is_ats_officer_of)
#: Validating or returning a plan sent to the Region.
rules.add_perm("plans.validate_plan", is_regional_officer)
#: The Region's view of the plans of the 8 ATS.
rules.add_perm("plans.view_region_plans", is_regional_officer)
