from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.accounts.tests.factories import ats
from conciliare.registry.models import Membership, MembershipStatus
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _detail(client, membership):
    return client.get(membership.get_absolute_url()).content.decode()


def test_an_officer_sees_withdraw_and_exclude_on_an_active_membership(client, login_as):
    # given
    membership = make_membership(status=MembershipStatus.ACTIVE)
    login_as("ats_officer")

    # when
    html = _detail(client, membership)

    # then
    assert reverse("registry:membership-exclude", args=[membership.pk]) in html
    assert reverse("registry:membership-withdraw", args=[membership.pk]) in html
    assert reverse("registry:membership-confirm", args=[membership.pk]) not in html
    assert "Approva l'adesione" not in html
    assert reverse("registry:membership-registry", args=[membership.network_id]) in (
        html
    )


def test_no_lifecycle_actions_on_a_closed_membership(client, login_as):
    membership = make_membership(
        status=MembershipStatus.EXCLUDED, decision_reason="Inattivo"
    )
    login_as("ats_officer")

    html = _detail(client, membership)

    assert reverse("registry:membership-exclude", args=[membership.pk]) not in html
    assert reverse("registry:membership-withdraw", args=[membership.pk]) not in html


def test_exclude_without_a_reason_shows_the_error_next_to_the_field(client, login_as):
    # given
    membership = make_membership(status=MembershipStatus.ACTIVE)
    login_as("ats_officer")
    url = reverse("registry:membership-exclude", args=[membership.pk])

    # when
    response = client.post(url, {"reason": "  "})

    # then
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Indicare la motivazione" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_an_officer_excludes_a_member_with_a_reason(client, login_as, mailoutbox):
    membership = make_membership(status=MembershipStatus.ACTIVE)
    login_as("ats_officer")
    url = reverse("registry:membership-exclude", args=[membership.pk])

    response = client.post(url, {"reason": "Nessuna attività da due anni"})

    assert response.status_code == HTTPStatus.FOUND
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.EXCLUDED
    assert membership.decision_reason == "Nessuna attività da due anni"


def test_excluding_twice_is_a_message_not_an_error(client, login_as):
    membership = make_membership(
        status=MembershipStatus.EXCLUDED, decision_reason="Inattivo"
    )
    login_as("ats_officer")
    url = reverse("registry:membership-exclude", args=[membership.pk])

    response = client.post(url, {"reason": "Ancora"}, follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "Operazione non consentita" in response.content.decode()


def test_an_officer_of_another_ats_cannot_exclude(client, login_as):
    membership = make_membership(status=MembershipStatus.ACTIVE)
    login_as("ats_officer", ats_slug="brescia")
    url = reverse("registry:membership-exclude", args=[membership.pk])

    response = client.post(url, {"reason": "No"})

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_representative_cannot_exclude(client, login_as):
    organisation = OrganisationFactory.create()
    membership = make_membership(
        organisation=organisation, status=MembershipStatus.ACTIVE
    )
    login_as("org_representative", organisation=organisation)
    url = reverse("registry:membership-exclude", args=[membership.pk])

    response = client.post(url, {"reason": "No"})

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_representative_withdraws_after_confirming(client, login_as):
    # given
    organisation = OrganisationFactory.create()
    membership = make_membership(
        organisation=organisation, status=MembershipStatus.ACTIVE
    )
    login_as("org_representative", organisation=organisation)
    url = reverse("registry:membership-withdraw", args=[membership.pk])
    assert url in _detail(client, membership)

    # when
    confirmation = client.get(url)
    response = client.post(url)

    # then
    assert "Conferma il ritiro" in confirmation.content.decode()
    assert response.status_code == HTTPStatus.FOUND
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.WITHDRAWN


def test_a_representative_confirms_a_presumed_membership(client, login_as):
    organisation = OrganisationFactory.create()
    membership = make_membership(
        organisation=organisation, status=MembershipStatus.PRESUMED
    )
    login_as("org_representative", organisation=organisation)
    url = reverse("registry:membership-confirm", args=[membership.pk])
    assert url in _detail(client, membership)

    client.post(url)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_confirming_an_active_membership_is_a_message(client, login_as):
    organisation = OrganisationFactory.create()
    membership = make_membership(
        organisation=organisation, status=MembershipStatus.ACTIVE
    )
    login_as("org_representative", organisation=organisation)

    response = client.post(
        reverse("registry:membership-confirm", args=[membership.pk]), follow=True
    )

    assert response.status_code == HTTPStatus.OK
    assert "presunte confermate" in response.content.decode()


def test_an_officer_carries_over_the_active_members(client, login_as):
    # given
    source = NetworkFactory.create(
        period=ProgrammingPeriod.objects.get(slug="2020-2023")
    )
    target = NetworkFactory.create()
    make_membership(network=source, status=MembershipStatus.ACTIVE)
    make_membership(network=source, status=MembershipStatus.ACTIVE)
    login_as("ats_officer")
    queue = client.get(reverse("registry:membership-queue", args=[target.pk]))
    assert reverse("registry:network-carry-over", args=[target.pk]) in (
        queue.content.decode()
    )

    # when
    response = client.post(
        reverse("registry:network-carry-over", args=[target.pk]),
        {"source": source.pk},
        follow=True,
    )

    # then
    assert "2 membri riportati" in response.content.decode()
    assert (
        Membership.objects.filter(
            network=target, status=MembershipStatus.PRESUMED
        ).count()
        == 2
    )


def test_carry_over_from_another_ats_is_not_offered(client, login_as):
    other = NetworkFactory.create(ats=ats("brescia"))
    target = NetworkFactory.create()
    login_as("ats_officer")

    response = client.post(
        reverse("registry:network-carry-over", args=[target.pk]),
        {"source": other.pk},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert not Membership.objects.exists()


def test_a_committee_member_cannot_carry_over(client, login_as):
    target = NetworkFactory.create()
    login_as("committee_member")

    response = client.post(
        reverse("registry:network-carry-over", args=[target.pk]), {"source": ""}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
