import uuid
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.models import Submission
from conciliare.applications.services import application_rows_set
from conciliare.applications.submission_services import application_submit
from conciliare.applications.tests.factories import (
    budget_rows,
    complete_application,
    make_team,
)
from conciliare.calls.models import Call
from conciliare.calls.tests.factories import make_call

pytestmark = pytest.mark.django_db

BASE = "/api/v1/applications"


@pytest.fixture
def team(db):
    return make_team()


@pytest.fixture
def draft(team):
    return complete_application(call=make_call(), team=team)


def _sign_in(client, user):
    if user.is_staff_role:
        Authenticator.objects.get_or_create(
            user=user,
            type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}},
        )
    client.force_login(user)
    return user


def _submit(client, application, key=None, **headers):
    if key is not None:
        headers["Idempotency-Key"] = str(key)
    return client.post(f"{BASE}/{application.pk}/submit", headers=headers)


def _ids(response):
    return [item["id"] for item in response.json()["items"]]


# -- list and detail ---------------------------------------------------------


def test_the_alliance_sees_its_draft_the_officers_only_once_submitted(
    client, team, draft
):
    milano_officer = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    brescia_officer = make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    regional_officer = make_user(Role.REGIONAL_OFFICER)
    _sign_in(client, team.lead_rep)
    assert _ids(client.get(f"{BASE}/")) == [draft.pk]
    for officer in (milano_officer, brescia_officer, regional_officer):
        _sign_in(client, officer)
        assert _ids(client.get(f"{BASE}/")) == []
        assert client.get(f"{BASE}/{draft.pk}").status_code == HTTPStatus.NOT_FOUND

    application_submit(actor=team.lead_rep, application=draft, key=uuid.uuid4())

    for officer in (milano_officer, regional_officer):
        _sign_in(client, officer)
        assert _ids(client.get(f"{BASE}/")) == [draft.pk]
    _sign_in(client, brescia_officer)
    assert _ids(client.get(f"{BASE}/")) == []
    assert client.get(f"{BASE}/{draft.pk}").status_code == HTTPStatus.NOT_FOUND


def test_the_list_needs_a_signed_in_user(client, draft):
    assert client.get(f"{BASE}/").status_code == HTTPStatus.UNAUTHORIZED


def test_the_detail_of_a_draft_has_no_snapshot(client, team, draft):
    _sign_in(client, team.partner_rep)  # partners read the draft too

    response = client.get(f"{BASE}/{draft.pk}")

    body = response.json()
    assert response.status_code == HTTPStatus.OK
    assert (body["status"], body["status_label"]) == ("draft", "In compilazione")
    assert body["call"]["id"] == draft.call_id
    assert body["alliance"] == {"id": team.alliance.pk, "name": team.alliance.name}
    assert body["ats"] == "milano"
    assert body["current_submission"] is None
    assert body["snapshot"] is None


def test_the_detail_of_a_submitted_application_has_its_submission_and_snapshot(
    client, team, draft
):
    submission = application_submit(
        actor=team.lead_rep, application=draft, key=uuid.uuid4()
    )
    _sign_in(client, make_user(Role.ATS_OFFICER, ats=ats("milano")))

    response = client.get(f"{BASE}/{draft.pk}")

    body = response.json()
    assert body["status"] == "submitted"
    assert body["current_submission"]["protocol_number"] == submission.protocol_number
    assert body["current_submission"]["grant_requested"] == "50000.00"
    assert body["current_submission"]["snapshot_sha256"] == submission.snapshot_sha256
    assert body["snapshot"] == submission.snapshot


# -- submission ----------------------------------------------------------------


def test_the_same_key_twice_submits_once(client, team, draft):
    _sign_in(client, team.lead_rep)
    key = uuid.uuid4()

    first = _submit(client, draft, key)
    again = _submit(client, draft, key)

    assert first.status_code == HTTPStatus.CREATED
    assert again.status_code == HTTPStatus.OK
    assert first.json() == again.json()
    submission = Submission.objects.get(application=draft)
    assert first.json()["protocol_number"] == submission.protocol_number
    assert first.json()["snapshot_sha256"] == submission.snapshot_sha256
    assert first.json()["id"] == submission.pk


def test_another_key_after_submission_is_told_it_was_sent(client, team, draft):
    _sign_in(client, team.lead_rep)
    first = _submit(client, draft, uuid.uuid4()).json()

    response = _submit(client, draft, uuid.uuid4())

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert first["protocol_number"] in response.json()["detail"]
    assert Submission.objects.filter(application=draft).count() == 1


@pytest.mark.parametrize("value", [None, "", "not-a-uuid"])
def test_a_missing_or_malformed_key_is_refused(client, team, draft, value):
    _sign_in(client, team.lead_rep)
    headers = {} if value is None else {"Idempotency-Key": value}

    response = client.post(f"{BASE}/{draft.pk}/submit", headers=headers)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_a_partner_representative_cannot_submit(client, team, draft):
    _sign_in(client, team.partner_rep)

    response = _submit(client, draft, uuid.uuid4())

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Submission.objects.exists()


def test_an_invisible_application_is_not_found(client, draft):
    _sign_in(
        client,
        make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=make_team().lead),
    )

    response = _submit(client, draft, uuid.uuid4())

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_after_the_close_time_the_submission_is_refused_with_the_reason(
    client, team, draft
):
    Call.objects.filter(pk=draft.call_id).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )
    _sign_in(client, team.lead_rep)

    response = _submit(client, draft, uuid.uuid4())

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "L'avviso è scaduto il" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_a_draft_failing_the_rules_is_refused_with_every_reason(client, team, draft):
    draft = application_rows_set(
        actor=team.lead_rep,
        application=draft,
        version=draft.version,
        kind="budget_lines",
        rows=budget_rows(team, cost="100000.00", grant="75000.00"),
    )
    _sign_in(client, team.lead_rep)

    response = _submit(client, draft, uuid.uuid4())

    assert response.status_code == HTTPStatus.BAD_REQUEST
    detail = response.json()["detail"]
    assert isinstance(detail, list)
    assert any("almeno il 30,00%" in message for message in detail)


def test_the_submission_needs_the_csrf_token(team, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.lead_rep)

    refused = _submit(client, draft, uuid.uuid4())
    token = "A" * 32  # what the csrftoken cookie of a page holds
    client.cookies["csrftoken"] = token
    accepted = _submit(client, draft, uuid.uuid4(), **{"X-CSRFToken": token})

    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert accepted.status_code == HTTPStatus.CREATED
