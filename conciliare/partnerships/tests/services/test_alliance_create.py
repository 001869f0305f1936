import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent
from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.partnerships.services import alliance_create
from conciliare.partnerships.tests.factories import AllianceFactory, alliance_data
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import Ambito

pytestmark = pytest.mark.django_db


def test_a_lead_representative_founds_an_alliance_with_its_lead_partner(
    django_capture_on_commit_callbacks,
):
    # given
    lead = OrganisationFactory.create(legal_name="Comune di Legnano")
    representative = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=lead)
    ambito = Ambito.objects.filter(ats=ats("milano"))[0]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        alliance = alliance_create(
            actor=representative,
            ats=ats("milano"),
            lead=lead,
            data=alliance_data(
                name="  La conciliazione innova la piccola impresa ",
                ambiti=[ambito],
            ),
        )

    # then
    alliance.refresh_from_db()
    assert alliance.name == "La conciliazione innova la piccola impresa"
    assert alliance.slug == "la-conciliazione-innova-la-piccola-impresa"
    assert [p.slug for p in alliance.periods.all()] == ["2020-2023"]
    assert list(alliance.ambiti.all()) == [ambito]
    lead_row = Partner.objects.get(alliance=alliance)
    assert (lead_row.organisation, lead_row.role, lead_row.left_on) == (
        lead,
        PartnerRole.LEAD,
        None,
    )
    event = AuditEvent.objects.for_object(alliance).get()
    assert (event.verb, event.actor) == ("alliance.create", representative)
    assert event.changes["lead"] == [None, "Comune di Legnano"]
    assert len(mail.outbox) == 1
    assert "Comune di Legnano" in mail.outbox[0].body


def test_an_ats_officer_founds_an_alliance_for_any_lead_of_the_ats():
    officer = make_user(Role.ATS_OFFICER, ats=ats("milano"))

    alliance = alliance_create(
        actor=officer,
        ats=ats("milano"),
        lead=OrganisationFactory.create(),
        data=alliance_data(),
    )

    assert alliance.pk is not None


def test_the_address_is_unique_in_the_ats_only():
    officer = make_user(Role.REGIONAL_OFFICER)
    AllianceFactory.create(name="Alleanza Ovest", slug="alleanza-ovest")

    second = alliance_create(
        actor=officer,
        ats=ats("brescia"),
        lead=OrganisationFactory.create(),
        data=alliance_data(name="Alleanza Ovest"),
    )
    third = alliance_create(
        actor=officer,
        ats=ats("milano"),
        lead=OrganisationFactory.create(),
        data=alliance_data(name="Alleanza ovest!"),
    )

    assert second.slug == "alleanza-ovest"
    assert third.slug == "alleanza-ovest-2"


def test_the_same_name_twice_in_an_ats_is_refused_next_to_the_name():
    officer = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    AllianceFactory.create(name="Alleanza Sud")

    with pytest.raises(ValidationError) as info:
        alliance_create(
            actor=officer,
            ats=ats("milano"),
            lead=OrganisationFactory.create(),
            data=alliance_data(name="alleanza sud"),
        )

    assert "name" in info.value.message_dict
    assert Alliance.objects.count() == 1


def test_no_period_and_foreign_ambiti_are_refused_and_nothing_is_saved():
    officer = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    brescia_ambito = Ambito.objects.filter(ats=ats("brescia"))[0]

    with pytest.raises(ValidationError) as info:
        alliance_create(
            actor=officer,
            ats=ats("milano"),
            lead=OrganisationFactory.create(),
            data=alliance_data(
                name="", periods=[], ambiti=[brescia_ambito], contact_email="x"
            ),
        )

    errors = info.value.message_dict
    assert set(errors) == {"name", "periods", "ambiti", "contact_email"}
    assert brescia_ambito.name in errors["ambiti"][0]
    assert not Alliance.objects.exists()
    assert not Partner.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_ats_officer", "other_rep", "citizen", "committee"]
)
def test_who_may_not_found_it(who):
    lead = OrganisationFactory.create()
    if who == "other_ats_officer":
        actor = make_user(Role.ATS_OFFICER, ats=ats("brescia"))
    elif who == "other_rep":
        actor = make_user(
            Role.ORGANISATION_REPRESENTATIVE, organisation=OrganisationFactory.create()
        )
    elif who == "committee":
        actor = make_user(Role.COMMITTEE_MEMBER, ats=ats("milano"))
    else:
        actor = make_user()

    with pytest.raises(PermissionDenied):
        alliance_create(actor=actor, ats=ats("milano"), lead=lead, data=alliance_data())

    assert not Alliance.objects.exists()
