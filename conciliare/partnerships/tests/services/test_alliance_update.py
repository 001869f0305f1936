import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.partnerships.models import Partner, PartnerRole
from conciliare.partnerships.services import alliance_lead_change, alliance_update
from conciliare.partnerships.tests.factories import PartnerFactory
from conciliare.territory.models import Ambito, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def test_the_lead_changes_the_data_and_the_change_is_audited(alliance, actor_for):
    # given
    representative = actor_for("lead_rep", alliance)
    old_slug = alliance.slug
    ambito = Ambito.objects.filter(ats=alliance.ats)[0]
    period = ProgrammingPeriod.objects.get(slug="2025-2027")

    # when
    alliance_update(
        actor=representative,
        alliance=alliance,
        data={
            "name": "Nuovo nome",
            "is_open_to_partners": False,
            "periods": [period],
            "ambiti": [ambito],
        },
    )

    # then
    alliance.refresh_from_db()
    assert (alliance.name, alliance.slug, alliance.is_open_to_partners) == (
        "Nuovo nome",
        old_slug,
        False,
    )
    assert list(alliance.periods.all()) == [period]
    event = AuditEvent.objects.for_object(alliance).get(verb="alliance.update")
    assert event.changes["name"][1] == "Nuovo nome"
    assert event.changes["periods"] == ["2020-2023", "2025-2027"]
    assert event.changes["ambiti"] == ["", ambito.name]


def test_nothing_changed_writes_nothing(alliance, actor_for):
    alliance_update(
        actor=actor_for("ats_officer", alliance),
        alliance=alliance,
        data={"name": alliance.name, "periods": list(alliance.periods.all())},
    )

    assert not AuditEvent.objects.for_object(alliance).exists()


def test_an_empty_name_is_refused(alliance, actor_for):
    with pytest.raises(ValidationError) as info:
        alliance_update(
            actor=actor_for("lead_rep", alliance), alliance=alliance, data={"name": " "}
        )

    assert set(info.value.message_dict) == {"name"}


@pytest.mark.parametrize(
    "who",
    ["partner_rep", "other_rep", "other_ats_officer", "citizen", "committee_member"],
)
def test_others_may_not_change_it(who, alliance, actor_for):
    with pytest.raises(PermissionDenied):
        alliance_update(
            actor=actor_for(who, alliance), alliance=alliance, data={"name": "X"}
        )


def test_the_lead_hands_over_to_a_partner(alliance, actor_for):
    # given
    officer = actor_for("ats_officer", alliance)
    former = alliance.lead
    partner = alliance.partners.get(role=PartnerRole.PARTNER)

    # when
    alliance_lead_change(actor=officer, alliance=alliance, partner=partner)

    # then
    alliance.refresh_from_db()
    assert alliance.lead == partner.organisation
    roles = dict(
        Partner.objects.filter(alliance=alliance).values_list("organisation", "role")
    )
    assert roles == {
        former.pk: PartnerRole.PARTNER,
        partner.organisation_id: PartnerRole.LEAD,
    }
    event = AuditEvent.objects.for_object(alliance).get(verb="alliance.lead_change")
    assert event.changes["lead"] == [former.legal_name, partner.organisation.legal_name]


def test_the_new_lead_must_be_a_current_partner_of_this_alliance(alliance, actor_for):
    elsewhere = PartnerFactory.create()

    with pytest.raises(ValidationError) as info:
        alliance_lead_change(
            actor=actor_for("lead_rep", alliance), alliance=alliance, partner=elsewhere
        )

    assert "partner" in info.value.message_dict
    alliance.refresh_from_db()
    assert alliance.lead_id != elsewhere.organisation_id
