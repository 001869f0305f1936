import pytest
from django.db import IntegrityError, transaction

from conciliare.core.exceptions import InvalidTransition
from conciliare.registry.models import Membership, MembershipStatus
from conciliare.registry.tests.factories import NetworkFactory, make_membership

pytestmark = pytest.mark.django_db

S = MembershipStatus
ALLOWED = {
    (S.REQUESTED, S.ACTIVE),
    (S.REQUESTED, S.REJECTED),
    (S.ACTIVE, S.WITHDRAWN),
    (S.ACTIVE, S.EXCLUDED),
    (S.PRESUMED, S.ACTIVE),
    (S.PRESUMED, S.WITHDRAWN),
    (S.PRESUMED, S.EXCLUDED),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_transition_table(current, target):
    membership = Membership(status=current)

    if (current, target) in ALLOWED:
        membership.transition_to(target)
        assert membership.status == target
    else:
        with pytest.raises(InvalidTransition):
            membership.transition_to(target)


def test_one_live_membership_per_organisation_and_network():
    first = make_membership()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(network=first.network, organisation=first.organisation)


def test_a_closed_membership_does_not_block_joining_again():
    first = make_membership(status=S.WITHDRAWN)

    again = make_membership(network=first.network, organisation=first.organisation)

    assert again.pk != first.pk


@pytest.mark.parametrize("status", [S.REJECTED, S.EXCLUDED])
def test_rejected_and_excluded_need_a_reason(status):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(status=status, decision_reason="")


def test_unknown_status_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(status="bogus")


def test_network_str_and_ats_id():
    network = NetworkFactory.create()
    membership = make_membership(network=network)

    assert str(network) == "Rete territoriale ATS Milano 2025-2027" or str(
        network
    ).startswith("Rete territoriale ")
    assert membership.ats_id == network.ats_id
