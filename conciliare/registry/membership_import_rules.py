"""Who may import a member list into a network (imported by registry/rules.py).

The objects are a Network or a MembershipImport: both expose ``ats_id``.
"""

from collections.abc import Callable
from typing import Any

import rules

from conciliare.accounts.predicates import is_ats_officer_of

#: ``rules.add_perm`` is unannotated; the mypy override for ``*.rules`` misses
#: this module, so it is given a type here.
_add_perm: Callable[[str, Any], None] = rules.add_perm

#: The officers of the network's ATS upload, check and import member lists,
#: and see the imports of their networks.
_add_perm("registry.import_memberships", is_ats_officer_of)
