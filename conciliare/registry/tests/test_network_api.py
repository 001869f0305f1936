import pytest

from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import NetworkFactory, make_membership

pytestmark = pytest.mark.django_db

API = "/api/v1/networks"


def test_the_networks_are_public_with_their_members_count(client):
    # given a network with two members and a pending request
    network = NetworkFactory.create()
    make_membership(network=network, status=MembershipStatus.ACTIVE)
    make_membership(network=network, status=MembershipStatus.PRESUMED)
    make_membership(network=network, status=MembershipStatus.REQUESTED)

    # when
    body = client.get(f"{API}/networks").json()

    # then
    row = next(n for n in body if n["id"] == network.pk)
    assert (row["ats"], row["period"], row["members_count"]) == (
        network.ats.slug,
        network.period.slug,
        2,
    )


def test_public_statistics_match_the_page(client):
    network = NetworkFactory.create()
    make_membership(network=network, status=MembershipStatus.ACTIVE)
    body = client.get(
        f"{API}/networks/{network.ats.slug}/{network.period.slug}/statistics"
    ).json()
    assert body["total"] == 1
    assert len(body["typology"]) == 7
    assert sum(row["count"] for row in body["typology"]) == 1


def test_unknown_network_statistics_are_a_json_404(client):
    assert client.get(f"{API}/networks/lazio/2025-2027/statistics").status_code == 404


@pytest.mark.parametrize(
    ("who", "ats_slug", "status"),
    [
        ("anonymous", "milano", 401),
        ("citizen", "milano", 403),
        ("org_representative", "milano", 403),
        ("committee_member", "milano", 403),
        ("ats_officer", "brescia", 403),
        ("ats_officer", "milano", 200),
        ("regional_officer", "milano", 200),
    ],
)
def test_memberships_are_for_the_network_s_officers(
    client, login_as, who, ats_slug, status
):
    # given a network of ATS Milano with one request
    network = NetworkFactory.create()
    membership = make_membership(network=network, status=MembershipStatus.REQUESTED)
    login_as(who, ats_slug=ats_slug)

    # when
    response = client.get(f"{API}/networks/{network.pk}/memberships")

    # then
    assert response.status_code == status
    if status == 200:
        (item,) = response.json()["items"]
        assert item["protocol_number"] == membership.protocol_number
        assert item["status"] == "requested"


def test_a_membership_is_404_for_who_may_not_see_it(client, login_as):
    membership = make_membership(network=NetworkFactory.create())
    login_as("ats_officer", ats_slug="brescia")
    assert client.get(f"{API}/memberships/{membership.pk}").status_code == 404
    client.logout()
    login_as("ats_officer", ats_slug="milano")
    body = client.get(f"{API}/memberships/{membership.pk}").json()
    assert body["organisation_tax_code"] == membership.organisation.tax_code
