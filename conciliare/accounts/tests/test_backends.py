import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from conciliare.accounts.models import User
from conciliare.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_model_permissions_are_never_granted_outside_rules():
    person = make_user()
    assert person.has_perm("accounts.view_user") is False
    assert person.has_module_perms("accounts") is False


def test_superusers_keep_every_permission():
    admin = make_user(is_staff=True, is_superuser=True)
    assert admin.has_perm("accounts.view_user") is True


def test_people_sign_in_by_email_and_password():
    person = make_user(email="persona@example.org")
    request = RequestFactory().post("/")
    assert (
        authenticate(
            request, email="persona@example.org", password="password-di-prova-1"
        )
        == person
    )
    assert (
        authenticate(
            request, username="persona@example.org", password="password-di-prova-1"
        )
        == person
    )
    assert (
        authenticate(request, username="persona@example.org", password="sbagliata")
        is None
    )


def test_the_signed_in_user_comes_with_its_totp_state(
    client, enrol_totp, django_assert_num_queries
):
    from conciliare.accounts.selectors import totp_is_enrolled

    person = enrol_totp(make_user())
    client.force_login(person)
    from django.contrib.auth import get_user

    request = RequestFactory().get("/")
    request.session = client.session
    with django_assert_num_queries(1):
        user = get_user(request)
        assert isinstance(user, User)
        assert totp_is_enrolled(user=user) is True
