import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError, InvalidTransition
from conciliare.registry import membership_services as services
from conciliare.registry.models import Membership, MembershipStatus
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
    membership_data,
)
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db

VERIFIED = "PEC prot. 1234 del 10/11/2026"


def _request(actor, network=None, organisation=None, **overrides):
    return services.membership_request(
        actor=actor,
        network=network or NetworkFactory.create(),
        organisation=organisation or OrganisationFactory.create(),
        data=membership_data(**overrides),
    )


def test_a_request_gets_a_protocol_number_an_event_and_a_receipt(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    citizen = make_actor("citizen")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(citizen)
        second = _request(citizen, network=first.network)

    # then
    code = first.network.ats.code
    assert first.protocol_number.startswith(f"{code}-")
    assert first.protocol_number.endswith("-00001")
    assert second.protocol_number.endswith("-00002")
    assert first.status == MembershipStatus.REQUESTED
    assert AuditEvent.objects.filter(verb="membership.request").count() == 2
    assert len(mail.outbox) == 2
    assert set(mail.outbox[0].to) == {"referente@example.org", citizen.email}
    assert first.protocol_number in mail.outbox[0].subject


def test_consents_are_required(make_actor):
    with pytest.raises(ValidationError) as exc:
        _request(
            make_actor("citizen"), privacy_accepted=False, regulation_accepted=False
        )

    assert set(exc.value.message_dict) == {"privacy_accepted", "regulation_accepted"}
    assert not Membership.objects.exists()


def test_a_closed_network_refuses_requests(make_actor):
    network = NetworkFactory.create(is_open=False)

    with pytest.raises(ApplicationError, match="chiuse"):
        _request(make_actor("citizen"), network=network)


def test_a_second_live_request_is_refused_clearly(make_actor):
    first = _request(make_actor("citizen"))

    with pytest.raises(ApplicationError, match="già"):
        _request(
            make_actor("citizen"),
            network=first.network,
            organisation=first.organisation,
        )


def test_approval_makes_the_requester_a_representative(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    membership = _request(make_actor("citizen"))
    officer = make_actor("ats_officer")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_approve(
            actor=officer, membership=membership, verification_note=VERIFIED
        )

    # then
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_at is not None
    assert RoleAssignment.objects.filter(
        user=membership.requested_by,
        role=Role.ORGANISATION_REPRESENTATIVE,
        organisation=membership.organisation,
    ).exists()
    assert AuditEvent.objects.filter(verb="role.assign").count() == 1
    event = AuditEvent.objects.get(verb="membership.approve")
    assert (event.from_state, event.to_state) == ("requested", "active")
    assert "approvata" in mail.outbox[-1].subject


def test_an_officer_of_another_ats_cannot_approve(make_actor):
    membership = _request(make_actor("citizen"))

    with pytest.raises(PermissionDenied):
        services.membership_approve(
            actor=make_actor("ats_officer", ats_slug="brescia"),
            membership=membership,
            verification_note=VERIFIED,
        )


def test_rejection_needs_a_reason_and_mails_it(
    make_actor, django_capture_on_commit_callbacks
):
    membership = _request(make_actor("citizen"))
    officer = make_actor("ats_officer")

    with pytest.raises(ValidationError):
        services.membership_reject(actor=officer, membership=membership, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_reject(
            actor=officer, membership=membership, reason="Ente fuori territorio."
        )

    assert membership.status == MembershipStatus.REJECTED
    assert membership.decision_reason == "Ente fuori territorio."
    assert "Ente fuori territorio." in mail.outbox[-1].body


def test_a_representative_withdraws_and_can_join_again(make_actor):
    organisation = OrganisationFactory.create()
    membership = make_membership(
        organisation=organisation, status=MembershipStatus.ACTIVE
    )
    representative = make_actor("org_representative", organisation=organisation)

    services.membership_withdraw(actor=representative, membership=membership)
    again = _request(
        representative, network=membership.network, organisation=organisation
    )

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.WITHDRAWN
    assert again.status == MembershipStatus.REQUESTED


def test_a_stranger_cannot_withdraw(make_actor):
    membership = make_membership(status=MembershipStatus.ACTIVE)

    with pytest.raises(PermissionDenied):
        services.membership_withdraw(
            actor=make_actor("org_representative"), membership=membership
        )


def test_exclusion_by_the_officer_with_a_reason(make_actor):
    membership = make_membership(status=MembershipStatus.ACTIVE)

    membership = services.membership_exclude(
        actor=make_actor("ats_officer"), membership=membership, reason="Inattivo."
    )

    assert membership.status == MembershipStatus.EXCLUDED


def test_a_requested_membership_cannot_be_withdrawn_twice(make_actor):
    membership = make_membership(status=MembershipStatus.WITHDRAWN)

    with pytest.raises(InvalidTransition):
        services.membership_withdraw(
            actor=make_actor("ats_officer"), membership=membership
        )


def test_carry_over_presumes_active_members_once(make_actor):
    # given
    source = NetworkFactory.create(
        period=ProgrammingPeriod.objects.exclude(slug="2025-2027").first()
    )
    target = NetworkFactory.create()
    active = make_membership(
        network=source,
        status=MembershipStatus.ACTIVE,
        member_since=datetime.date(2016, 4, 1),
    )
    make_membership(network=source, status=MembershipStatus.WITHDRAWN)
    officer = make_actor("ats_officer")

    # when
    count = services.network_carry_over(actor=officer, source=source, target=target)
    again = services.network_carry_over(actor=officer, source=source, target=target)

    # then
    assert (count, again) == (1, 0)
    carried = Membership.objects.get(network=target)
    assert carried.organisation == active.organisation
    assert carried.status == MembershipStatus.PRESUMED
    assert carried.member_since == datetime.date(2016, 4, 1)
    assert carried.protocol_number != active.protocol_number
    assert AuditEvent.objects.filter(verb="membership.carry_over").count() == 1
    assert AuditEvent.objects.filter(verb="network.carry_over").count() == 2


def test_carry_over_needs_an_officer_of_that_ats(make_actor):
    source = NetworkFactory.create(
        period=ProgrammingPeriod.objects.exclude(slug="2025-2027").first()
    )

    with pytest.raises(PermissionDenied):
        services.network_carry_over(
            actor=make_actor("ats_officer", ats_slug="brescia"),
            source=source,
            target=NetworkFactory.create(),
        )


def test_a_representative_confirms_a_presumed_membership(make_actor):
    organisation = OrganisationFactory.create()
    membership = make_membership(
        organisation=organisation, status=MembershipStatus.PRESUMED
    )

    membership = services.membership_confirm(
        actor=make_actor("org_representative", organisation=organisation),
        membership=membership,
    )

    assert membership.status == MembershipStatus.ACTIVE


def test_rejoining_keeps_the_date_the_organisation_first_became_a_member(
    make_actor,
):
    # given an organisation that was a member in an earlier period, then left
    old_network = NetworkFactory.create(
        period=ProgrammingPeriod.objects.exclude(slug="2025-2027").first()
    )
    earlier = make_membership(
        network=old_network,
        status=MembershipStatus.WITHDRAWN,
        member_since=datetime.date(2015, 9, 1),
    )
    request = _request(make_actor("citizen"), organisation=earlier.organisation)

    # when the ATS approves its new request
    approved = services.membership_approve(
        actor=make_actor("ats_officer"),
        membership=request,
        verification_note=VERIFIED,
    )

    # then it counts as a member since 2015
    assert approved.member_since == datetime.date(2015, 9, 1)


def test_a_first_membership_starts_on_the_day_of_approval(make_actor):
    request = _request(make_actor("citizen"))

    approved = services.membership_approve(
        actor=make_actor("ats_officer"),
        membership=request,
        verification_note=VERIFIED,
    )

    assert approved.member_since == timezone.localdate()
