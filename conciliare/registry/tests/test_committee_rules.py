import pytest

from conciliare.accounts.tests.factories import ROLES
from conciliare.registry.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

#: role -> (view, manage) on ATS Milano's network, for a Milano-scoped actor.
EXPECTED = {
    "anonymous": (False, False),
    "citizen": (False, False),
    "org_representative": (False, False),
    "committee_member": (True, False),
    "ats_officer": (True, True),
    "regional_officer": (True, True),
}
PERMS = ("registry.view_committee", "registry.manage_committee")


@pytest.mark.parametrize("role", ROLES)
def test_committee_matrix(role, make_actor):
    # given
    network = NetworkFactory.create()
    user = make_actor(role)

    # when
    granted = tuple(user is not None and user.has_perm(perm, network) for perm in PERMS)

    # then
    assert granted == EXPECTED[role]


@pytest.mark.parametrize("role", ["committee_member", "ats_officer"])
def test_another_ats_sees_nothing(role, make_actor):
    network = NetworkFactory.create()
    user = make_actor(role, ats_slug="brescia")

    assert not user.has_perm("registry.view_committee", network)
    assert not user.has_perm("registry.manage_committee", network)
