"""The public alliance list and alliance page."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.core.cache import public_cache_invalidate
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.partnerships.tests.factories import AllianceFactory, PartnerFactory
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.registry.models import Typology
from conciliare.territory.models import Ambito, InterventionArea, ProgrammingPeriod

pytestmark = pytest.mark.django_db

LIST = "/alleanze/"


def test_the_list_shows_alliances_with_lead_ats_periods_and_counts(client):
    alliance = AllianceFactory.create(name="Alleanza Sud – Sud Est Milano")
    ProjectFactory.create(alliance=alliance)

    response = client.get(LIST)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert alliance.get_absolute_url() == "/alleanze/milano/" + alliance.slug + "/"
    assert alliance.get_absolute_url() in html
    assert alliance.lead.legal_name in html
    assert "2020-2023" in html
    assert "1 alleanza trovata." in html


def test_the_list_filters_by_ats_period_and_area(client):
    area = InterventionArea.objects.get(period__slug="2020-2023", number=2)
    wanted = AllianceFactory.create()
    ProjectFactory.create(alliance=wanted, areas=[area])
    other = AllianceFactory.create()

    html = client.get(
        LIST, {"ats": "milano", "period": "2020-2023", "area": area.pk}
    ).content.decode()

    assert wanted.name in html
    assert other.name not in html


@pytest.mark.parametrize(
    "query",
    [{"ats": "atlantide"}, {"period": "2099"}, {"area": "x"}, {"page": "-1"}],
)
def test_bad_filters_are_reported_and_ignored_never_a_500(client, query):
    alliance = AllianceFactory.create()

    response = client.get(LIST, query)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert alliance.name in html
    if "page" not in query:
        assert "Alcuni filtri non sono validi" in html


def test_the_list_is_paginated_and_keeps_its_queries(client):
    # given
    AllianceFactory.create()
    with CaptureQueriesContext(connection) as with_one:
        client.get(LIST)
    for _ in range(30):
        alliance = AllianceFactory.create()
        PartnerFactory.create(alliance=alliance)
        ProjectFactory.create(alliance=alliance)
    public_cache_invalidate()

    # when
    with CaptureQueriesContext(connection) as with_many:
        first = client.get(LIST)
        second = client.get(LIST, {"page": 2})

    # then count, page, periods and the three filter choices
    assert "31 alleanze trovate." in first.content.decode()
    assert "pagina 2 di 2" in second.content.decode()
    assert len(with_one) == 6
    assert len(with_many) == 2 * 6


def test_the_page_shows_lead_partners_ambiti_projects_documents_and_contact(client):
    # given
    alliance = AllianceFactory.create(
        website="https://alleanza.example",
        contact_name="Ufficio di Piano",
        contact_email="piano@example.org",
        lead__typology=Typology.PUBLIC_AMBITO,
    )
    alliance.ambiti.set([Ambito.objects.get(slug="legnanese")])
    partner = PartnerFactory.create(
        alliance=alliance, organisation__typology=Typology.TRADE_UNION
    )
    old = ProjectFactory.create(
        alliance=alliance, period=ProgrammingPeriod.objects.get(slug="2014-2016")
    )
    new = ProjectFactory.create(alliance=alliance, public_funding=50000)
    public = DocumentFactory.create(title="Accordo locale di partenariato")
    private = DocumentFactory.create(title="Verbale riservato", is_public=False)
    alliance.documents.set([public, private])

    # when
    response = client.get(alliance.get_absolute_url())

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    for text in (
        alliance.name,
        alliance.lead.legal_name,
        "Soggetti pubblici (Ambiti territoriali)",
        partner.organisation.legal_name,
        "Associazioni sindacali",
        "Ente capofila",
        "Legnanese",
        "Progetti del periodo 2020-2023",
        "Progetti del periodo 2014-2016",
        old.get_absolute_url(),
        new.get_absolute_url(),
        "€ 50.000",
        public.title,
        public.get_download_url(),
        "https://alleanza.example",
        "Ufficio di Piano",
        "piano@example.org",
    ):
        assert text in html, text
    assert private.title not in html
    # never the personal data of the partners' people
    assert partner.organisation.email not in html
    assert html.index("Progetti del periodo 2020-2023") < html.index(
        "Progetti del periodo 2014-2016"
    )


def test_the_page_keeps_its_queries_whatever_the_number_of_partners(client):
    alliance = AllianceFactory.create()
    ProjectFactory.create(alliance=alliance)
    with CaptureQueriesContext(connection) as few:
        client.get(alliance.get_absolute_url())
    for _ in range(15):
        PartnerFactory.create(alliance=alliance)
    for _ in range(5):
        ProjectFactory.create(
            alliance=alliance, areas=InterventionArea.objects.all()[:2]
        )
    alliance.documents.set([DocumentFactory.create() for _ in range(3)])
    public_cache_invalidate()

    with CaptureQueriesContext(connection) as many:
        client.get(alliance.get_absolute_url())

    # alliance, partners, ambiti, periods, documents, projects, areas
    assert len(few) == len(many) == 7


def test_an_open_alliance_links_its_scheda_partnership(client):
    # given
    alliance = AllianceFactory.create(is_open_to_partners=True)
    closed = AllianceFactory.create(is_open_to_partners=False)
    form_url = reverse("alliances-manage:request-create", args=[alliance.pk])

    # when
    html = client.get(alliance.get_absolute_url()).content.decode()
    closed_html = client.get(closed.get_absolute_url()).content.decode()

    # then
    assert f'href="{form_url}"' in html
    assert "alleanze/" in form_url
    closed_url = reverse("alliances-manage:request-create", args=[closed.pk])
    assert closed_url not in closed_html


def test_unknown_alliance_or_wrong_ats_is_404(client):
    alliance = AllianceFactory.create()
    assert client.get(f"/alleanze/brescia/{alliance.slug}/").status_code == 404
    assert client.get("/alleanze/milano/nessuna/").status_code == 404


def test_the_pages_are_cached_and_rebuilt_after_a_change(
    client, django_assert_num_queries
):
    alliance = AllianceFactory.create()
    client.get(alliance.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(alliance.get_absolute_url())["X-Public-Cache"] == "hit"
    public_cache_invalidate()
    assert "X-Public-Cache" not in client.get(alliance.get_absolute_url())


def test_english_pages(client):
    alliance = AllianceFactory.create()
    assert client.get("/en" + alliance.get_absolute_url()).status_code == 200
    assert client.get("/en/alleanze/")["Content-Language"] == "en"


def test_reverse_names():
    assert reverse("partnerships:alliance-list") == "/alleanze/"
