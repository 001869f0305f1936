import pytest

from conciliare.documents.tests.factories import DocumentFactory
from conciliare.partnerships.public_selectors import (
    alliance_get_public,
    alliance_list_public,
    alliance_search_public,
)
from conciliare.partnerships.tests.factories import AllianceFactory, PartnerFactory
from conciliare.projects.tests.factories import ProjectFactory
from conciliare.territory.models import ATS, InterventionArea, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _period(slug):
    return ProgrammingPeriod.objects.get(slug=slug)


def test_the_list_counts_current_partners_and_projects():
    alliance = AllianceFactory.create()
    PartnerFactory.create(alliance=alliance)
    gone = PartnerFactory.create(alliance=alliance)
    gone.left_on = gone.joined_on
    gone.save()
    ProjectFactory.create(alliance=alliance)
    ProjectFactory.create(alliance=alliance)

    found = alliance_list_public().get()

    assert (found.partners_count, found.projects_count) == (2, 2)


def test_the_list_filters_by_ats_period_and_area_of_a_project():
    area = InterventionArea.objects.get(period__slug="2020-2023", number=5)
    wanted = AllianceFactory.create()
    ProjectFactory.create(alliance=wanted, areas=[area])
    ProjectFactory.create(alliance=wanted, areas=[area])  # counted once
    AllianceFactory.create()  # no project in the area
    AllianceFactory.create(periods=[_period("2014-2016")])
    AllianceFactory.create(ats=ATS.objects.get(slug="brescia"))

    found = alliance_list_public(
        ats=ATS.objects.get(slug="milano"), period=_period("2020-2023"), area=area
    )

    assert list(found) == [wanted]
    assert alliance_list_public(period=_period("2014-2016")).count() == 1


def test_an_alliance_is_in_a_period_when_it_has_a_project_there():
    alliance = AllianceFactory.create(periods=[_period("2017-2018")])
    ProjectFactory.create(alliance=alliance)

    assert list(alliance_list_public(period=_period("2020-2023"))) == [alliance]


def test_the_page_shows_only_public_documents_and_current_partners():
    alliance = AllianceFactory.create()
    public = DocumentFactory.create(is_public=True)
    private = DocumentFactory.create(is_public=False)
    alliance.documents.set([public, private])
    partner = PartnerFactory.create(alliance=alliance)
    PartnerFactory.create(alliance=alliance, left_on=partner.joined_on)

    found = alliance_get_public(ats_slug="milano", slug=alliance.slug)

    assert found.public_documents == [public]
    assert [p.organisation for p in found.current_partners] == [
        alliance.lead,
        partner.organisation,
    ]


def test_search_matches_every_word_in_name_lead_or_description():
    wanted = AllianceFactory.create(
        name="Alleanza Naviglio", lead__legal_name="Comune di Abbiategrasso"
    )
    AllianceFactory.create(name="Alleanza Naviglio Sud")

    assert list(alliance_search_public(q="naviglio abbiategrasso")) == [wanted]
    assert alliance_search_public(q="   ").count() == 0
