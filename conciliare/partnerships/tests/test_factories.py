import pytest

from conciliare.partnerships.models import Partner, PartnerRole
from conciliare.partnerships.tests.factories import (
    AllianceFactory,
    PartnerFactory,
    make_alliance,
)
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_alliance_factory_makes_the_lead_partner_and_the_period():
    alliance = AllianceFactory.create()

    lead = Partner.objects.get(alliance=alliance)
    assert (lead.organisation, lead.role) == (alliance.lead, PartnerRole.LEAD)
    assert [p.slug for p in alliance.periods.all()] == ["2020-2023"]
    assert alliance.ats.slug == "milano"


def test_partner_factory_and_make_alliance():
    partner = PartnerFactory.create()
    alliance = make_alliance(partners=[OrganisationFactory.create()])

    assert partner.alliance.partners.count() == 2
    assert alliance.partners.filter(left_on__isnull=True).count() == 2
