"""Who may open the reserved dashboard (django-rules). The Region sees the 8
ATS; an ATS's officers see their own ATS's row only (the view filters the
figures by ``ats_ids_of(user, Role.ATS_OFFICER)``). The public figures of
``/numeri/`` need no permission."""

import rules

from conciliare.accounts.predicates import is_ats_officer, is_regional_officer

#: The whole Region: every ATS, no small-count suppression.
rules.add_perm("dashboards.view_region_dashboard", is_regional_officer)
#: The dashboard of the officer's own ATS.
rules.add_perm("dashboards.view_ats_dashboard", is_ats_officer)
