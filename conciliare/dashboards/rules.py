"""Who may open the reserved dashboards (django-rules). The Region sees the 8
ATS; an ATS's officers see their own ATS's row only (the view filters the
figures by ``ats_ids_of(user, Role.ATS_OFFICER)``). The public figures of
``/numeri/`` need no permission.

An alliance's dashboard (its projects' money, beneficiaries and reports) is
for those who read its projects' monitoring (``monitoring.view_project``):
the Region, the ATS's officers and committee members, and the
representatives of the alliance's lead body."""

from typing import Any

import rules

from conciliare.accounts.predicates import (
    is_ats_officer,
    is_ats_officer_of,
    is_committee_member,
    is_committee_member_of,
    is_organisation_representative,
    is_regional_officer,
    organisation_ids_of,
)


@rules.predicate
def represents_alliance_lead(user: Any, alliance: Any) -> bool:
    return alliance is not None and alliance.lead_id in organisation_ids_of(user)


#: The whole Region: every ATS, no small-count suppression.
rules.add_perm("dashboards.view_region_dashboard", is_regional_officer)
#: The dashboard of the officer's own ATS.
rules.add_perm("dashboards.view_ats_dashboard", is_ats_officer)
#: The list of the alliances' dashboards the user may open.
rules.add_perm(
    "dashboards.list_alliance_dashboards",
    is_regional_officer
    | is_ats_officer
    | is_committee_member
    | is_organisation_representative,
)
#: On an alliance: its dashboard.
rules.add_perm(
    "dashboards.view_alliance_dashboard",
    is_regional_officer
    | is_ats_officer_of
    | is_committee_member_of
    | (is_organisation_representative & represents_alliance_lead),
)
