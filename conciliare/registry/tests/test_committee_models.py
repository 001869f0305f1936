from datetime import date

import pytest
from django.db import IntegrityError

from conciliare.accounts.tests.factories import make_user
from conciliare.registry.models import (
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    MeetingDecision,
)
from conciliare.registry.tests.factories import NetworkFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _seat(network, role=CommitteeRole.MEMBER, **kwargs):
    values = {
        "network": network,
        "user": make_user(),
        "organisation": OrganisationFactory.create(),
        "role": role,
        "starts_on": date(2026, 1, 1),
    }
    values.update(kwargs)
    return CommitteeMember.objects.create(**values)


def test_the_database_refuses_two_current_chairs():
    # given
    network = NetworkFactory.create()
    _seat(network, CommitteeRole.CHAIR)

    # when / then
    with pytest.raises(IntegrityError):
        _seat(network, CommitteeRole.CHAIR)


def test_a_former_chair_does_not_block_a_new_one():
    network = NetworkFactory.create()
    _seat(network, CommitteeRole.CHAIR, ends_on=date(2026, 6, 30))

    chair = _seat(network, CommitteeRole.CHAIR)

    assert chair.pk is not None


def test_one_current_seat_per_person():
    network = NetworkFactory.create()
    member = _seat(network)

    with pytest.raises(IntegrityError):
        _seat(network, user=member.user)


def test_the_role_must_be_valid():
    with pytest.raises(IntegrityError):
        _seat(NetworkFactory.create(), role="king")


def test_decision_numbers_are_unique_per_meeting():
    network = NetworkFactory.create()
    meeting = CommitteeMeeting.objects.create(
        network=network, held_on="2026-03-01T10:00Z", place="Milano", agenda="Bilancio"
    )
    MeetingDecision.objects.create(meeting=meeting, number=1, text="Approvato")

    with pytest.raises(IntegrityError):
        MeetingDecision.objects.create(meeting=meeting, number=1, text="Bis")


def test_ats_id_is_the_networks():
    network = NetworkFactory.create()

    assert _seat(network).ats_id == network.ats_id
