import pytest

from conciliare.applications.services import application_create
from conciliare.applications.tests.factories import make_team
from conciliare.calls.tests.factories import make_call


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
