"""Who may compute, approve and move the ranking (graduatoria) of a call
(django-rules). Calls and rankings expose ``ats_id``, so the ATS predicates
of ``accounts/predicates.py`` apply to both. An approved ranking is public:
its public page and API need no permission."""

from typing import Any

import rules

from conciliare.accounts.predicates import is_ats_officer_of, is_regional_officer


@rules.predicate
def is_draft_ranking(user: Any, ranking: Any) -> bool:
    return ranking is not None and ranking.status == "draft"


@rules.predicate
def is_approved_ranking(user: Any, ranking: Any) -> bool:
    return ranking is not None and ranking.status == "approved"


#: On a Call: read its ranking in the reserved area, draft included (the
#: ATS's officers; the Region reads every ATS's).
rules.add_perm("reviews.view_ranking", is_ats_officer_of | is_regional_officer)
#: On a Call: compute (or recompute) the proposal.
rules.add_perm("reviews.compute_ranking", is_ats_officer_of)
#: On a Ranking: approve the proposal by an act of the ATS.
rules.add_perm("reviews.approve_ranking", is_ats_officer_of & is_draft_ranking)
#: On a Ranking: record a renunciation or a reduction (scorrimento).
rules.add_perm("reviews.scroll_ranking", is_ats_officer_of & is_approved_ranking)
