"""Permissions of the network pages (imported by registry/rules.py)."""

from collections.abc import Callable
from typing import Any

import rules

from conciliare.accounts.predicates import is_ats_officer_of, is_regional_officer

#: ``rules.add_perm`` is unannotated; the mypy override for ``*.rules`` misses
#: this module, so it is given a type here.
_add_perm: Callable[[str, Any], None] = rules.add_perm

#: The figures of every ATS network of a period, for the Region.
_add_perm("registry.view_regional_statistics", is_regional_officer)
#: On a Network: publish a new version of its Regolamento (the ATS that leads it).
_add_perm("registry.publish_network_regulation", is_ats_officer_of)
