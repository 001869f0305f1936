from datetime import date
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.tests.factories import make_user
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests.factories import upload
from conciliare.registry.models import (
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    MembershipStatus,
)
from conciliare.registry.tests.factories import NetworkFactory, make_membership

pytestmark = pytest.mark.django_db


def _seat(network, role=CommitteeRole.MEMBER):
    organisation = make_membership(
        network=network, status=MembershipStatus.ACTIVE
    ).organisation
    return CommitteeMember.objects.create(
        network=network,
        user=make_user(),
        organisation=organisation,
        role=role,
        starts_on=date(2026, 1, 1),
    )


def _meeting(network):
    return CommitteeMeeting.objects.create(
        network=network, held_on=timezone.now(), place="Sede ATS", agenda="Bilancio"
    )


@pytest.mark.parametrize(
    ("role", "ats_slug", "expected"),
    [
        ("citizen", "milano", HTTPStatus.FORBIDDEN),
        ("org_representative", "milano", HTTPStatus.FORBIDDEN),
        ("ats_officer", "brescia", HTTPStatus.FORBIDDEN),
        ("committee_member", "milano", HTTPStatus.OK),
        ("ats_officer", "milano", HTTPStatus.OK),
        ("regional_officer", "milano", HTTPStatus.OK),
    ],
)
def test_committee_detail_access(client, login_as, role, ats_slug, expected):
    network = NetworkFactory.create()
    login_as(role, ats_slug=ats_slug)

    response = client.get(reverse("committee:committee-detail", args=[network.pk]))

    assert response.status_code == expected


def test_anonymous_is_sent_to_login(client):
    network = NetworkFactory.create()

    response = client.get(reverse("committee:committee-detail", args=[network.pk]))

    assert response.status_code == HTTPStatus.FOUND


def test_missing_network_and_meeting_are_404(client, login_as):
    login_as("regional_officer")

    assert (
        client.get(reverse("committee:committee-detail", args=[999999])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.get(reverse("committee:meeting-detail", args=[999999])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_a_brescia_officer_gets_404_on_a_milano_meeting(client, login_as):
    meeting = _meeting(NetworkFactory.create())
    login_as("ats_officer", ats_slug="brescia")

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_committee_member_reads_but_cannot_record(client, login_as):
    meeting = _meeting(NetworkFactory.create())
    login_as("committee_member")

    page = client.get(meeting.get_absolute_url())
    post = client.post(meeting.get_absolute_url(), {"decisions": "Sì"})

    assert page.status_code == HTTPStatus.OK
    assert "Registra la riunione" not in page.content.decode()
    assert post.status_code == HTTPStatus.FORBIDDEN


def test_a_committee_member_cannot_add_members(client, login_as):
    network = NetworkFactory.create()
    login_as("committee_member")

    response = client.post(reverse("committee:member-add", args=[network.pk]), {})

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_officer_adds_a_member(client, login_as):
    # given
    network = NetworkFactory.create()
    organisation = make_membership(
        network=network, status=MembershipStatus.ACTIVE
    ).organisation
    person = make_user()
    login_as("ats_officer")

    # when
    response = client.post(
        reverse("committee:member-add", args=[network.pk]),
        {
            "email": person.email.upper(),
            "tax_code": organisation.tax_code,
            "role": CommitteeRole.CHAIR,
            "starts_on": "2026-02-01",
        },
        follow=True,
    )

    # then
    assert response.status_code == HTTPStatus.OK
    member = CommitteeMember.objects.get()
    assert (member.user, member.organisation) == (person, organisation)
    assert organisation.legal_name in response.content.decode()


def test_bad_input_is_shown_next_to_fields_keeping_input(client, login_as):
    network = NetworkFactory.create()
    login_as("ats_officer")

    response = client.post(
        reverse("committee:member-add", args=[network.pk]),
        {
            "email": "nessuno@example.org",
            "tax_code": "123",
            "role": "king",
            "starts_on": "ieri",
        },
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Nessun account registrato" in html
    assert 'value="nessuno@example.org"' in html
    assert html.count("invalid-feedback") >= 4
    assert not CommitteeMember.objects.exists()


def test_a_non_member_organisation_is_refused_next_to_tax_code(client, login_as):
    network = NetworkFactory.create()
    organisation = make_membership(
        network=network, status=MembershipStatus.REQUESTED
    ).organisation
    login_as("ats_officer")

    response = client.post(
        reverse("committee:member-add", args=[network.pk]),
        {
            "email": make_user().email,
            "tax_code": organisation.tax_code,
            "role": CommitteeRole.MEMBER,
            "starts_on": "2026-02-01",
        },
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_tax_code_error"' in html
    assert "non è un ente aderente" in html


def test_schedule_bad_input_and_success(client, login_as):
    network = NetworkFactory.create()
    login_as("ats_officer")
    url = reverse("committee:meeting-schedule", args=[network.pk])

    bad = client.post(url, {"held_on": "domani", "place": "Sede", "agenda": ""})
    good = client.post(
        url,
        {"held_on": "2026-03-01T10:00", "place": "Sede ATS", "agenda": "Bilancio"},
    )

    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert 'value="Sede"' in bad.content.decode()
    meeting = CommitteeMeeting.objects.get()
    assert good.status_code == HTTPStatus.FOUND
    assert good["Location"] == meeting.get_absolute_url()


def test_the_officer_records_a_meeting(client, login_as):
    network = NetworkFactory.create()
    member = _seat(network)
    meeting = _meeting(network)
    login_as("ats_officer")

    response = client.post(
        meeting.get_absolute_url(),
        {"present": [member.pk], "decisions": "Approvato\nRinviato"},
        follow=True,
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert list(meeting.decisions.values_list("text", flat=True)) == [
        "Approvato",
        "Rinviato",
    ]
    assert "presente" in html


def test_recording_refuses_bad_choices(client, login_as):
    network = NetworkFactory.create()
    meeting = _meeting(network)
    login_as("ats_officer")

    response = client.post(
        meeting.get_absolute_url(),
        {"present": ["999999"], "minutes": "999999", "decisions": "Testo"},
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Testo" in response.content.decode()
    assert not meeting.decisions.exists()


def _count_queries(client, network):
    url = reverse("committee:committee-detail", args=[network.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_committee_detail_query_count_is_constant(client, login_as):
    # given
    login_as("ats_officer")
    network = NetworkFactory.create()
    for _ in range(2):
        _seat(network)
    _meeting(network)
    _count_queries(client, network)  # warm caches (content types, session)
    few = _count_queries(client, network)

    # when
    for _ in range(10):
        _seat(network)
    _meeting(network)
    many = _count_queries(client, network)

    # then
    assert few == many


def test_the_officer_uploads_the_minutes_while_recording(client, login_as):
    # given
    network = NetworkFactory.create()
    member = _seat(network)
    meeting = _meeting(network)
    login_as("ats_officer")

    # when
    response = client.post(
        meeting.get_absolute_url(),
        {"present": [member.pk], "decisions": "", "minutes_file": upload("v.pdf")},
        follow=True,
    )

    # then the minutes are a private document of the ATS, linked to the meeting
    assert response.status_code == HTTPStatus.OK
    meeting.refresh_from_db()
    minutes = meeting.minutes
    assert minutes is not None
    assert minutes.kind == DocumentKind.MINUTES
    assert not minutes.is_public
    assert minutes.ats_id == network.ats_id
    assert minutes.original_filename == "v.pdf"
    assert minutes.get_absolute_url() in response.content.decode()


def test_minutes_that_are_not_a_pdf_are_refused_next_to_the_field(client, login_as):
    network = NetworkFactory.create()
    meeting = _meeting(network)
    login_as("ats_officer")

    response = client.post(
        meeting.get_absolute_url(),
        {
            "decisions": "Approvato",
            "minutes_file": upload("v.pdf", b"not a pdf", "application/pdf"),
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert 'id="id_minutes_file_error"' in html
    assert "Approvato" in html  # what was typed is kept
    assert not Document.objects.exists()
    assert not meeting.decisions.exists()


def test_an_officer_ends_a_seat_on_the_date_given(client, login_as):
    # given
    network = NetworkFactory.create()
    member = _seat(network)
    login_as("ats_officer")
    url = reverse("committee:member-end", args=[member.pk])

    # when
    page = client.get(url)
    response = client.post(url, {"ends_on": "2026-06-30"})

    # then
    assert page.status_code == HTTPStatus.OK
    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.ends_on == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("ends_on", "message"),
    [
        ("2025-12-31", "La fine del mandato non può precedere l&#x27;inizio."),
        ("31 giugno", "Indicare una data valida."),
        ("", "Indicare la data di fine del mandato."),
    ],
)
def test_a_bad_end_date_is_refused_next_to_the_field(
    client, login_as, ends_on, message
):
    network = NetworkFactory.create()
    member = _seat(network)
    login_as("ats_officer")

    response = client.post(
        reverse("committee:member-end", args=[member.pk]), {"ends_on": ends_on}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert 'id="id_ends_on_error"' in html
    assert message in html
    member.refresh_from_db()
    assert member.ends_on is None


@pytest.mark.parametrize("role", ["committee_member", "citizen"])
def test_only_the_officers_end_a_seat(client, login_as, role):
    member = _seat(NetworkFactory.create())
    login_as(role)

    response = client.post(
        reverse("committee:member-end", args=[member.pk]), {"ends_on": "2026-06-30"}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    member.refresh_from_db()
    assert member.ends_on is None
