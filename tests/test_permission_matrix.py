"""Every role against every page of the foundation, through the real URLs.

One row per (page, role): the HTTP status the person gets. 302 = sent to sign
in, 403 = may know the page exists but not use it, 404 = must not even learn
the object exists (another ATS's private document, someone else's organisation).
"""

from http import HTTPStatus

import pytest

from conciliare.documents.tests.factories import DocumentFactory
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db

OK, REDIRECT, FORBIDDEN, NOT_FOUND = (
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
]
UNAUTHORIZED = HTTPStatus.UNAUTHORIZED

# page -> expected status per role (in ROLES order)
MATRIX: dict[str, list[HTTPStatus]] = {
    "/": [OK] * 7,
    "/en/": [OK] * 7,
    "/territorio/ats/": [OK] * 7,
    "/territorio/ats/milano/": [OK] * 7,
    "/territorio/periodi/": [OK] * 7,
    "/territorio/periodi/2020-2023/": [OK] * 7,
    "/accessibilita/": [OK] * 7,
    "/privacy/": [OK] * 7,
    "/documenti/": [OK] * 7,
    "/documenti/{public_doc}/": [OK] * 7,
    "/documenti/{public_doc}/file/": [OK] * 7,
    "/documenti/{private_doc}/": [
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/documenti/{private_doc}/file/": [
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/documenti/{private_doc}/modifica/": [
        REDIRECT,
        NOT_FOUND,
        NOT_FOUND,
        FORBIDDEN,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/documenti/gestione/nuovo/": [
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        OK,
        OK,
        OK,
    ],
    "/area-riservata/": [REDIRECT, OK, OK, OK, OK, OK, OK],
    "/enti/": [REDIRECT, FORBIDDEN, FORBIDDEN, OK, OK, OK, OK],
    "/enti/nuovo/": [REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK],
    "/enti/{own_org}/": [REDIRECT, NOT_FOUND, OK, OK, OK, OK, OK],
    "/enti/{own_org}/modifica/": [REDIRECT, NOT_FOUND, OK, FORBIDDEN, OK, OK, OK],
    "/enti/{other_org}/": [REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK, OK],
    "/enti/{other_org}/modifica/": [
        REDIRECT,
        NOT_FOUND,
        NOT_FOUND,
        FORBIDDEN,
        OK,
        OK,
        OK,
    ],
    # the API answers the same questions with the same rules
    "/api/v1/territory/ats": [OK] * 7,
    "/api/v1/territory/periods/2020-2023/allocations": [OK] * 7,
    "/api/v1/documents/documents": [OK] * 7,
    "/api/v1/documents/documents/{private_doc}": [
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        NOT_FOUND,
        OK,
    ],
    "/api/v1/registry/organisations": [
        UNAUTHORIZED,
        FORBIDDEN,
        FORBIDDEN,
        OK,
        OK,
        OK,
        OK,
    ],
    "/api/v1/registry/organisations/{own_org}": [
        UNAUTHORIZED,
        NOT_FOUND,
        OK,
        OK,
        OK,
        OK,
        OK,
    ],
    "/api/v1/registry/organisations/{other_org}": [
        UNAUTHORIZED,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        OK,
        OK,
        OK,
    ],
}

CASES = [
    (url, role, expected)
    for url, statuses in MATRIX.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("url", "role", "expected"), CASES)
def test_each_role_gets_what_it_may_on_each_page(client, login_as, url, role, expected):
    # given the objects of ATS Milano and a person in the role
    own_org, other_org = OrganisationFactory.create(), OrganisationFactory.create()
    milano = ATS.objects.get(slug="milano")
    public_doc = DocumentFactory.create(ats=milano, is_public=True)
    private_doc = DocumentFactory.create(ats=milano, is_public=False)
    if role == "ats_officer_brescia":
        login_as("ats_officer", ats_slug="brescia")
    elif role == "org_representative":
        login_as(role, organisation=own_org)
    else:
        login_as(role)

    # when
    response = client.get(
        url.format(
            own_org=own_org.pk,
            other_org=other_org.pk,
            public_doc=public_doc.pk,
            private_doc=private_doc.pk,
        )
    )

    # then
    assert response.status_code == expected, (url, role)
