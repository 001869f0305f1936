from http import HTTPStatus

import pytest

from conciliare.core.cache import public_cache_invalidate
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_networks_and_the_current_period(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Language"] == "it"
    assert "Le 8 Reti territoriali" in body
    assert "ATS Val Padana" in body
    assert "2025-2027" in body


def test_home_is_italian_by_default_whatever_the_browser_asks(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en"})
    assert response["Content-Language"] == "it"
    assert 'lang="it"' in response.content.decode()


def test_english_home_is_at_en(client):
    response = client.get("/en/")
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()


def test_home_is_cached_per_language_and_rebuilt_after_a_change(
    client, django_assert_num_queries
):
    # given a first visit in each language fills the cache
    client.get("/")
    client.get("/en/")

    # when visiting again
    with django_assert_num_queries(0):
        italian = client.get("/")
        english = client.get("/en/")

    # then both come from the cache, each in its language
    assert italian["X-Public-Cache"] == english["X-Public-Cache"] == "hit"
    assert italian["Content-Language"] == "it"
    assert english["Content-Language"] == "en"

    # and a change of public data rebuilds them
    OrganisationFactory()
    public_cache_invalidate()
    assert "X-Public-Cache" not in client.get("/")


def test_signed_in_people_never_get_a_cached_copy(client, login_as):
    client.get("/")
    login_as("citizen")
    response = client.get("/")
    assert "X-Public-Cache" not in response
    assert "Area riservata" in response.content.decode()


@pytest.mark.parametrize("url", ["/accessibilita/", "/privacy/", "/en/accessibilita/"])
def test_footer_pages(client, url):
    assert client.get(url).status_code == HTTPStatus.OK


def test_htmx_requests_are_never_served_from_or_stored_in_the_page_cache(client):
    client.get("/territorio/ats/", headers={"HX-Request": "true"})
    assert "X-Public-Cache" not in client.get("/territorio/ats/")
    assert client.get("/territorio/ats/")["X-Public-Cache"] == "hit"
    fragment = client.get("/territorio/ats/", headers={"HX-Request": "true"})
    assert "X-Public-Cache" not in fragment


def test_home_shows_the_funds_of_the_latest_period_with_an_allocation_table(client):
    body = client.get("/").content.decode()
    assert "€ 2.798.200" in body
    assert "assegnati alle ATS per il periodo 2020-2023" in body


def test_home_shows_members_alliances_projects_and_funding(client):
    # given
    from conciliare.partnerships.tests.factories import AllianceFactory
    from conciliare.projects.tests.factories import ProjectFactory
    from conciliare.registry.models import MembershipStatus
    from conciliare.registry.tests.factories import NetworkFactory, make_membership

    network = NetworkFactory.create()  # 2025-2027, the current period
    make_membership(network=network, status=MembershipStatus.ACTIVE)
    make_membership(network=network, status=MembershipStatus.PRESUMED)
    make_membership(network=network, status=MembershipStatus.REQUESTED)
    AllianceFactory.create()
    ProjectFactory.create(public_funding=150000)
    ProjectFactory.create(public_funding=50000)

    # when
    html = client.get("/").content.decode()

    # then
    assert '<p class="h2 mb-0" id="figure-members">2</p>' in html
    assert '<p class="h2 mb-0" id="figure-alliances">3</p>' in html
    assert '<p class="h2 mb-0" id="figure-projects">2</p>' in html
    assert "€ 200.000 di contributo pubblico" in html


def test_home_keeps_its_queries(client, django_assert_num_queries):
    with django_assert_num_queries(8):
        client.get("/")


def test_the_accessibility_statement_links_the_feedback_form(client):
    html = client.get("/accessibilita/").content.decode()
    assert 'href="/accessibilita/segnalazione/"' in html
