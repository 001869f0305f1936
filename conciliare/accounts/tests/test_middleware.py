"""RequireStaffMfaMiddleware: staff roles must enrol TOTP before working."""

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role

pytestmark = pytest.mark.django_db

ACTIVATE = "/account/2fa/totp/activate/"
STAFF = [Role.REGIONAL_OFFICER, Role.ATS_OFFICER, Role.COMMITTEE_MEMBER]


@pytest.mark.parametrize("who", STAFF)
@pytest.mark.parametrize("path", ["/area-riservata/", "/", "/territorio/ats/"])
def test_staff_without_totp_are_sent_to_activate_it(client, make_actor, who, path):
    # given
    client.force_login(make_actor(who))
    # when
    response = client.get(path)
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{ACTIVATE}?next={path.replace('/', '%2F')}"


def test_english_pages_send_staff_to_the_english_activation_page(client, make_actor):
    client.force_login(make_actor(Role.ATS_OFFICER))
    response = client.get("/en/area-riservata/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/2fa/totp/activate/?next=")


def test_the_admin_is_guarded_too(client, make_actor):
    user = make_actor(Role.REGIONAL_OFFICER)
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(ACTIVATE)


@pytest.mark.parametrize(
    "path",
    [
        "/account/login/",
        "/account/2fa/",
        "/account/logout/",
        "/en/account/2fa/",
        "/static/css/conciliare.css",
        "/healthz",
    ],
)
def test_staff_without_totp_may_reach_account_pages_and_assets(
    client, make_actor, path
):
    # given
    client.force_login(make_actor(Role.ATS_OFFICER))
    # when
    response = client.get(path)
    # then
    assert not response.get("Location", "").startswith(ACTIVATE)


def test_the_language_switch_is_open(client, make_actor):
    client.force_login(make_actor(Role.ATS_OFFICER))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert not response["Location"].startswith(ACTIVATE)


@pytest.mark.parametrize("who", STAFF)
def test_staff_with_totp_pass(client, login_as, who):
    login_as(who)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["citizen", Role.ORGANISATION_REPRESENTATIVE])
@pytest.mark.parametrize("path", ["/area-riservata/", "/"])
def test_citizens_and_representatives_are_never_sent(client, make_actor, who, path):
    client.force_login(make_actor(who))
    response = client.get(path)
    assert response.status_code == 200


def test_anonymous_visitors_are_unaffected(client):
    assert client.get("/").status_code == 200
    response = client.get("/area-riservata/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_the_requirement_can_be_switched_off(client, make_actor, settings):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(make_actor(Role.ATS_OFFICER))
    assert client.get("/area-riservata/").status_code == 200


def test_technical_administrators_without_a_role_need_totp_too(client):
    from conciliare.accounts.tests.factories import make_user

    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(ACTIVATE)
