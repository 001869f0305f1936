"""Permission matrices for the rules of accounts/rules.py."""

import pytest
from django.contrib.auth.models import AnonymousUser

from conciliare.accounts.tests.factories import ROLES, make_user

pytestmark = pytest.mark.django_db

EXPECTED = {
    "accounts.view_dashboard": {
        "anonymous": False,
        "citizen": True,
        "org_representative": True,
        "committee_member": True,
        "ats_officer": True,
        "regional_officer": True,
    },
    "accounts.assign_role": {
        "anonymous": False,
        "citizen": False,
        "org_representative": False,
        "committee_member": False,
        "ats_officer": False,
        "regional_officer": True,
    },
    "accounts.view_user_list": {
        "anonymous": False,
        "citizen": False,
        "org_representative": False,
        "committee_member": False,
        "ats_officer": True,
        "regional_officer": True,
    },
}


def test_the_matrix_covers_every_role():
    assert all(set(row) == set(ROLES) for row in EXPECTED.values())


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_permission_matrix(make_actor, who, perm):
    # given
    user = make_actor(who) or AnonymousUser()
    # when
    allowed = user.has_perm(perm)
    # then
    assert allowed is EXPECTED[perm][who]


def test_a_superuser_may_assign_roles():
    assert make_user(is_superuser=True).has_perm("accounts.assign_role")
