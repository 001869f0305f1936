"""The applications' rules across the life of an application: who may do
what on a draft, a submitted and a withdrawn application (the roles against
the pages are in tests/test_permission_matrix.py)."""

import uuid

import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.submission_services import (
    application_submit,
    application_withdraw,
)
from conciliare.applications.tests.factories import complete_application, make_team
from conciliare.calls.tests.factories import make_call

pytestmark = pytest.mark.django_db

PERMISSIONS = (
    "view_application",
    "change_application",
    "submit_application",
    "withdraw_application",
    "confirm_partnership",
)
# status -> person -> the permissions (of PERMISSIONS) the person holds
MATRIX = {
    "draft": {
        "lead_rep": {
            "view_application",
            "change_application",
            "submit_application",
            "confirm_partnership",
        },
        "partner_rep": {"view_application", "confirm_partnership"},
        "ats_officer": set(),
        "other_ats_officer": set(),
        "regional_officer": set(),
    },
    "submitted": {
        "lead_rep": {"view_application", "withdraw_application"},
        "partner_rep": {"view_application"},
        "ats_officer": {"view_application"},
        "other_ats_officer": set(),
        "regional_officer": {"view_application"},
    },
    # withdrawn: the lead may change and resubmit it; the officers keep
    # reading what they had received
    "withdrawn": {
        "lead_rep": {
            "view_application",
            "change_application",
            "submit_application",
            "confirm_partnership",
        },
        "partner_rep": {"view_application", "confirm_partnership"},
        "ats_officer": {"view_application"},
        "other_ats_officer": set(),
        "regional_officer": {"view_application"},
    },
}


def _application_in(status, team):
    application = complete_application(call=make_call(), team=team)
    if status in ("submitted", "withdrawn"):
        application_submit(
            actor=team.lead_rep, application=application, key=uuid.uuid4()
        )
    if status == "withdrawn":
        application_withdraw(actor=team.lead_rep, application=application)
    application.refresh_from_db()
    return application


@pytest.mark.parametrize("status", MATRIX)
def test_application_rules_by_status(status):
    team = make_team()
    application = _application_in(status, team)
    people = {
        "lead_rep": team.lead_rep,
        "partner_rep": team.partner_rep,
        "ats_officer": make_user(Role.ATS_OFFICER, ats=ats("milano")),
        "other_ats_officer": make_user(Role.ATS_OFFICER, ats=ats("brescia")),
        "regional_officer": make_user(Role.REGIONAL_OFFICER),
    }

    held = {
        who: {
            perm
            for perm in PERMISSIONS
            if user.has_perm(f"applications.{perm}", application)
        }
        for who, user in people.items()
    }

    assert held == MATRIX[status]


def test_the_committee_does_not_read_the_applications_received():
    team = make_team()
    application = _application_in("submitted", team)
    member = make_user(Role.COMMITTEE_MEMBER, ats=ats("milano"))

    assert member.has_perm("applications.view_application", application) is False
    assert member.has_perm("calls.view_call_applications", application.call) is False
