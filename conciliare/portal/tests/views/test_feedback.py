"""The accessibility feedback form: stored, audited, e-mailed to the site
managers; bad input reported beside the field; spam refused."""

import re
from http import HTTPStatus

import pytest
from django.core import mail

from conciliare.accounts.services import system_user
from conciliare.audit.models import AuditEvent
from conciliare.portal.models import Feedback

pytestmark = pytest.mark.django_db

URL = "/accessibilita/segnalazione/"


def _data(**overrides):
    data = {
        "name": "Anna Verdi",
        "email": "anna.verdi@example.org",
        "page_url": "/alleanze/",
        "message": "La tabella delle alleanze non si legge con lo zoom al 400%.",
        "sito_web": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def managers(settings):
    settings.MANAGERS = [("Redazione", "redazione@conciliare.example")]
    settings.FEEDBACK_RATE_LIMIT = 3


def test_a_report_is_stored_audited_and_mailed_to_the_managers(
    client, managers, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data())

    # then
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accessibilita/segnalazione/inviata/"
    feedback = Feedback.objects.get()
    assert (feedback.email, feedback.page_url, feedback.language) == (
        "anna.verdi@example.org",
        "/alleanze/",
        "it",
    )
    assert feedback.user is None
    event = AuditEvent.objects.for_object(feedback).get()
    assert event.verb == "feedback.create"
    assert event.actor == system_user()
    [message] = mail.outbox
    assert message.to == ["redazione@conciliare.example"]
    assert message.reply_to == ["anna.verdi@example.org"]
    assert "zoom al 400%" in message.body
    assert "/alleanze/" in message.body
    assert client.get(response["Location"]).status_code == HTTPStatus.OK


def test_the_name_is_optional_and_a_signed_in_person_is_remembered(
    client, managers, login_as
):
    user = login_as("citizen")

    client.post(URL, _data(name=""))

    feedback = Feedback.objects.get()
    assert feedback.name == ""
    assert feedback.user == user
    assert AuditEvent.objects.for_object(feedback).get().actor == user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "non-una-email", "Inserisci un indirizzo email valido."),
        ("email", "", "Questo campo è obbligatorio."),
        ("page_url", "javascript:alert(1)", "Indicare l&#x27;indirizzo della pagina"),
        ("page_url", "", "Questo campo è obbligatorio."),
        ("message", "corto", "almeno 10 caratteri"),
    ],
)
def test_bad_input_is_reported_beside_the_field_and_nothing_is_saved(
    client, managers, field, value, message
):
    response = client.post(URL, _data(**{field: value}))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not Feedback.objects.exists()
    assert not mail.outbox


def test_a_bot_filling_the_hidden_field_is_refused(client, managers):
    response = client.post(URL, _data(sito_web="https://spam.example"))

    assert response.status_code == HTTPStatus.OK
    assert "La segnalazione non può essere inviata." in response.content.decode()
    assert not Feedback.objects.exists()
    assert not mail.outbox


def test_the_hidden_field_is_hidden_from_people_and_assistive_technology(client):
    html = client.get(URL).content.decode()
    assert re.search(
        r'<div hidden>\s*<div class="form-group mb-4">\s*<label for="id_sito_web"', html
    )
    assert 'tabindex="-1"' in html


def test_too_many_reports_from_one_address_are_refused(client, managers):
    for _ in range(3):
        assert client.post(URL, _data()).status_code == HTTPStatus.FOUND

    response = client.post(URL, _data())

    assert response.status_code == HTTPStatus.OK
    assert "troppe segnalazioni" in response.content.decode()
    assert Feedback.objects.count() == 3


def test_the_form_starts_from_the_page_the_visitor_was_on(client):
    html = client.get(URL, {"pagina": "/progetti/?ats=milano"}).content.decode()
    assert 'value="/progetti/?ats=milano"' in html


def test_every_page_links_the_form_with_its_own_address(client):
    html = client.get("/documenti/").content.decode()
    assert "/accessibilita/segnalazione/?pagina=/documenti/" in html


def test_the_form_is_never_served_from_the_page_cache(client):
    client.get(URL)
    assert "X-Public-Cache" not in client.get(URL)


def test_site_managers_read_the_reports_in_the_admin(client):
    from allauth.mfa.models import Authenticator

    from conciliare.accounts.tests.factories import make_user

    admin = make_user(is_superuser=True, is_staff=True)
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(admin)
    Feedback.objects.create(
        email="anna@example.org", page_url="/", message="Testo", language="it"
    )

    response = client.get("/admin/portal/feedback/")

    assert response.status_code == HTTPStatus.OK
    assert "anna@example.org" in response.content.decode()
    assert client.get("/admin/portal/feedback/add/").status_code == 403
