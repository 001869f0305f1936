import uuid
from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.confirmation_services import partner_confirm
from conciliare.applications.submission_services import (
    application_submit,
    application_withdraw,
)
from conciliare.applications.tests.factories import complete_application, make_team

pytestmark = pytest.mark.django_db


def _url(application):
    return reverse("applications-officer:application-review", args=[application.pk])


def test_the_officer_reads_what_was_submitted(client, login_as, call):
    # given an application whose partner confirmed its part
    team = make_team()
    application = complete_application(call=call, team=team)
    partner_confirm(
        actor=team.partner_rep,
        application=application,
        organisation=team.partners[0],
    )
    submission = application_submit(
        actor=team.lead_rep, application=application, key=uuid.uuid4()
    )
    login_as("ats_officer")

    # when
    response = client.get(_url(application))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert submission.protocol_number in html
    assert "Tempi per le famiglie" in html
    assert team.lead.legal_name in html
    assert "Sportello conciliazione" in html
    assert "Lavoratori raggiunti" in html
    assert "Lavoratori e lavoratrici" in html
    for area in call.areas.order_by("number")[:2]:
        assert f"{area.number}. {area.name}" in html
    # the budget by partner, with subtotals and the project's totals
    assert "Coordinamento e sportello" in html
    assert f"Totale {team.partners[0].legal_name}" in html
    assert "€ 100.000,00" in html
    assert "€ 50.000,00 (50,00%)" in html
    # each attachment links to the documents app, which checks permission
    for attachment in submission.snapshot["attachments"]:
        url = reverse("documents:document-download", args=[attachment["document_id"]])
        assert url in html
        assert client.get(url).status_code == HTTPStatus.OK
    assert team.partners[0].legal_name in html  # its confirmation
    assert "Nessun partner ha confermato" not in html
    assert submission.snapshot_sha256 in html


def test_a_withdrawn_application_shows_its_last_submission_and_the_history(
    client, login_as, call, submit
):
    application = submit(call)
    first = application.current_submission
    application_withdraw(actor=application.created_by, application=application)
    login_as("regional_officer")

    response = client.get(_url(application))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="withdrawn-notice"' in html
    assert response.context["submission"] == first
    assert [s.pk for s in response.context["submissions"]] == [first.pk]


def test_a_resubmitted_application_shows_the_valid_submission(
    client, login_as, call, submit
):
    application = submit(call)
    first = application.current_submission
    application = application_withdraw(
        actor=application.created_by, application=application
    )
    second = application_submit(
        actor=application.created_by, application=application, key=uuid.uuid4()
    )
    login_as("ats_officer")

    response = client.get(_url(application))

    assert response.context["submission"] == second
    assert [s.pk for s in response.context["submissions"]] == [first.pk, second.pk]
    assert 'id="withdrawn-notice"' not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "kwargs", "expected"),
    [
        ("ats_officer", {}, HTTPStatus.OK),
        ("regional_officer", {}, HTTPStatus.OK),
        ("ats_officer", {"ats_slug": "brescia"}, HTTPStatus.NOT_FOUND),
        ("committee_member", {}, HTTPStatus.NOT_FOUND),
        ("org_representative", {}, HTTPStatus.NOT_FOUND),
        ("citizen", {}, HTTPStatus.NOT_FOUND),
    ],
)
def test_who_may_read_a_submitted_application(
    client, login_as, call, submit, who, kwargs, expected
):
    application = submit(call)
    login_as(who, **kwargs)

    response = client.get(_url(application))

    assert response.status_code == expected


def test_a_draft_does_not_exist_for_the_officers(client, login_as, call):
    application = complete_application(call=call)
    login_as("ats_officer")

    response = client.get(_url(application))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_alliance_uses_its_own_pages_not_the_officers_one(
    client, call, submit, sign_in
):
    application = submit(call)
    sign_in(
        make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=application.alliance.lead
        )
    )

    response = client.get(_url(application))

    assert response.status_code == HTTPStatus.FORBIDDEN
