import pytest

from conciliare.applications.services import application_create
from conciliare.applications.tests.factories import make_team
from conciliare.calls.tests.factories import make_call


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
def call(db):
    return make_call()


@pytest.fixture
def team(call):
    return make_team(ats=call.ats)


@pytest.fixture
def draft(call, team):
    """An empty draft of ``team`` to ``call``."""
    return application_create(
        actor=team.lead_rep, call=call, alliance=team.alliance, title="Tempi comuni"
    )
