from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conciliare.core.cache import public_cache_invalidate
from conciliare.partnerships.tests.factories import AllianceFactory
from conciliare.portal import search_selectors
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)

pytestmark = pytest.mark.django_db

URL = "/cerca/"


def test_results_are_grouped_alliances_projects_organisations(client):
    # given
    alliance = AllianceFactory.create(name="Alleanza Naviglio Grande")
    project = ProjectFactory.create(title="Naviglio in famiglia")
    listed = OrganisationFactory.create(legal_name="Cooperativa Naviglio")
    make_membership(
        network=NetworkFactory.create(),
        organisation=listed,
        status=MembershipStatus.ACTIVE,
        directory_consent=True,
    )

    # when
    response = client.get(URL, {"q": "naviglio"})

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "3 risultati per «naviglio»." in html
    assert alliance.get_absolute_url() in html[html.index('id="alliance-results"') :]
    assert project.get_absolute_url() in html[html.index('id="project-results"') :]
    organisations = html[html.index('id="organisation-results"') :]
    assert "Cooperativa Naviglio" in organisations
    assert "/reti/milano/2025-2027/enti/" in organisations


@pytest.mark.parametrize(
    ("status", "consent"),
    [
        (MembershipStatus.ACTIVE, False),
        (MembershipStatus.REQUESTED, True),
        (MembershipStatus.WITHDRAWN, True),
    ],
)
def test_organisations_are_found_only_in_a_public_directory(client, status, consent):
    organisation = OrganisationFactory.create(legal_name="Ente Riservato Naviglio")
    make_membership(
        network=NetworkFactory.create(),
        organisation=organisation,
        status=status,
        directory_consent=consent,
        decision_reason="motivo",
    )
    OrganisationFactory.create(legal_name="Ente Senza Rete Naviglio")

    html = client.get(URL, {"q": "naviglio"}).content.decode()

    assert "Ente Riservato Naviglio" not in html
    assert "Ente Senza Rete Naviglio" not in html
    assert "Nessun risultato per «naviglio»" in html


@pytest.mark.parametrize("q", ["", "ab", " a ", "!!!", "___"])
def test_empty_or_too_short_queries_get_a_message_not_a_search(
    client, q, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(URL, {"q": q})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    if q.strip():
        assert "Scrivere almeno 3 caratteri." in html
        assert 'aria-invalid="true"' in html
    else:
        assert "Scrivere il nome di un" in html


def test_groups_are_capped_and_say_there_is_more(client, monkeypatch):
    monkeypatch.setattr(search_selectors, "GROUP_LIMIT", 3)
    for n in range(5):
        AllianceFactory.create(name=f"Alleanza Tempo {n}")

    html = client.get(URL, {"q": "tempo"}).content.decode()

    assert html.count('href="/alleanze/milano/') == 3
    assert "Ci sono altri risultati" in html


def test_a_long_query_is_cut(client):
    response = client.get(URL, {"q": "conciliazione " * 50})
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["q"]) <= 100
    assert response.context["q"].startswith("conciliazione conciliazione")


def test_search_keeps_its_queries_whatever_the_number_of_results(client):
    network = NetworkFactory.create()
    AllianceFactory.create(name="Alleanza Tempo")
    ProjectFactory.create(title="Tempo per sé")
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "tempo"})
    for n in range(10):
        AllianceFactory.create(name=f"Alleanza Tempo {n}")
        ProjectFactory.create(title=f"Tempo {n}")
        make_membership(
            network=network,
            organisation=OrganisationFactory.create(legal_name=f"Tempo Libero {n}"),
            status=MembershipStatus.ACTIVE,
            directory_consent=True,
        )
    public_cache_invalidate()

    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"q": "tempo"})

    # alliances, projects, organisations and their networks
    assert len(few) == 3
    assert len(many) == 4
