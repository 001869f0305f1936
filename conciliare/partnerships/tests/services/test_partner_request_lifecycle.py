"""Scheda partnership: filed, then accepted, declined or withdrawn."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError, InvalidTransition
from conciliare.partnerships import request_services
from conciliare.partnerships.models import (
    Partner,
    PartnerRequest,
    PartnerRequestStatus,
    PartnerRole,
)
from conciliare.partnerships.request_services import (
    partner_request_accept,
    partner_request_create,
    partner_request_decline,
    partner_request_withdraw,
)
from conciliare.partnerships.tests.factories import contribution_data
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    organisation = OrganisationFactory.create(
        legal_name="Confartigianato Alto Milanese"
    )
    return make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=organisation)


def _file(alliance, applicant, **overrides):
    return partner_request_create(
        actor=applicant,
        alliance=alliance,
        organisation=applicant.roles[0].organisation,
        data={**contribution_data(), "message": "Vorremmo partecipare.", **overrides},
    )


def test_a_representative_files_a_scheda_and_the_lead_is_told(
    alliance, applicant, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        partner_request = _file(
            alliance, applicant, economic_contribution=Decimal("2000")
        )

    # then
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.REQUESTED
    assert partner_request.requested_by == applicant
    assert partner_request.economic_contribution == Decimal("2000.00")
    event = AuditEvent.objects.for_object(partner_request).get()
    assert (event.verb, event.to_state) == ("partner_request.create", "requested")
    assert mail.outbox[0].to == [alliance.contact_email]
    assert "Confartigianato Alto Milanese" in mail.outbox[0].body


def test_a_scheda_without_any_contribution_is_refused_next_to_the_field(
    alliance, applicant
):
    with pytest.raises(ValidationError) as info:
        _file(
            alliance,
            applicant,
            technical_contribution=" ",
            content_contribution="",
            economic_contribution=None,
        )

    assert set(info.value.message_dict) == {"technical_contribution"}
    assert not PartnerRequest.objects.exists()


def test_a_closed_alliance_takes_no_scheda(alliance, applicant):
    alliance.is_open_to_partners = False
    alliance.save()

    with pytest.raises(ApplicationError, match="non accoglie nuovi partner"):
        _file(alliance, applicant)


def test_a_current_partner_files_no_scheda(alliance, actor_for):
    representative = actor_for("partner_rep", alliance)

    with pytest.raises(ApplicationError, match="è già partner") as info:
        _file(alliance, representative)

    assert info.value.field == "organisation"


def test_a_second_open_scheda_is_refused(alliance, applicant):
    _file(alliance, applicant)

    with pytest.raises(ApplicationError, match="già una scheda partnership"):
        _file(alliance, applicant)

    assert PartnerRequest.objects.count() == 1


def test_a_race_on_the_open_scheda_constraint_gives_the_same_message(
    alliance, applicant, monkeypatch
):
    # given the check passed, then another request of the same organisation
    _file(alliance, applicant)
    calls = []

    def _first_false(**kwargs):
        calls.append(kwargs)
        return len(calls) > 1

    monkeypatch.setattr(request_services, "_has_open_request", _first_false)

    with pytest.raises(ApplicationError, match="già una scheda partnership"):
        _file(alliance, applicant)


def test_a_representative_files_only_for_its_own_organisation(alliance, applicant):
    with pytest.raises(PermissionDenied):
        partner_request_create(
            actor=applicant,
            alliance=alliance,
            organisation=OrganisationFactory.create(),
            data=contribution_data(),
        )


def test_the_lead_accepts_and_the_organisation_becomes_a_partner_today(
    alliance, applicant, actor_for, django_capture_on_commit_callbacks
):
    # given
    partner_request = _file(
        alliance, applicant, economic_contribution=Decimal("500.50")
    )
    lead_rep = actor_for("lead_rep", alliance)
    mail.outbox.clear()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        partner_request_accept(actor=lead_rep, partner_request=partner_request)

    # then
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.ACCEPTED
    assert (partner_request.decided_by, partner_request.decided_at is not None) == (
        lead_rep,
        True,
    )
    partner = Partner.objects.get(
        alliance=alliance, organisation=partner_request.organisation
    )
    assert (partner.role, partner.joined_on, partner.left_on) == (
        PartnerRole.PARTNER,
        timezone.localdate(),
        None,
    )
    assert partner.technical_contribution == partner_request.technical_contribution
    assert partner.economic_contribution == Decimal("500.50")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"partner_request.accept", "partner.add"} <= verbs
    assert mail.outbox[0].to == [applicant.email]
    assert "è stata accolta" in mail.outbox[0].body


def test_the_lead_declines_with_a_reason_the_requester_reads(
    alliance, applicant, actor_for, django_capture_on_commit_callbacks
):
    partner_request = _file(alliance, applicant)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        partner_request_decline(
            actor=actor_for("ats_officer", alliance),
            partner_request=partner_request,
            reason="  Il progetto non prevede imprese artigiane. ",
        )

    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.DECLINED
    assert (
        partner_request.decision_reason == "Il progetto non prevede imprese artigiane."
    )
    assert not Partner.objects.filter(
        organisation=partner_request.organisation
    ).exists()
    event = AuditEvent.objects.for_object(partner_request).get(
        verb="partner_request.decline"
    )
    assert event.note == "Il progetto non prevede imprese artigiane."
    assert "Il progetto non prevede imprese artigiane." in mail.outbox[0].body


def test_declining_needs_a_reason(alliance, applicant, actor_for):
    partner_request = _file(alliance, applicant)

    with pytest.raises(ValidationError) as info:
        partner_request_decline(
            actor=actor_for("lead_rep", alliance),
            partner_request=partner_request,
            reason="  ",
        )

    assert "reason" in info.value.message_dict
    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.REQUESTED


def test_the_requester_withdraws_and_the_lead_is_told(
    alliance, applicant, django_capture_on_commit_callbacks
):
    partner_request = _file(alliance, applicant)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        partner_request_withdraw(actor=applicant, partner_request=partner_request)

    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.WITHDRAWN
    assert (
        AuditEvent.objects.for_object(partner_request)
        .filter(verb="partner_request.withdraw")
        .exists()
    )
    assert mail.outbox[0].to == [alliance.contact_email]
    # and may file again
    assert _file(alliance, applicant).pk != partner_request.pk


def test_a_decided_scheda_cannot_change_again(alliance, applicant, actor_for):
    partner_request = _file(alliance, applicant)
    lead_rep = actor_for("lead_rep", alliance)
    partner_request_accept(actor=lead_rep, partner_request=partner_request)

    with pytest.raises(InvalidTransition):
        partner_request_decline(
            actor=lead_rep, partner_request=partner_request, reason="Ripensamento"
        )
    with pytest.raises(InvalidTransition):
        partner_request_withdraw(actor=applicant, partner_request=partner_request)


def test_accepting_an_organisation_already_added_meanwhile_is_refused(
    alliance, applicant, actor_for
):
    from conciliare.partnerships.services import partner_add

    partner_request = _file(alliance, applicant)
    lead_rep = actor_for("lead_rep", alliance)
    partner_add(
        actor=lead_rep,
        alliance=alliance,
        organisation=partner_request.organisation,
        data=contribution_data(),
    )

    with pytest.raises(ApplicationError, match="si può solo non accogliere"):
        partner_request_accept(actor=lead_rep, partner_request=partner_request)

    partner_request.refresh_from_db()
    assert partner_request.status == PartnerRequestStatus.REQUESTED


@pytest.mark.parametrize(
    "who",
    ["partner_rep", "other_rep", "other_ats_officer", "citizen", "committee_member"],
)
def test_only_the_lead_and_the_officers_decide(who, alliance, applicant, actor_for):
    partner_request = _file(alliance, applicant)
    user = actor_for(who, alliance)

    with pytest.raises(PermissionDenied):
        partner_request_accept(actor=user, partner_request=partner_request)
    with pytest.raises(PermissionDenied):
        partner_request_decline(actor=user, partner_request=partner_request, reason="x")
    with pytest.raises(PermissionDenied):
        partner_request_withdraw(actor=user, partner_request=partner_request)


def test_the_lead_does_not_withdraw_someone_elses_scheda(
    alliance, applicant, actor_for
):
    partner_request = _file(alliance, applicant)

    with pytest.raises(PermissionDenied):
        partner_request_withdraw(
            actor=actor_for("lead_rep", alliance), partner_request=partner_request
        )
