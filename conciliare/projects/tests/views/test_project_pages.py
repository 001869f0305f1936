"""The public project list and project page."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.core.cache import public_cache_invalidate
from conciliare.partnerships.tests.factories import PartnerFactory
from conciliare.projects.models import ProjectStatus
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.territory.models import InterventionArea

pytestmark = pytest.mark.django_db

LIST = "/progetti/"


def test_the_list_shows_each_project_with_its_alliance_and_lead(client):
    project = ProjectFactory.create(public_funding=150000, total_cost=200000)

    response = client.get(LIST)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert project.get_absolute_url() in html
    assert project.alliance.get_absolute_url() in html
    assert project.alliance.lead.legal_name in html
    assert "€ 150.000" in html
    assert "1 progetto trovato." in html


def test_the_list_filters_by_the_address(client):
    area = InterventionArea.objects.get(period__slug="2020-2023", number=3)
    wanted = ProjectFactory.create(areas=[area], status=ProjectStatus.COMPLETED)
    other = ProjectFactory.create(status=ProjectStatus.COMPLETED)

    html = client.get(
        LIST,
        {
            "ats": "milano",
            "period": "2020-2023",
            "area": area.pk,
            "status": "completed",
        },
    ).content.decode()

    assert wanted.title in html
    assert other.title not in html


@pytest.mark.parametrize(
    "query",
    [
        {"ats": "atlantide"},
        {"period": "1999-2000"},
        {"area": "tre"},
        {"area": "999999"},
        {"status": "sospeso"},
        {"page": "ultima"},
        {"page": "9999"},
    ],
)
def test_bad_filters_are_reported_and_ignored_never_a_500(client, query):
    project = ProjectFactory.create()

    response = client.get(LIST, query)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert project.title in html
    if "page" not in query:
        assert "Alcuni filtri non sono validi" in html
        assert 'aria-invalid="true"' in html


def test_the_filters_ask_htmx_for_the_results_fragment_only(client):
    project = ProjectFactory.create()

    response = client.get(LIST, {"ats": "milano", "partial": "results"})

    html = response.content.decode()
    assert project.title in html
    assert "<html" not in html
    assert response["HX-Push-Url"] == "/progetti/?ats=milano"


def test_the_list_keeps_its_queries_whatever_the_number_of_projects(client):
    # given
    ProjectFactory.create()
    with CaptureQueriesContext(connection) as with_one:
        client.get(LIST)
    for _ in range(30):
        ProjectFactory.create(areas=InterventionArea.objects.all()[:2])
    public_cache_invalidate()

    # when
    with CaptureQueriesContext(connection) as with_many:
        response = client.get(LIST)

    # then count, page, areas and the three filter choices
    assert "31 progetti trovati." in response.content.decode()
    assert len(with_one) == len(with_many) == 6


def test_the_project_page_shows_alliance_lead_partners_areas_funding_dates(client):
    area = InterventionArea.objects.get(period__slug="2020-2023", number=1)
    project = ProjectFactory.create(
        areas=[area],
        public_funding=70000,
        total_cost=100000,
        starts_on="2020-06-01",
        ends_on="2023-05-31",
        status=ProjectStatus.IN_PROGRESS,
    )
    partner = PartnerFactory.create(alliance=project.alliance)

    response = client.get(project.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    for text in (
        project.title,
        project.code,
        project.alliance.name,
        project.alliance.lead.legal_name,
        partner.organisation.legal_name,
        area.name,
        "€ 70.000",
        "€ 100.000",
        "01 Giugno 2020",
        "31 Maggio 2023",
        "In corso",
        reverse("portal:ats-detail", args=["milano"]),
    ):
        assert text in html, text


def test_the_project_page_keeps_its_queries_whatever_the_number_of_partners(client):
    project = ProjectFactory.create()
    with CaptureQueriesContext(connection) as few:
        client.get(project.get_absolute_url())
    for _ in range(20):
        PartnerFactory.create(alliance=project.alliance)
    project.areas.set(InterventionArea.objects.filter(period=project.period))
    public_cache_invalidate()

    with CaptureQueriesContext(connection) as many:
        client.get(project.get_absolute_url())

    assert len(few) == len(many) == 3


def test_an_unknown_project_is_404(client):
    assert client.get("/progetti/000-0000-00/").status_code == HTTPStatus.NOT_FOUND


def test_the_english_page_is_at_en(client):
    project = ProjectFactory.create()
    response = client.get(f"/en{project.get_absolute_url()}")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Language"] == "en"


def test_the_pages_are_cached_for_anonymous_visitors(client, django_assert_num_queries):
    project = ProjectFactory.create()
    client.get(LIST)
    client.get(project.get_absolute_url())

    with django_assert_num_queries(0):
        assert client.get(LIST)["X-Public-Cache"] == "hit"
        assert client.get(project.get_absolute_url())["X-Public-Cache"] == "hit"
