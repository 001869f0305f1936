import rules

from conciliare.accounts.predicates import (
    is_ats_officer,
    is_regional_officer,
)

rules.add_perm("accounts.view_dashboard", rules.is_authenticated)
rules.add_perm("accounts.view_user_list", is_regional_officer | is_ats_officer)
rules.add_perm("accounts.assign_role", rules.is_superuser | is_regional_officer)
