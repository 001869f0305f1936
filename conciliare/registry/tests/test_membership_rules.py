import pytest

from conciliare.accounts.tests.factories import ROLES
from conciliare.registry.tests.factories import make_membership

pytestmark = pytest.mark.django_db

#: role -> (view, decide, withdraw, confirm) on a request of ATS Milano made
#: for the representative's own organisation.
EXPECTED = {
    "anonymous": (False, False, False, False),
    "citizen": (False, False, False, False),
    "org_representative": (True, False, True, True),
    "committee_member": (True, False, False, False),
    "ats_officer": (True, True, True, False),
    "regional_officer": (True, True, True, False),
}
PERMS = (
    "registry.view_membership",
    "registry.decide_membership",
    "registry.withdraw_membership",
    "registry.confirm_membership",
)


@pytest.mark.parametrize("role", ROLES)
def test_membership_matrix(role, make_actor):
    # given
    membership = make_membership()
    user = make_actor(role, organisation=membership.organisation)

    # when
    granted = tuple(
        user is not None and user.has_perm(perm, membership) for perm in PERMS
    )

    # then
    assert granted == EXPECTED[role]


@pytest.mark.parametrize("role", ["ats_officer", "committee_member"])
def test_brescia_staff_see_nothing_of_milano(role, make_actor):
    membership = make_membership()
    user = make_actor(role, ats_slug="brescia")

    assert not any(user.has_perm(perm, membership) for perm in PERMS)
    assert not user.has_perm("registry.view_membership_queue", membership.network)
    assert not user.has_perm("registry.carry_over_network", membership.network)


def test_the_requester_sees_their_request(make_actor):
    citizen = make_actor("citizen")
    membership = make_membership(requested_by=citizen)

    assert citizen.has_perm("registry.view_membership", membership)
    assert not citizen.has_perm("registry.decide_membership", membership)
