"""Signing in with a password and then the TOTP code (allauth's MFA stage)."""

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.accounts.tests.totp import totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "password-di-prova-1"


@pytest.fixture
def officer(enrol_totp):
    return enrol_totp(make_user(Role.ATS_OFFICER, ats=ats("milano")))


def _sign_in_with_password(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in yet
    return response


def test_a_valid_code_completes_the_sign_in(client, officer, tolerant_totp_clock):
    # given
    _sign_in_with_password(client, officer)
    # when
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_code_is_refused_next_to_the_field(
    client, officer, tolerant_totp_clock
):
    # given
    _sign_in_with_password(client, officer)
    wrong = next(
        code
        for code in ("000000", "111111", "222222", "333333")
        if code not in {totp_code(offset=o) for o in (-1, 0, 1)}
    )
    # when
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    # then
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert (
        '<div class="invalid-feedback d-block" id="id_code_error">Codice errato.</div>'
        in html
    )
    assert 'aria-describedby="id_code_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_code_is_accepted_only_once(client, officer, tolerant_totp_clock):
    # given a code already used for a sign-in
    code = totp_code()
    _sign_in_with_password(client, officer)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.logout()
    # when
    _sign_in_with_password(client, officer)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    # then
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_citizen_without_totp_signs_in_with_the_password_alone(client):
    citizen = make_user()
    response = client.post(
        reverse("account_login"), {"login": citizen.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.session["_auth_user_id"] == str(citizen.pk)
