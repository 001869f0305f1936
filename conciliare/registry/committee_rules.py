"""Permissions of the committee pages (imported by registry/rules.py).

Objects are a Network, a CommitteeMember or a CommitteeMeeting: each exposes
``ats_id`` (its network's ATS).
"""

from collections.abc import Callable
from typing import Any

import rules

from conciliare.accounts.predicates import (
    is_ats_officer_of,
    is_committee_member_of,
    is_regional_officer,
)

#: Officers of the network's ATS, or of the Region, run its committee.
is_committee_manager = is_ats_officer_of | is_regional_officer

#: ``rules.add_perm`` is unannotated; the mypy override for ``*.rules`` misses
#: this module's name, so it is typed here once.
_add_perm: Callable[[str, Any], None] = rules.add_perm

_add_perm("registry.manage_committee", is_committee_manager)
_add_perm("registry.view_committee", is_committee_manager | is_committee_member_of)
