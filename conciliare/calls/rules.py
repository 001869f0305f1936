"""Who may draft the DTI and run the calls of an ATS (django-rules).

Guidance documents and calls expose ``ats_id``, so the ATS predicates of
``accounts/predicates.py`` apply. Adopted DTIs and published calls are
public: their public pages need no permission.
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
def is_draft(user: Any, obj: Any) -> bool:
    return obj is not None and obj.status == "draft"


@rules.predicate
def is_public_call(user: Any, call: Any) -> bool:
    return call is not None and call.status != "draft"


@rules.predicate
def is_adopted(user: Any, guidance: Any) -> bool:
    return guidance is not None and guidance.status == "adopted"


@rules.predicate
def is_published(user: Any, call: Any) -> bool:
    return call is not None and call.status == "published"


@rules.predicate
def is_unscoped_or_ats_officer_of(user: Any, obj: Any) -> bool:
    """No object given (may the user create one at all?), or one of the
    user's ATS."""
    return obj is None or bool(is_ats_officer_of(user, obj))


#: The ATS's staff and the Region see what is still in preparation.
is_call_staff = is_ats_officer_of | is_committee_member_of | is_regional_officer

# -- Documento Territoriale di Indirizzo -----------------------------------
rules.add_perm("calls.add_guidance", is_ats_officer & is_unscoped_or_ats_officer_of)
rules.add_perm("calls.view_guidance", is_adopted | is_call_staff)
#: The reserved list of DTIs: the ATS's officers and committee, the Region.
rules.add_perm(
    "calls.view_managed_guidance",
    is_ats_officer | is_committee_member | is_regional_officer,
)
#: Drafted by the ATS's officers and its committee, until it is adopted.
rules.add_perm(
    "calls.change_guidance", (is_ats_officer_of | is_committee_member_of) & is_draft
)
rules.add_perm("calls.adopt_guidance", is_ats_officer_of & is_draft)

# -- Calls -------------------------------------------------------------------
#: The reserved list of calls: an ATS's officers and committee, the Region.
rules.add_perm("calls.view_managed_calls", is_ats_officer | is_regional_officer)
rules.add_perm("calls.add_call", is_ats_officer & is_unscoped_or_ats_officer_of)
rules.add_perm("calls.view_call", is_public_call | is_call_staff)
rules.add_perm("calls.manage_call", is_ats_officer_of | is_regional_officer)
rules.add_perm("calls.change_call", is_ats_officer_of & is_draft)
rules.add_perm("calls.publish_call", is_ats_officer_of & is_draft)
rules.add_perm("calls.amend_call", is_ats_officer_of & is_published)
#: The applications submitted to a call, their totals and export.
rules.add_perm("calls.view_call_applications", is_ats_officer_of | is_regional_officer)
