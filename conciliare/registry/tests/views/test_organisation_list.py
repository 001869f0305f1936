from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.registry.models import Typology
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import Comune

pytestmark = pytest.mark.django_db

URL = reverse("registry:organisation-list")


def test_staff_see_the_table_with_every_column(client, login_as):
    # given
    OrganisationFactory.create(
        legal_name="Cooperativa Il Girasole",
        tax_code="00743110157",
        typology=Typology.PRIVATE_NONPROFIT,
        comune=Comune.objects.get(name="Legnano"),
        is_synthetic=True,
    )
    login_as("committee_member")

    # when
    response = client.get(URL)

    # then
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<caption" in html
    assert "Cooperativa Il Girasole" in html
    assert "00743110157" in html
    assert "Soggetti privati (Organizzazioni No Profit)" in html
    assert "Legnano (MI)" in html
    assert "Legnanese" in html
    assert "Sintetico" in html
    assert "Registra un nuovo ente" not in html  # committee members only read


def test_officers_get_the_button_to_register_an_organisation(client, login_as):
    login_as("ats_officer")

    response = client.get(URL)

    assert reverse("registry:organisation-create") in response.content.decode()


@pytest.mark.parametrize("who", ["citizen", "org_representative"])
def test_the_list_is_forbidden_to_non_staff(client, login_as, who):
    login_as(who)

    response = client.get(URL)

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_search_and_filters_narrow_the_list(client, login_as):
    # given
    OrganisationFactory.create(
        legal_name="Sindacato Uno", typology=Typology.TRADE_UNION
    )
    OrganisationFactory.create(legal_name="Sindacato Due", typology=Typology.EDUCATION)
    OrganisationFactory.create(legal_name="Altro", typology=Typology.TRADE_UNION)
    login_as("ats_officer")

    # when
    response = client.get(URL, {"q": "sindacato", "typology": "trade_union"})

    # then
    html = response.content.decode()
    assert "Sindacato Uno" in html
    assert "Sindacato Due" not in html
    assert "Altro" not in html
    assert "1 ente trovato" in html


def test_htmx_requests_get_only_the_results_partial(client, login_as):
    # given
    OrganisationFactory.create(legal_name="Ente parziale")
    login_as("ats_officer")

    # when
    response = client.get(URL, {"q": "parziale"}, headers={"HX-Request": "true"})

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html
    assert "Ente parziale" in html
    assert 'role="search"' not in html  # the filter form stays on the page


@pytest.mark.parametrize(
    "params",
    [
        {"typology": "not-a-typology"},
        {"size_class": "huge"},
        {"ats": "atlantide"},
        {"ambito": "99999"},
        {"ordering": "password"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_show_an_error_not_a_server_error(client, login_as, params):
    # given
    OrganisationFactory.create(legal_name="Sempre visibile")
    login_as("ats_officer")

    # when
    response = client.get(URL, params)

    # then: the bad filter is ignored and explained
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Alcuni filtri non sono validi" in html
    assert 'aria-invalid="true"' in html
    assert "Sempre visibile" in html


@pytest.mark.parametrize(
    ("page", "expected"),
    [("abc", "Ente 00"), ("999", "Ente 30"), ("-1", "Ente 30"), ("2", "Ente 25")],
)
def test_bad_page_numbers_fall_back_to_a_real_page(client, login_as, page, expected):
    # given: 31 organisations, two pages of 25
    for number in range(31):
        OrganisationFactory.create(legal_name=f"Ente {number:02d}")
    login_as("ats_officer")

    # when
    response = client.get(URL, {"page": page})

    # then
    assert response.status_code == HTTPStatus.OK
    assert expected in response.content.decode()


def test_pagination_links_keep_the_filters(client, login_as):
    # given
    OrganisationFactory.create_batch(26, typology=Typology.EDUCATION)
    login_as("ats_officer")

    # when
    response = client.get(URL, {"typology": "education"})

    # then
    html = response.content.decode()
    assert 'class="pagination-wrapper"' in html
    assert f"{URL}?typology=education&amp;page=2" in html


def test_the_number_of_queries_does_not_grow_with_the_organisations(client, login_as):
    # given
    login_as("ats_officer")
    client.get(URL)  # warm-up: content types, cached templates
    OrganisationFactory.create_batch(10)

    # when
    with CaptureQueriesContext(connection) as with_10:
        client.get(URL)
    OrganisationFactory.create_batch(50)
    with CaptureQueriesContext(connection) as with_60:
        response = client.get(URL)

    # then
    assert response.content.decode().count('<th scope="row">') == 25
    assert len(with_10) == len(with_60)
    assert len(with_60) <= 10, [q["sql"] for q in with_60.captured_queries]
