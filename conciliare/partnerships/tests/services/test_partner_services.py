from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.partnerships import services
from conciliare.partnerships.models import Partner, PartnerRole
from conciliare.partnerships.services import (
    partner_add,
    partner_end,
    partner_update_contribution,
)
from conciliare.partnerships.tests.factories import contribution_data
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_lead_adds_a_partner_with_its_contribution(alliance, actor_for):
    # given
    representative = actor_for("lead_rep", alliance)
    organisation = OrganisationFactory.create(legal_name="CISL Milano Metropoli")
    joined = timezone.localdate() - timedelta(days=10)

    # when
    partner = partner_add(
        actor=representative,
        alliance=alliance,
        organisation=organisation,
        data=contribution_data(
            joined_on=joined,
            economic_contribution=Decimal("1500.00"),
            economic_contribution_note="  Ore di personale  ",
        ),
    )

    # then
    partner.refresh_from_db()
    assert (partner.role, partner.joined_on, partner.left_on) == (
        PartnerRole.PARTNER,
        joined,
        None,
    )
    assert partner.economic_contribution == Decimal("1500.00")
    assert partner.economic_contribution_note == "Ore di personale"
    event = AuditEvent.objects.for_object(partner).get()
    assert event.verb == "partner.add"
    assert event.changes["organisation"] == [None, "CISL Milano Metropoli"]


def test_a_current_partner_is_not_added_twice(alliance, actor_for):
    existing = alliance.partners.get(role=PartnerRole.PARTNER)

    with pytest.raises(ValidationError) as info:
        partner_add(
            actor=actor_for("ats_officer", alliance),
            alliance=alliance,
            organisation=existing.organisation,
            data=contribution_data(),
        )

    assert "è già partner" in info.value.message_dict["organisation"][0]
    assert alliance.partners.count() == 2


def test_a_race_on_the_constraint_becomes_the_same_message(
    alliance, actor_for, monkeypatch
):
    # given the check passed, then another request inserted the same partner
    existing = alliance.partners.get(role=PartnerRole.PARTNER)
    monkeypatch.setattr(services, "partner_is_current", _second_call_true())

    with pytest.raises(ValidationError) as info:
        partner_add(
            actor=actor_for("lead_rep", alliance),
            alliance=alliance,
            organisation=existing.organisation,
            data=contribution_data(),
        )

    assert "è già partner" in info.value.message_dict["organisation"][0]


def _second_call_true():
    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return len(calls) > 1

    return fake


def test_future_dates_and_negative_amounts_are_refused(alliance, actor_for):
    with pytest.raises(ValidationError) as info:
        partner_add(
            actor=actor_for("lead_rep", alliance),
            alliance=alliance,
            organisation=OrganisationFactory.create(),
            data=contribution_data(
                joined_on=timezone.localdate() + timedelta(days=1),
                economic_contribution=Decimal("-1"),
            ),
        )

    assert set(info.value.message_dict) == {"joined_on", "economic_contribution"}
    assert alliance.partners.count() == 2


@pytest.mark.parametrize(
    "who",
    ["partner_rep", "other_rep", "other_ats_officer", "citizen", "committee_member"],
)
def test_others_may_not_add_partners(who, alliance, actor_for):
    with pytest.raises(PermissionDenied):
        partner_add(
            actor=actor_for(who, alliance),
            alliance=alliance,
            organisation=OrganisationFactory.create(),
            data=contribution_data(),
        )
    assert alliance.partners.count() == 2


def test_the_contribution_is_updated_and_audited(alliance, actor_for):
    partner = alliance.partners.get(role=PartnerRole.PARTNER)

    partner_update_contribution(
        actor=actor_for("regional_officer", alliance),
        partner=partner,
        data=contribution_data(content_contribution="Formazione"),
    )

    partner.refresh_from_db()
    assert partner.content_contribution == "Formazione"
    event = AuditEvent.objects.for_object(partner).get(verb="partner.update")
    assert event.changes["content_contribution"] == ["", "Formazione"]


def test_a_partner_of_the_alliance_may_not_change_contributions(alliance, actor_for):
    partner = alliance.partners.get(role=PartnerRole.PARTNER)

    with pytest.raises(PermissionDenied):
        partner_update_contribution(
            actor=actor_for("partner_rep", alliance),
            partner=partner,
            data=contribution_data(technical_contribution="Tutto"),
        )


def test_a_partner_leaves(alliance, actor_for):
    partner = alliance.partners.get(role=PartnerRole.PARTNER)
    today = timezone.localdate()

    partner_end(actor=actor_for("lead_rep", alliance), partner=partner, left_on=today)

    partner.refresh_from_db()
    assert partner.left_on == today
    assert AuditEvent.objects.for_object(partner).get().verb == "partner.end"
    # and may join again later, as a new row
    again = partner_add(
        actor=actor_for("lead_rep", alliance),
        alliance=alliance,
        organisation=partner.organisation,
        data=contribution_data(),
    )
    assert again.pk != partner.pk


def test_the_lead_cannot_leave_without_another_lead(alliance, actor_for):
    lead = alliance.partners.get(role=PartnerRole.LEAD)

    with pytest.raises(ApplicationError, match="indicare prima un nuovo capofila"):
        partner_end(
            actor=actor_for("ats_officer", alliance),
            partner=lead,
            left_on=timezone.localdate(),
        )

    lead.refresh_from_db()
    assert lead.left_on is None


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "futuro"), (-400, "non può precedere")],
)
def test_the_leaving_date_must_make_sense(days, message, alliance, actor_for):
    partner = alliance.partners.get(role=PartnerRole.PARTNER)

    with pytest.raises(ValidationError, match=message):
        partner_end(
            actor=actor_for("lead_rep", alliance),
            partner=partner,
            left_on=timezone.localdate() + timedelta(days=days),
        )


def test_a_partner_that_left_cannot_leave_again(alliance, actor_for):
    partner = alliance.partners.get(role=PartnerRole.PARTNER)
    partner.left_on = partner.joined_on
    partner.save()

    with pytest.raises(ApplicationError, match="già uscito"):
        partner_end(
            actor=actor_for("lead_rep", alliance),
            partner=partner,
            left_on=timezone.localdate(),
        )


def test_the_database_keeps_one_current_row_per_organisation(alliance):
    existing = alliance.partners.get(role=PartnerRole.PARTNER)

    with pytest.raises(IntegrityError):
        Partner.objects.create(
            alliance=alliance,
            organisation=existing.organisation,
            joined_on=timezone.localdate(),
        )
