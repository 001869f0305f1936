import re
import uuid
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import ApplicationStatus, Submission
from conciliare.applications.submission_services import application_submit
from conciliare.applications.tests.factories import complete_application
from conciliare.calls.models import Call
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(call, team):
    return complete_application(call=call, team=team)


def _submit_url(application):
    return reverse("applications:application-submit", kwargs={"pk": application.pk})


def _key(html):
    match = re.search(r'name="key" value="([0-9a-f-]+)"', html)
    assert match is not None
    return match.group(1)


def test_the_submit_page_of_an_incomplete_draft_lists_what_is_missing(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    response = client.get(_submit_url(draft))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Descrivere almeno un&#x27;azione del progetto." in html
    assert 'name="key"' not in html


def test_submitting_twice_with_the_same_key_makes_one_submission(
    client, sign_in, complete, team
):
    # given
    sign_in(team.lead_rep)
    key = _key(client.get(_submit_url(complete)).content.decode())

    # when the same form is posted twice
    first = client.post(_submit_url(complete), {"key": key}, follow=True)
    second = client.post(_submit_url(complete), {"key": key}, follow=True)

    # then
    submission = Submission.objects.get()
    for response in (first, second):
        assert response.redirect_chain[-1][0] == complete.get_absolute_url()
        html = response.content.decode()
        assert f"Domanda inviata: protocollo {submission.protocol_number} del" in html
    complete.refresh_from_db()
    assert complete.status == ApplicationStatus.SUBMITTED
    assert submission.received_at <= submission.submitted_at


def test_a_fresh_key_is_drawn_at_every_rendering(client, sign_in, complete, team):
    sign_in(team.lead_rep)
    first = _key(client.get(_submit_url(complete)).content.decode())
    second = _key(client.get(_submit_url(complete)).content.decode())
    assert first != second


def test_submitting_a_draft_that_fails_the_checker_shows_the_failures(
    client, sign_in, draft, team
):
    sign_in(team.lead_rep)

    response = client.post(_submit_url(draft), {"key": str(uuid.uuid4())})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "non rispetta ancora tutte le regole" in html
    assert "Compilare il piano economico del progetto." in html
    assert not Submission.objects.exists()


def test_submitting_after_the_close_time_says_so(client, sign_in, complete, team, call):
    sign_in(team.lead_rep)
    key = _key(client.get(_submit_url(complete)).content.decode())
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )

    response = client.post(_submit_url(complete), {"key": key})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "L&#x27;avviso è scaduto il" in html
    assert "non può più essere inviata" in html
    assert not Submission.objects.exists()


def test_a_partner_representative_cannot_submit(client, sign_in, complete, team):
    sign_in(team.partner_rep)

    assert client.get(_submit_url(complete)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(_submit_url(complete), {"key": str(uuid.uuid4())})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Submission.objects.exists()


def test_withdraw_then_resubmit_gives_a_new_protocol(client, sign_in, complete, team):
    # given a submitted application
    sign_in(team.lead_rep)
    key = _key(client.get(_submit_url(complete)).content.decode())
    client.post(_submit_url(complete), {"key": key})
    first = Submission.objects.get()
    withdraw_url = reverse(
        "applications:application-withdraw", kwargs={"pk": complete.pk}
    )
    assert client.get(withdraw_url).status_code == HTTPStatus.OK

    # when it is withdrawn
    response = client.post(withdraw_url, {"reason": "Correggiamo il budget"})

    # then
    assert response.status_code == HTTPStatus.FOUND
    complete.refresh_from_db()
    first.refresh_from_db()
    assert complete.status == ApplicationStatus.WITHDRAWN
    assert first.withdrawn_at is not None

    # and submitted again
    key = _key(client.get(_submit_url(complete)).content.decode())
    response = client.post(_submit_url(complete), {"key": key}, follow=True)
    second = Submission.objects.exclude(pk=first.pk).get()
    assert second.protocol_number != first.protocol_number
    html = response.content.decode()
    assert second.protocol_number in html
    assert "Ritirata il" in html


def test_a_partner_representative_cannot_withdraw(client, sign_in, complete, team):
    application_submit(actor=team.lead_rep, application=complete, key=uuid.uuid4())
    sign_in(team.partner_rep)
    url = reverse("applications:application-withdraw", kwargs={"pk": complete.pk})
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN


def test_the_receipt_is_drawn_on_the_fly_before_the_worker_stored_it(
    client, sign_in, complete, team
):
    # given (the receipt task runs on commit, which this test never reaches)
    submission = application_submit(
        actor=team.lead_rep, application=complete, key=uuid.uuid4()
    )
    assert submission.receipt_id is None
    sign_in(team.partner_rep)

    # when
    response = client.get(submission.get_absolute_url())

    # then
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'filename="ricevuta-{submission.protocol_number}.pdf"'
        in response["Content-Disposition"]
    )
    assert response.content.startswith(b"%PDF")


def test_the_stored_receipt_is_served_when_there_is_one(
    client, sign_in, complete, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = application_submit(
            actor=team.lead_rep, application=complete, key=uuid.uuid4()
        )
    submission.refresh_from_db()
    assert submission.receipt_id is not None
    sign_in(team.lead_rep)

    response = client.get(submission.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_receipt_is_404_for_people_outside(client, sign_in, complete, team):
    submission = application_submit(
        actor=team.lead_rep, application=complete, key=uuid.uuid4()
    )
    sign_in(
        make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory.create()
        )
    )
    assert client.get(submission.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_ats_officer_reads_a_submitted_application_and_its_receipt(
    client, sign_in, complete, team
):
    submission = application_submit(
        actor=team.lead_rep, application=complete, key=uuid.uuid4()
    )
    sign_in(make_user(Role.ATS_OFFICER, ats=complete.ats))

    assert client.get(complete.get_absolute_url()).status_code == HTTPStatus.OK
    assert client.get(submission.get_absolute_url()).status_code == HTTPStatus.OK
