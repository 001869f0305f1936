from http import HTTPStatus

import pytest

from conciliare.registry.api import MAX_PAGE_SIZE
from conciliare.registry.models import Typology
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import Comune

pytestmark = pytest.mark.django_db

LIST = "/api/v1/registry/organisations"


def _detail(organisation) -> str:
    return f"{LIST}/{organisation.pk}"


def test_staff_get_a_paginated_list(client, login_as):
    # given
    OrganisationFactory.create_batch(3)
    login_as("committee_member")

    # when
    response = client.get(LIST, {"limit": 2, "offset": 1})

    # then
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    assert set(body["items"][0]) == {
        "id",
        "legal_name",
        "tax_code",
        "vat_number",
        "typology",
        "typology_label",
        "size_class",
        "comune",
        "ambito",
        "ats",
        "is_synthetic",
    }


def test_the_list_filters_by_typology_ats_and_search(client, login_as):
    # given
    wanted = OrganisationFactory.create(
        legal_name="Sindacato Bresciano",
        typology=Typology.TRADE_UNION,
        comune=Comune.objects.get(name="Brescia"),
    )
    OrganisationFactory.create(
        legal_name="Sindacato Milanese", typology=Typology.TRADE_UNION
    )
    OrganisationFactory.create(
        legal_name="Scuola Bresciana",
        typology=Typology.EDUCATION,
        comune=Comune.objects.get(name="Brescia"),
    )
    login_as("ats_officer")

    # when
    response = client.get(
        LIST, {"typology": "trade_union", "ats": "brescia", "q": "sindacato"}
    )

    # then
    items = response.json()["items"]
    assert [item["id"] for item in items] == [wanted.pk]
    assert items[0]["comune"] == "Brescia"
    assert items[0]["ats"] == "brescia"
    assert items[0]["typology_label"] == "Associazioni sindacali"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"typology": "nope"}, HTTPStatus.UNPROCESSABLE_ENTITY),
        ({"ats": "atlantide"}, HTTPStatus.BAD_REQUEST),
        ({"limit": 0}, HTTPStatus.UNPROCESSABLE_ENTITY),
    ],
)
def test_bad_list_parameters_are_client_errors(client, login_as, params, status):
    login_as("ats_officer")

    response = client.get(LIST, params)

    assert response.status_code == status
    assert "detail" in response.json()


def test_the_page_size_is_capped(client, login_as):
    # given
    OrganisationFactory.create_batch(MAX_PAGE_SIZE + 1)
    login_as("ats_officer")

    # when
    response = client.get(LIST, {"limit": 500})

    # then
    body = response.json()
    assert (body["count"], len(body["items"])) == (MAX_PAGE_SIZE + 1, MAX_PAGE_SIZE)


def test_anonymous_callers_get_401(client):
    response = client.get(LIST)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("who", ["citizen", "org_representative"])
def test_the_list_is_forbidden_to_non_staff(client, login_as, who):
    login_as(who)

    response = client.get(LIST)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json() == {"detail": "Permission denied."}


def test_a_representative_reads_their_own_organisation(client, login_as):
    # given
    organisation = OrganisationFactory.create(
        legal_name="Ente mio", pec="mio@pec.example.org"
    )
    login_as("org_representative", organisation=organisation)

    # when
    response = client.get(_detail(organisation))

    # then
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["id"] == organisation.pk
    assert body["legal_name"] == "Ente mio"
    assert body["pec"] == "mio@pec.example.org"
    assert body["province"] == "MI"
    assert body["ambito"] == "Milano Città"


@pytest.mark.parametrize("who", ["citizen", "org_representative"])
def test_an_organisation_out_of_reach_is_404(client, login_as, who):
    organisation = OrganisationFactory.create()
    login_as(who)  # a representative of another organisation

    response = client.get(_detail(organisation))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "Not found."}


def test_the_detail_needs_a_session(client):
    organisation = OrganisationFactory.create()

    response = client.get(_detail(organisation))

    assert response.status_code == HTTPStatus.UNAUTHORIZED
