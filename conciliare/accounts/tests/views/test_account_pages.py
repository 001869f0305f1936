"""allauth's pages in the site's layout, Italian by default and English at /en/."""

import re
from html import unescape

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _page(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="main-container"' in html  # the site's base.html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids must be unique"
    return html


def _has_title(html, title):
    return re.search(rf"<h1[^>]*>\s*{re.escape(title)}\s*</h1>", unescape(html))


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/account/login/", "Accedi"),
        ("/account/signup/", "Registrazione"),
        ("/account/password/reset/", "Reimpostazione password"),
        ("/account/password/reset/done/", "Reimpostazione password"),
        ("/account/password/reset/key/1-wrong/", "Token non valido"),
        ("/account/confirm-email/", "Verifica il tuo indirizzo email"),
        ("/account/confirm-email/wrong-key/", "Conferma l'indirizzo email"),
    ],
)
def test_the_sign_in_pages_are_in_italian(client, path, title):
    html = _page(client.get(path, follow=True))
    assert _has_title(html, title)
    assert '<html lang="it">' in html


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/account/email/", "Indirizzi email"),
        ("/account/password/change/", "Cambia la tua Password"),
        ("/account/logout/", "Disconnetti"),
        ("/account/2fa/", "Autenticazione a Due Fattori"),
    ],
)
def test_the_account_settings_pages_are_in_italian(client, path, title):
    client.force_login(make_user())
    html = _page(client.get(path, follow=True))
    assert _has_title(html, title)
    assert 'aria-label="Impostazioni dell’account"' in html


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/account/2fa/totp/deactivate/", "Disattiva l'applicazione di autenticazione"),
        ("/account/2fa/recovery-codes/", "Codici di recupero"),
    ],
)
def test_the_pages_of_an_enrolled_person(client, make_actor, enrol_totp, path, title):
    client.force_login(enrol_totp(make_actor(Role.ATS_OFFICER)))
    client.post(reverse("account_reauthenticate"), {"password": "password-di-prova-1"})
    html = _page(client.get(path))
    assert _has_title(html, title)


def test_the_login_form_has_the_labels_the_browser_tests_use(client):
    html = _page(client.get(reverse("account_login")))
    assert re.search(r'<label for="id_login" class="active">E-mail\b', html)
    assert re.search(r'<label for="id_password" class="active">Password\b', html)
    assert re.search(
        r'<button type="submit" class="btn btn-primary">\s*Accedi\s*</button>', html
    )


def test_the_login_page_is_in_english_under_en(client):
    html = _page(client.get("/en/account/login/"))
    assert '<html lang="en">' in html
    assert _has_title(html, "Sign In")
    assert 'action="/en/account/login/"' in html


def test_sign_up_errors_are_next_to_their_fields(client):
    # when
    response = client.post(
        reverse("account_signup"),
        {"email": "non-valida", "password1": "abc", "password2": "abd"},
    )
    # then
    html = _page(response)
    assert re.search(
        r'<div class="invalid-feedback d-block" id="id_email_error">[^<]*valido', html
    )
    email_input = re.search(r"<input[^>]*id=\"id_email\"[^>]*>", html)
    assert email_input is not None
    assert 'aria-describedby="id_email_error"' in email_input.group(0)
    assert 'aria-invalid="true"' in email_input.group(0)
    assert 'class="form-control is-invalid"' in email_input.group(0)


def test_a_wrong_password_keeps_the_address_and_explains_in_italian(client):
    citizen = make_user()
    html = _page(
        client.post(
            reverse("account_login"), {"login": citizen.email, "password": "sbagliata"}
        )
    )
    assert "non sono corretti" in html
    assert f'value="{citizen.email}"' in html


def test_changing_two_factor_settings_asks_for_the_password_again(client):
    client.force_login(make_user())
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    html = _page(response)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert _has_title(html, "Conferma l'accesso")


def test_staff_see_the_totp_setup_after_reauthenticating(client, make_actor):
    # given a committee member just signed in with the password
    member = make_actor(Role.COMMITTEE_MEMBER, ats_slug="brescia")
    client.post(
        reverse("account_login"),
        {"login": member.email, "password": "password-di-prova-1"},
    )
    client.post(reverse("account_reauthenticate"), {"password": "password-di-prova-1"})
    # when
    html = _page(client.get(reverse("mfa_activate_totp")))
    # then the secret is shown in a labelled read-only field next to the QR code
    assert '<label for="authenticator_secret" class="active">' in html
    assert 'aria-describedby="authenticator_secret_helptext"' in html
    assert '<img class="img-fluid d-block mb-3" src="data:image/svg+xml;base64,' in html
