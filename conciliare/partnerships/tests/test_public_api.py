from http import HTTPStatus

import pytest

from conciliare.partnerships.tests.factories import AllianceFactory, PartnerFactory
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.territory.models import ATS, ProgrammingPeriod

pytestmark = pytest.mark.django_db

URL = "/api/v1/alliances/"


def test_alliances_are_listed_with_lead_periods_and_counts(client):
    alliance = AllianceFactory.create()
    PartnerFactory.create(alliance=alliance)
    ProjectFactory.create(alliance=alliance)

    body = client.get(URL).json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item["slug"] == alliance.slug
    assert item["ats"] == "milano"
    assert item["lead"] == alliance.lead.legal_name
    assert item["periods"] == ["2020-2023"]
    assert (item["partners_count"], item["projects_count"]) == (2, 1)
    assert item["url"].endswith(alliance.get_absolute_url())


def test_the_list_filters_by_ats_and_period(client):
    wanted = AllianceFactory.create()
    AllianceFactory.create(ats=ATS.objects.get(slug="brescia"))
    AllianceFactory.create(periods=[ProgrammingPeriod.objects.get(slug="2014-2016")])

    body = client.get(URL, {"ats": "milano", "period": "2020-2023"}).json()

    assert [item["slug"] for item in body["items"]] == [wanted.slug]


def test_an_unknown_filter_value_is_a_400(client):
    response = client.get(URL, {"period": "1990-1991"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "period" in response.json()["detail"]


def test_the_list_keeps_its_queries(client, django_assert_num_queries):
    for _ in range(5):
        ProjectFactory.create()
    with django_assert_num_queries(3):  # count, page, periods
        assert client.get(URL, {"limit": 3}).json()["count"] == 5


def test_one_alliance_with_its_partners_and_projects(
    client, django_assert_max_num_queries
):
    alliance = AllianceFactory.create(contact_email="alleanza@example.org")
    partner = PartnerFactory.create(alliance=alliance)
    project = ProjectFactory.create(alliance=alliance, public_funding="1000.00")

    with django_assert_max_num_queries(7):
        response = client.get(f"{URL}milano/{alliance.slug}")

    body = response.json()
    assert response.status_code == HTTPStatus.OK
    assert body["lead"] == alliance.lead.legal_name
    assert [(p["organisation"], p["role"]) for p in body["partners"]] == [
        (alliance.lead.legal_name, "lead"),
        (partner.organisation.legal_name, "partner"),
    ]
    assert set(body["partners"][0]) == {
        "organisation",
        "typology",
        "typology_label",
        "role",
        "role_label",
        "joined_on",
    }
    assert body["projects"] == [
        {
            "code": project.code,
            "title": project.title,
            "period": "2020-2023",
            "status": "funded",
            "public_funding": "1000.00",
        }
    ]
    assert body["contact_email"] == "alleanza@example.org"


def test_an_unknown_alliance_is_404(client):
    assert client.get(f"{URL}milano/nessuna").status_code == HTTPStatus.NOT_FOUND
