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
