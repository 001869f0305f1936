import pytest

from conciliare.partnerships.tests.factories import AllianceFactory, PartnerFactory
from conciliare.projects.models import ProjectStatus
from conciliare.projects.selectors import (
    alliance_project_rows,
    periods_with_alliances,
    project_figures_public,
    project_get_public,
    project_list_public,
)
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.territory.models import ATS, InterventionArea, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _period(slug):
    return ProgrammingPeriod.objects.get(slug=slug)


def test_the_list_filters_by_ats_period_area_and_status():
    # given
    area = InterventionArea.objects.get(period__slug="2020-2023", number=2)
    brescia = ATS.objects.get(slug="brescia")
    wanted = ProjectFactory.create(areas=[area], status=ProjectStatus.IN_PROGRESS)
    ProjectFactory.create()  # no area
    ProjectFactory.create(areas=[area], status=ProjectStatus.COMPLETED)
    ProjectFactory.create(
        alliance=AllianceFactory.create(ats=brescia),
        areas=[area],
        status=ProjectStatus.IN_PROGRESS,
    )

    # when
    found = project_list_public(
        ats=ATS.objects.get(slug="milano"),
        period=_period("2020-2023"),
        area=area,
        status=ProjectStatus.IN_PROGRESS,
    )

    # then
    assert list(found) == [wanted]
    assert project_list_public(period=_period("2014-2016")).count() == 0


def test_a_project_comes_with_its_alliance_s_current_partners_lead_first():
    project = ProjectFactory.create()
    partner = PartnerFactory.create(alliance=project.alliance)
    PartnerFactory.create(alliance=project.alliance, left_on=partner.joined_on)

    found = project_get_public(code=project.code)

    assert [p.organisation for p in found.alliance.current_partners] == [
        project.alliance.lead,
        partner.organisation,
    ]


def test_figures_are_summed_by_the_database(django_assert_num_queries):
    ProjectFactory.create(public_funding=100, total_cost=200)
    ProjectFactory.create(public_funding=50, total_cost=50)
    ProjectFactory.create()

    with django_assert_num_queries(1):
        figures = project_figures_public()

    assert figures["count"] == 3
    assert figures["public_funding"] == 150


def test_the_table_of_an_ats_lists_each_alliance_with_its_projects_of_the_period():
    # given an alliance with two projects, one without, one of another period
    milano = ATS.objects.get(slug="milano")
    period = _period("2020-2023")
    two = AllianceFactory.create(lead__legal_name="A capofila")
    first = ProjectFactory.create(alliance=two, code="321-2020-01")
    second = ProjectFactory.create(alliance=two, code="321-2020-02")
    none = AllianceFactory.create(lead__legal_name="B capofila")
    old = AllianceFactory.create(periods=[_period("2014-2016")])
    ProjectFactory.create(alliance=old, period=_period("2014-2016"))

    # when
    rows, more = alliance_project_rows(ats=milano, period=period, limit=10)

    # then
    assert [(row.alliance, row.project) for row in rows] == [
        (two, first),
        (two, second),
        (none, None),
    ]
    assert more is False
    assert periods_with_alliances(ats=milano) == [period, _period("2014-2016")]


def test_the_table_says_when_there_are_more_alliances_than_shown():
    for _ in range(3):
        AllianceFactory.create()

    rows, more = alliance_project_rows(
        ats=ATS.objects.get(slug="milano"), period=_period("2020-2023"), limit=2
    )

    assert len(rows) == 2
    assert more is True


def test_a_project_makes_its_alliance_part_of_the_period_even_if_not_listed():
    alliance = AllianceFactory.create(periods=[_period("2017-2018")])
    project = ProjectFactory.create(alliance=alliance)

    rows, _more = alliance_project_rows(
        ats=alliance.ats, period=_period("2020-2023"), limit=5
    )

    assert [(row.alliance, row.project) for row in rows] == [(alliance, project)]


def test_the_web_page_is_the_project_s_else_the_alliance_s_else_the_lead_s():
    alliance = AllianceFactory.create(lead__website="https://capofila.example")
    ProjectFactory.create(alliance=alliance)
    rows, _ = alliance_project_rows(
        ats=alliance.ats, period=_period("2020-2023"), limit=5
    )
    assert rows[0].website == "https://capofila.example"
