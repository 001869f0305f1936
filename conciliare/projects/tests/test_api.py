from http import HTTPStatus

import pytest

from conciliare.partnerships.tests.factories import AllianceFactory
from conciliare.projects.models import ProjectStatus
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.territory.models import ATS, InterventionArea

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects/"


def test_projects_are_listed_with_their_alliance_areas_and_funding(client):
    area = InterventionArea.objects.get(period__slug="2020-2023", number=4)
    project = ProjectFactory.create(areas=[area], public_funding="150000.00")

    body = client.get(URL).json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item["code"] == project.code
    assert item["ats"] == "milano"
    assert item["period"] == "2020-2023"
    assert item["alliance"] == project.alliance.name
    assert item["lead"] == project.alliance.lead.legal_name
    assert item["areas"] == [{"id": area.pk, "number": 4, "name": area.name}]
    assert item["public_funding"] == "150000.00"
    assert item["status"] == "funded"
    assert item["url"].endswith(project.get_absolute_url())


def test_the_filters_are_the_page_s(client):
    area = InterventionArea.objects.get(period__slug="2020-2023", number=1)
    wanted = ProjectFactory.create(areas=[area], status=ProjectStatus.COMPLETED)
    ProjectFactory.create(status=ProjectStatus.COMPLETED)
    ProjectFactory.create(
        alliance=AllianceFactory.create(ats=ATS.objects.get(slug="pavia")),
        areas=[area],
        status=ProjectStatus.COMPLETED,
    )

    body = client.get(
        URL,
        {
            "ats": "milano",
            "period": "2020-2023",
            "area": area.pk,
            "status": "completed",
        },
    ).json()

    assert [item["code"] for item in body["items"]] == [wanted.code]


def test_an_unknown_filter_value_is_a_400_with_the_reason(client):
    response = client.get(URL, {"ats": "atlantide"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "ats" in response.json()["detail"]
    assert client.get(URL, {"status": "sospeso"}).status_code == 422


def test_pages_are_limited(client, django_assert_max_num_queries):
    for _ in range(5):
        ProjectFactory.create()
    with django_assert_max_num_queries(4):
        body = client.get(URL, {"limit": 2, "offset": 2}).json()
    assert body["count"] == 5
    assert len(body["items"]) == 2
