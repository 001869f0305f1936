import uuid

import pytest

from conciliare.applications.submission_services import application_submit
from conciliare.applications.tests.factories import complete_application
from conciliare.calls.tests.factories import make_call


@pytest.fixture
def call(db):
    """A published call of ATS Milano, open now."""
    return make_call()


@pytest.fixture
def submit():
    """``submit(call, **kwargs)``: a complete application of a new alliance of
    the call's ATS, submitted by its lead body (kwargs go to
    ``complete_application``: cost, grant, team)."""

    def _submit(call, **kwargs):
        application = complete_application(call=call, **kwargs)
        application_submit(
            actor=application.created_by, application=application, key=uuid.uuid4()
        )
        application.refresh_from_db()
        return application

    return _submit


@pytest.fixture
def sign_in(client):
    """``sign_in(user)``: the test client signed in as ``user`` (TOTP
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
