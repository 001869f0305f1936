"""Permissions of the public portal."""

import rules

# Anyone, signed in or not, may report an accessibility problem.
rules.add_perm("portal.add_feedback", rules.always_allow)
