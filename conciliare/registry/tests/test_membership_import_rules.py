"""Who may import a member list: the officers of the network's ATS only."""

import pytest
from django.core.files.base import ContentFile

from conciliare.accounts.tests.factories import ROLES, make_user
from conciliare.registry.models import MembershipImport
from conciliare.registry.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    "anonymous": False,
    "citizen": False,
    "org_representative": False,
    "committee_member": False,
    "ats_officer": True,
    "regional_officer": False,
}


@pytest.mark.parametrize("role", ROLES)
def test_import_memberships_matrix(role, make_actor):
    # given a network of ATS Milano and one of its imports
    network = NetworkFactory.create()
    job = MembershipImport.objects.create(
        network=network,
        created_by=make_user(),
        file=ContentFile(b"x", name="x.csv"),
        original_filename="x.csv",
    )
    user = make_actor(role)

    # when
    on_network = user is not None and user.has_perm(
        "registry.import_memberships", network
    )
    on_job = user is not None and user.has_perm("registry.import_memberships", job)

    # then
    assert on_network is EXPECTED[role]
    assert on_job is EXPECTED[role]


def test_an_officer_of_another_ats_may_not_import(make_actor):
    network = NetworkFactory.create()
    brescia_officer = make_actor("ats_officer", ats_slug="brescia")

    assert brescia_officer.has_perm("registry.import_memberships", network) is False
