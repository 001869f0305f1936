"""Every person against every reserved page of one alliance, through the
real URLs: 200 for who runs it, 403 for the others (alliances are public,
their existence is no secret), 404 for a Scheda one may not see."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.partnerships.models import PartnerRequest
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, NOT_FOUND = HTTPStatus.OK, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND
PEOPLE = [
    "lead_rep",
    "partner_rep",
    "other_rep",
    "ats_officer",
    "other_ats_officer",
    "regional_officer",
    "committee_member",
    "citizen",
]
MANAGERS = [OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN]
PAGES = {
    "alliance-manage": MANAGERS,
    "alliance-update": MANAGERS,
    "partner-add": MANAGERS,
    "partner-update": MANAGERS,
    "partner-end": MANAGERS,
    "alliance-lead-change": MANAGERS,
    "alliance-document-attach": MANAGERS,
    "alliance-request-queue": MANAGERS,
    # any representative files a Scheda for an organisation of theirs
    "request-create": [
        OK,
        OK,
        OK,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
    ],
    # a Scheda: the managers of the alliance (and the requester, elsewhere)
    "request-detail": [
        OK,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        NOT_FOUND,
        OK,
        NOT_FOUND,
        NOT_FOUND,
    ],
}
CASES = [
    (page, who, expected)
    for page, statuses in PAGES.items()
    for who, expected in zip(PEOPLE, statuses, strict=True)
]


@pytest.mark.parametrize(("page", "who", "expected"), CASES)
def test_each_person_gets_what_they_may(
    client, sign_in, actor_for, alliance, page, who, expected
):
    # given the alliance (lead and one partner) and a Scheda of a third body
    partner = alliance.partners.exclude(organisation=alliance.lead).get()
    organisation = OrganisationFactory.create()
    partner_request = PartnerRequest.objects.create(
        alliance=alliance,
        organisation=organisation,
        requested_by=make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=organisation
        ),
        technical_contribution="Sportello",
    )
    sign_in(actor_for(who, alliance))
    args = {
        "partner-update": [alliance.pk, partner.pk],
        "partner-end": [alliance.pk, partner.pk],
        "request-detail": [partner_request.pk],
    }.get(page, [alliance.pk])

    # when
    response = client.get(reverse(f"alliances-manage:{page}", args=args))

    # then
    assert response.status_code == expected, (page, who)


def test_anonymous_visitors_are_sent_to_sign_in(client, alliance):
    for page in ("alliance-manage", "request-create", "alliance-request-queue"):
        url = reverse(f"alliances-manage:{page}", args=[alliance.pk])
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert "/account/login/" in response["Location"]


def test_a_missing_alliance_is_not_found(client, sign_in):
    sign_in(make_user(Role.REGIONAL_OFFICER))

    response = client.get(reverse("alliances-manage:alliance-manage", args=[99999]))

    assert response.status_code == NOT_FOUND
