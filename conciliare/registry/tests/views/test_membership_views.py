from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.registry.models import Membership, MembershipStatus
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)

pytestmark = pytest.mark.django_db


def _form(tax_code, **overrides):
    data = {
        "tax_code": tax_code,
        "legal_representative": "Maria Rossi",
        "contact_name": "Luca Bianchi",
        "contact_email": "referente@example.org",
        "privacy_accepted": "on",
        "regulation_accepted": "on",
    }
    data.update(overrides)
    return data


def test_a_citizen_applies_and_sees_the_receipt(client, login_as):
    # given
    network = NetworkFactory.create()
    organisation = OrganisationFactory.create()
    login_as("citizen")
    url = reverse("registry:membership-request", args=[network.pk])

    # when
    response = client.post(url, _form(organisation.tax_code), follow=True)

    # then
    membership = Membership.objects.get()
    assert response.status_code == HTTPStatus.OK
    assert membership.protocol_number in response.content.decode()
    assert "Richiesta" in response.content.decode()


def test_errors_are_shown_next_to_fields_keeping_input(client, login_as):
    network = NetworkFactory.create()
    login_as("citizen")
    url = reverse("registry:membership-request", args=[network.pk])

    response = client.post(
        url, _form("00743110157", privacy_accepted="", contact_name="Anna")
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Nessun ente registrato" in html
    assert 'value="Anna"' in html
    assert not Membership.objects.exists()


def test_missing_consent_is_an_error_on_the_field(client, login_as):
    network = NetworkFactory.create()
    organisation = OrganisationFactory.create()
    login_as("citizen")
    url = reverse("registry:membership-request", args=[network.pk])

    response = client.post(url, _form(organisation.tax_code, privacy_accepted=""))

    assert "informativa privacy" in response.content.decode()
    assert not Membership.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    network = NetworkFactory.create()

    response = client.get(reverse("registry:membership-request", args=[network.pk]))

    assert response.status_code == HTTPStatus.FOUND


def test_the_officer_approves_from_the_detail_page(client, login_as):
    membership = make_membership()
    login_as("ats_officer")

    response = client.post(
        reverse("registry:membership-approve", args=[membership.pk]),
        {"verification_note": "PEC prot. 1234 del 10/11/2026"},
    )

    membership.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.verification_note == "PEC prot. 1234 del 10/11/2026"


def test_rejecting_without_a_reason_shows_the_error(client, login_as):
    membership = make_membership()
    login_as("ats_officer")
    url = reverse("registry:membership-reject", args=[membership.pk])

    response = client.post(url, {"reason": ""})
    membership.refresh_from_db()

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Indicare la motivazione" in response.content.decode()
    assert membership.status == MembershipStatus.REQUESTED

    client.post(url, {"reason": "Fuori territorio."})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED


def test_brescia_officer_gets_404_and_403_on_milano(client, login_as):
    membership = make_membership()
    login_as("ats_officer", ats_slug="brescia")

    detail = client.get(membership.get_absolute_url())
    approve = client.post(reverse("registry:membership-approve", args=[membership.pk]))
    queue = client.get(
        reverse("registry:membership-queue", args=[membership.network_id])
    )

    assert detail.status_code == HTTPStatus.NOT_FOUND
    assert approve.status_code == HTTPStatus.NOT_FOUND
    assert queue.status_code == HTTPStatus.FORBIDDEN


def test_a_committee_member_sees_but_cannot_approve(client, login_as):
    membership = make_membership()
    login_as("committee_member")

    detail = client.get(membership.get_absolute_url())
    approve = client.post(reverse("registry:membership-approve", args=[membership.pk]))

    assert detail.status_code == HTTPStatus.OK
    assert "Approva" not in detail.content.decode()
    assert approve.status_code == HTTPStatus.FORBIDDEN


def _queue_queries(client, network, count):
    for _ in range(count):
        make_membership(network=network)
    url = reverse("registry:membership-queue", args=[network.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"status": "requested"})
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_the_queue_costs_the_same_queries_for_3_and_30_requests(client, login_as):
    login_as("ats_officer")
    network = NetworkFactory.create()
    small = _queue_queries(client, network, 3)
    Membership.objects.all().delete()

    large = _queue_queries(client, network, 30)

    assert small == large
