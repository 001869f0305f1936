from dataclasses import dataclass

import pytest

from conciliare.accounts.models import Role, User
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import Application
from conciliare.applications.tests.factories import Team
from conciliare.calls.models import Call
from conciliare.reviews.models import ApplicationReview
from conciliare.reviews.tests.factories import closed_call, make_review


@dataclass
class Evaluation:
    call: Call
    review: ApplicationReview
    application: Application
    team: Team
    officer: User


@pytest.fixture
def evaluation(db) -> Evaluation:
    """An admissible application of a closed call of ATS Milano, and an
    officer of that ATS."""
    call, [submitted] = closed_call(applications=1)
    return Evaluation(
        call=call,
        review=make_review(submitted.application),
        application=submitted.application,
        team=submitted.team,
        officer=make_user(Role.ATS_OFFICER, ats=call.ats),
    )
