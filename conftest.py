"""Suite-wide fixtures."""

import pytest

pytest_plugins = ["tests.browser_fixtures"]


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run only in the PostgreSQL leg of CI; on SQLite
    they are deselected (they test behaviour SQLite does not have)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    deselected = [item for item in items if "postgres" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if "postgres" not in item.keywords]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have been flushed by the transactional tests
    of an earlier run (--reuse-db): put the reference data back once."""
    from tests.reference_data import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (public pages, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_actor(db):
    """``make_actor(who, ats_slug="milano", organisation=None)`` -> user or None.

    ``who`` is one of accounts.tests.factories.ROLES; ``anonymous`` gives None.
    ATS-scoped roles are scoped to ``ats_slug``; an organisation representative
    represents ``organisation`` (a new one when not given).
    """
    from conciliare.accounts.models import Role
    from conciliare.accounts.tests.factories import ats, make_user
    from conciliare.registry.tests.factories import OrganisationFactory

    def _make(who: str, ats_slug: str = "milano", organisation=None):
        if who == "anonymous":
            return None
        if who == "citizen":
            return make_user()
        if who in (Role.ATS_OFFICER, Role.COMMITTEE_MEMBER):
            return make_user(who, ats=ats(ats_slug))
        if who == Role.ORGANISATION_REPRESENTATIVE:
            return make_user(who, organisation=organisation or OrganisationFactory())
        if who == Role.REGIONAL_OFFICER:
            return make_user(who)
        raise ValueError(who)

    return _make


@pytest.fixture
def sign_in(client):
    """``sign_in(user)``: the test client is signed in as ``user`` (TOTP
    enrolled for staff, as the MFA middleware requires)."""
    from allauth.mfa.models import Authenticator

    def _sign_in(user):
        if user.is_staff_role:
            Authenticator.objects.get_or_create(
                user=user,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}},
            )
        client.force_login(user)
        return user

    return _sign_in


@pytest.fixture
def login_as(make_actor, sign_in):
    """Log the test client in as ``who`` with TOTP enrolled for staff roles."""

    def _login(who: str, **kwargs):
        user = make_actor(who, **kwargs)
        if user is not None:
            sign_in(user)
        return user

    return _login
