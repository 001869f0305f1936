import pytest

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.partnerships.tests.factories import AllianceFactory, PartnerFactory


@pytest.fixture
def alliance(db):
    """An alliance of ATS Milano with its lead and one more partner."""
    alliance = AllianceFactory.create()
    PartnerFactory.create(alliance=alliance)
    return alliance


@pytest.fixture
def actor_for(db):
    """``actor_for(who, alliance)``: a person in relation to ``alliance``.

    who: lead_rep, partner_rep (a current non-lead partner's), other_rep,
    ats_officer, other_ats_officer, regional_officer, committee_member, citizen.
    """

    def _make(who, alliance):
        if who == "lead_rep":
            return make_user(
                Role.ORGANISATION_REPRESENTATIVE, organisation=alliance.lead
            )
        if who == "partner_rep":
            partner = alliance.partners.exclude(organisation=alliance.lead).first()
            return make_user(
                Role.ORGANISATION_REPRESENTATIVE, organisation=partner.organisation
            )
        if who == "other_rep":
            from conciliare.registry.tests.factories import OrganisationFactory

            return make_user(
                Role.ORGANISATION_REPRESENTATIVE,
                organisation=OrganisationFactory.create(),
            )
        if who == "ats_officer":
            return make_user(Role.ATS_OFFICER, ats=alliance.ats)
        if who == "other_ats_officer":
            return make_user(Role.ATS_OFFICER, ats=ats("brescia"))
        if who == "regional_officer":
            return make_user(Role.REGIONAL_OFFICER)
        if who == "committee_member":
            return make_user(Role.COMMITTEE_MEMBER, ats=alliance.ats)
        if who == "citizen":
            return make_user()
        raise ValueError(who)

    return _make
