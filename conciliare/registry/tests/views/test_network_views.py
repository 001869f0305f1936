"""The public network pages and the Region's statistics page."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.registry.models import MembershipStatus, Typology
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)

pytestmark = pytest.mark.django_db

KWARGS = {"ats_slug": "milano", "period_slug": "2025-2027"}


def _member(network, *, consent=True, status=MembershipStatus.ACTIVE, **org):
    return make_membership(
        network=network,
        organisation=OrganisationFactory.create(**org),
        status=status,
        directory_consent=consent,
        decision_reason="motivo",
    )


@pytest.mark.parametrize(
    "name",
    ["network-detail", "network-statistics", "network-directory"],
)
def test_public_pages_open_to_anonymous_visitors(client, name):
    # given
    network = NetworkFactory.create()
    _member(network, typology=Typology.TRADE_UNION)

    # when
    response = client.get(reverse(f"networks:{name}", kwargs=KWARGS))

    # then
    assert response.status_code == HTTPStatus.OK
    assert "<caption" in response.content.decode()


def test_network_list_shows_members_count_and_links(client):
    network = NetworkFactory.create()
    _member(network)
    _member(network, status=MembershipStatus.REQUESTED)

    response = client.get(reverse("networks:network-list"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert reverse("networks:network-detail", kwargs=KWARGS) in html
    assert '<td class="text-end">1</td>' in html


@pytest.mark.parametrize(
    "name",
    ["network-detail", "network-statistics", "network-directory"],
)
def test_unknown_network_is_404(client, name):
    NetworkFactory.create()

    response = client.get(
        reverse(f"networks:{name}", kwargs={**KWARGS, "ats_slug": "brescia"})
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_network_page_explains_and_links_to_joining(client):
    network = NetworkFactory.create()

    html = client.get(reverse("networks:network-detail", kwargs=KWARGS)).content
    text = html.decode()

    assert "Rete territoriale per la conciliazione" in text
    assert reverse("registry:membership-request", args=[network.pk]) in text
    assert "Soggetti privati (Aziende)" in text  # every typology, with zeros


def test_statistics_page_has_four_tables_with_meters_and_csv(client):
    network = NetworkFactory.create()
    _member(network, typology=Typology.TRADE_UNION)

    response = client.get(reverse("networks:network-statistics", kwargs=KWARGS))

    html = response.content.decode()
    assert html.count("<caption") == 4
    assert "<meter" in html
    assert 'aria-hidden="true"' in html
    assert "style=" not in html.split("<main", 1)[-1]
    assert "Scarica CSV" in html


def test_statistics_csv(client):
    network = NetworkFactory.create()
    _member(network, typology=Typology.TRADE_UNION)
    url = reverse("networks:network-statistics-csv", kwargs=KWARGS)

    response = client.get(url, {"tabella": "typology"})

    assert response["Content-Type"].startswith("text/csv")
    assert "Associazioni sindacali,1,100" in response.content.decode()
    assert client.get(url, {"tabella": "nope"}).status_code == HTTPStatus.NOT_FOUND


def test_directory_shows_only_consenting_members_and_no_contacts(client):
    # given
    network = NetworkFactory.create()
    shown = _member(network, legal_name="Cooperativa Il Girasole", phone="02 123456")
    _member(network, legal_name="Ente Riservato", consent=False)
    _member(network, legal_name="Ente In Attesa", status=MembershipStatus.REQUESTED)

    # when
    response = client.get(reverse("networks:network-directory", kwargs=KWARGS))

    # then
    html = response.content.decode()
    assert "Cooperativa Il Girasole" in html
    assert "Ente Riservato" not in html
    assert "Ente In Attesa" not in html
    assert shown.organisation.email not in html
    assert shown.contact_email not in html
    assert "02 123456" not in html
    assert "Maria Rossi" not in html  # legal representative


def test_directory_search_by_name(client):
    network = NetworkFactory.create()
    _member(network, legal_name="Cooperativa Il Girasole")
    _member(network, legal_name="Comune di Rho")

    response = client.get(
        reverse("networks:network-directory", kwargs=KWARGS), {"q": "girasole"}
    )

    html = response.content.decode()
    assert "Cooperativa Il Girasole" in html
    assert "Comune di Rho" not in html


@pytest.mark.parametrize("members", [5, 60])
def test_directory_query_count_does_not_grow_with_members(client, members):
    # given
    network = NetworkFactory.create()
    for _ in range(members):
        _member(network)

    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("networks:network-directory", kwargs=KWARGS))

    # then: the network, the count and the page (cache reads are not queries)
    assert response.status_code == HTTPStatus.OK
    assert len(queries) == 3


def test_statistics_query_count_does_not_grow_with_members(client):
    network = NetworkFactory.create()
    url = reverse("networks:network-statistics", kwargs=KWARGS)
    for _ in range(5):
        _member(network)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"n": "few"})  # a new address: not cached
    for _ in range(55):
        _member(network)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"n": "many"})

    assert len(few) == len(many)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("citizen", HTTPStatus.FORBIDDEN),
        ("ats_officer", HTTPStatus.FORBIDDEN),
        ("committee_member", HTTPStatus.FORBIDDEN),
        ("regional_officer", HTTPStatus.OK),
    ],
)
def test_regional_statistics_for_regional_officers_only(client, login_as, who, status):
    _member(NetworkFactory.create(), typology=Typology.PUBLIC_BODY)
    login_as(who)

    response = client.get(
        reverse("networks:regional-statistics", kwargs={"period_slug": "2025-2027"})
    )

    assert response.status_code == status
    if status == HTTPStatus.OK:
        html = response.content.decode()
        assert "ATS della Città Metropolitana di Milano" in html or "Milano" in html
        assert html.count('<th scope="row">') == 9  # 8 ATS + the Region


def test_regional_statistics_send_anonymous_to_sign_in(client):
    url = reverse("networks:regional-statistics", kwargs={"period_slug": "2025-2027"})

    response = client.get(url)

    assert response.status_code == HTTPStatus.FOUND


def test_regional_statistics_unknown_period_is_404(client, login_as):
    login_as("regional_officer")

    response = client.get(
        reverse("networks:regional-statistics", kwargs={"period_slug": "1999"})
    )

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_officers_find_the_requests_register_and_committee_on_the_network_page(
    client, login_as
):
    from conciliare.registry.tests.factories import NetworkFactory

    network = NetworkFactory.create()
    url = f"/reti/{network.ats.slug}/{network.period.slug}/"
    anonymous = client.get(url).content.decode()
    assert "Registro degli aderenti" not in anonymous
    login_as("ats_officer")
    body = client.get(url).content.decode()
    assert f"/enti/reti/{network.pk}/richieste/" in body
    assert f"/enti/reti/{network.pk}/aderenti/" in body
    assert f"/comitato/reti/{network.pk}/" in body
