"""The one public page of an ATS: network, alliances and projects per period
(the table of seed 001), committee, documents."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conciliare.accounts.tests.factories import make_user
from conciliare.core.cache import public_cache_invalidate
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.partnerships.tests.factories import AllianceFactory
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.registry.models import (
    CommitteeMember,
    CommitteeRole,
    MembershipStatus,
    Typology,
)
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db

URL = "/ats/milano/"


def test_the_page_shows_the_network_members_by_typology_and_how_to_join(client):
    network = NetworkFactory.create()
    make_membership(
        network=network,
        organisation=OrganisationFactory.create(typology=Typology.TRADE_UNION),
        status=MembershipStatus.ACTIVE,
    )

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "ATS della Città Metropolitana di Milano" in html
    assert "Rete territoriale ATS Milano 2025-2027" in html
    assert 'id="members-by-typology"' in html
    assert 'Associazioni sindacali</th><td class="text-end">1</td>' in html
    assert "/reti/milano/2025-2027/" in html
    assert "Aderire alla Rete" in html


def test_the_table_of_alliances_and_projects_is_the_seed_001_one(client):
    # given
    alliance = AllianceFactory.create(
        name="Alleanza Locale «Distretto Ovest Alto Milanese»",
        lead__legal_name="Comune di Magnago",
    )
    project = ProjectFactory.create(
        alliance=alliance,
        title="Nuove conciliazioni: vita e lavoro in evoluzione",
        website="https://progetto.example",
    )
    quiet = AllianceFactory.create(name="Alleanza senza progetti")

    # when
    html = client.get(URL).content.decode()

    # then
    table = html[html.index('id="alliance-project-table"') :]
    for text in (
        "Ente capofila",
        "Nome alleanza",
        "Titolo progetto",
        "Pagina web",
        "Comune di Magnago",
        alliance.get_absolute_url(),
        project.get_absolute_url(),
        "https://progetto.example",
        quiet.name,
    ):
        assert text in table, text


def test_each_period_has_its_table(client):
    old = ProgrammingPeriod.objects.get(slug="2014-2016")
    AllianceFactory.create(name="Alleanza recente")
    AllianceFactory.create(name="Alleanza storica", periods=[old])

    newest = client.get(URL).content.decode()
    older = client.get(URL, {"periodo": "2014-2016"}).content.decode()
    unknown = client.get(URL, {"periodo": "1990-1991"})

    assert "Alleanza recente" in newest
    assert "Alleanza storica" not in newest
    assert "Alleanza storica" in older
    assert "Alleanza recente" not in older
    assert unknown.status_code == HTTPStatus.OK
    assert "Il periodo richiesto non ha alleanze" in unknown.content.decode()


def test_the_committee_shows_organisations_and_roles_never_people(client):
    network = NetworkFactory.create()
    person = make_user(full_name="Maria Riservata")
    organisation = OrganisationFactory.create(
        legal_name="Città Metropolitana di Milano"
    )
    CommitteeMember.objects.create(
        network=network,
        user=person,
        organisation=organisation,
        role=CommitteeRole.CHAIR,
        starts_on="2026-01-15",
    )

    html = client.get(URL).content.decode()

    committee = html[html.index('id="committee-table"') :]
    assert "Città Metropolitana di Milano" in committee
    assert "Presidente" in committee
    assert "Maria Riservata" not in html
    assert person.email not in html


def test_the_documents_are_the_public_ones_in_force_of_the_ats(client):
    plan = DocumentFactory.create(title="Piano Territoriale di Conciliazione 2020-2023")
    DocumentFactory.create(title="Verbale riservato", is_public=False)
    DocumentFactory.create(title="Avviso scaduto", valid_until="2020-12-31")

    html = client.get(URL).content.decode()

    documents = html[html.index('id="ats-documents"') :]
    assert plan.title in documents
    assert plan.get_download_url() in documents
    assert "Verbale riservato" not in html
    assert "Avviso scaduto" not in html
    assert "/documenti/?ats=milano" in html


def test_the_page_keeps_its_queries_whatever_the_size_of_the_ats(client):
    # given a small ATS
    network = NetworkFactory.create()
    AllianceFactory.create()
    ProjectFactory.create()
    DocumentFactory.create()
    with CaptureQueriesContext(connection) as small:
        client.get(URL)

    # and then a large one
    for _ in range(20):
        make_membership(network=network, status=MembershipStatus.ACTIVE)
        alliance = AllianceFactory.create()
        ProjectFactory.create(alliance=alliance)
        ProjectFactory.create(alliance=alliance)
        DocumentFactory.create()
    for _ in range(3):
        CommitteeMember.objects.create(
            network=network,
            user=make_user(),
            organisation=OrganisationFactory.create(),
            starts_on="2026-01-01",
        )
    public_cache_invalidate()

    # when
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)

    # then
    assert "Sono mostrate le prime alleanze" not in response.content.decode()
    assert len(small) == len(large) == 17


def test_an_unknown_ats_is_404(client):
    assert client.get("/ats/atlantide/").status_code == HTTPStatus.NOT_FOUND


def test_the_home_links_each_ats_to_its_page(client):
    html = client.get("/").content.decode()
    for slug in (
        "milano",
        "insubria",
        "montagna",
        "brianza",
        "bergamo",
        "brescia",
        "val-padana",
        "pavia",
    ):
        assert f'href="/ats/{slug}/"' in html


def test_the_page_lists_the_adopted_dti_and_the_published_calls_only(client):
    from conciliare.calls.tests.factories import make_call

    published = make_call(title="Avviso alleanze 2020-2023")
    draft = make_call(title="Avviso in preparazione", published=False)
    html = client.get(URL).content.decode()
    assert published.get_absolute_url() in html
    assert published.guidance is not None
    assert published.guidance.get_absolute_url() in html
    assert draft.title not in html


def test_the_page_lists_the_approved_rankings_and_the_public_plans(client):
    from conciliare.plans.tests.factories import approve, make_plan

    version = make_plan(status="draft")
    html = client.get(URL).content.decode()
    ranking = version.plan.call.ranking  # type: ignore[union-attr]
    assert f"/graduatorie/{ranking.pk}/" in html  # approved: public
    assert 'id="ats-plans"' not in html  # a plan in preparation is not

    approve(version)
    public_cache_invalidate()
    html = client.get(URL).content.decode()
    plans = html[html.index('id="ats-plans"') :]
    assert version.plan.get_absolute_url() in plans
