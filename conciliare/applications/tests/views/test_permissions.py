"""Every role against every page where the alliances prepare applications.
302 = sent to sign in, 403 = may know the page exists but not use it, 404 =
must not learn the application exists (a draft outside the alliance)."""

import uuid
from http import HTTPStatus

import pytest

from conciliare.applications.submission_services import application_submit
from conciliare.applications.tests.factories import complete_application, make_team
from conciliare.calls.tests.factories import make_call
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

OK, R, F, N = (
    HTTPStatus.OK,
    HTTPStatus.FOUND,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.NOT_FOUND,
)
ROLES = [
    "anonymous",
    "citizen",
    "org_representative",
    "committee_member",
    "ats_officer",
    "ats_officer_brescia",
    "regional_officer",
    "lead_representative",
    "partner_representative",
]
BASE = "/area-riservata/domande/"
# page -> expected status per role (in ROLES order)
MATRIX = {
    BASE: [R, F, OK, F, F, F, F, OK, OK],
    BASE + "nuova/?call={call}": [R, F, OK, F, F, F, F, OK, OK],
    BASE + "{draft}/": [R, N, N, N, N, N, N, OK, OK],
    BASE + "{submitted}/": [R, N, N, N, OK, N, OK, OK, OK],
    BASE + "{draft}/generale/": [R, N, N, N, N, N, N, OK, F],
    BASE + "{draft}/budget/": [R, N, N, N, N, N, N, OK, F],
    BASE + "{draft}/allegati/": [R, N, N, N, N, N, N, OK, F],
    BASE + "{submitted}/generale/": [R, N, N, N, F, N, F, F, F],
    BASE + "{draft}/invia/": [R, N, N, N, N, N, N, OK, F],
    BASE + "{submitted}/ritira/": [R, N, N, N, F, N, F, OK, F],
    BASE + "invii/{submission}/ricevuta.pdf": [R, N, N, N, OK, N, OK, OK, OK],
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_the_application_pages(client, login_as, role):
    # given a draft and a submitted application of one alliance of ATS Milano
    team = make_team()
    call = make_call()
    draft = complete_application(call=call, team=team)
    submitted = complete_application(call=make_call(title="Secondo avviso"), team=team)
    submission = application_submit(
        actor=team.lead_rep, application=submitted, key=uuid.uuid4()
    )
    if role == "ats_officer_brescia":
        login_as("ats_officer", ats_slug="brescia")
    elif role in ("lead_representative", "partner_representative"):
        user = team.lead_rep if role == "lead_representative" else team.partner_rep
        client.force_login(user)
    elif role == "org_representative":
        login_as(role, organisation=OrganisationFactory.create())
    else:
        login_as(role)
    keys = {
        "call": call.pk,
        "draft": draft.pk,
        "submitted": submitted.pk,
        "submission": submission.pk,
    }
    index = ROLES.index(role)

    # when
    statuses = {url: client.get(url.format(**keys)).status_code for url in MATRIX}

    # then
    assert statuses == {url: expected[index] for url, expected in MATRIX.items()}
