from datetime import date, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import DocumentKind
from conciliare.documents.tests.factories import DocumentFactory, upload
from conciliare.registry import committee_services as services
from conciliare.registry.models import (
    CommitteeMember,
    CommitteeRole,
    MeetingAttendance,
    MembershipStatus,
    Network,
)
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db

START = date(2026, 1, 15)


def _member_organisation(network, status=MembershipStatus.ACTIVE):
    return make_membership(network=network, status=status).organisation


def _add(actor, network, role=CommitteeRole.MEMBER, user=None, organisation=None):
    return services.committee_member_add(
        actor=actor,
        network=network,
        user=user or make_user(),
        organisation=organisation or _member_organisation(network),
        role=role,
        starts_on=START,
    )


def test_adding_a_member_gives_the_committee_role(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    person = make_user()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        member = _add(officer, network, CommitteeRole.CHAIR, user=person)

    # then
    assert member.role == CommitteeRole.CHAIR
    assert RoleAssignment.objects.filter(
        user=person, role=Role.COMMITTEE_MEMBER, ats_id=network.ats_id
    ).exists()
    assert AuditEvent.objects.filter(verb="committee.member_add").count() == 1
    assert AuditEvent.objects.filter(verb="role.assign").count() == 1
    assert mail.outbox[0].to == [person.email]


def test_a_presumed_member_organisation_may_sit(make_actor):
    network = NetworkFactory.create()
    organisation = _member_organisation(network, MembershipStatus.PRESUMED)

    member = _add(make_actor("regional_officer"), network, organisation=organisation)

    assert member.organisation == organisation


@pytest.mark.parametrize("status", [None, MembershipStatus.REQUESTED])
def test_a_non_member_organisation_is_refused(make_actor, status):
    network = NetworkFactory.create()
    organisation = (
        OrganisationFactory.create()
        if status is None
        else _member_organisation(network, status)
    )

    with pytest.raises(ApplicationError) as exc:
        _add(make_actor("ats_officer"), network, organisation=organisation)

    assert "non è un ente aderente" in exc.value.message
    assert not CommitteeMember.objects.exists()


def test_a_second_current_chair_is_refused(make_actor):
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    _add(officer, network, CommitteeRole.CHAIR)

    with pytest.raises(ApplicationError) as exc:
        _add(officer, network, CommitteeRole.CHAIR)

    assert exc.value.field == "role"


def test_a_brescia_officer_cannot_act_on_milano(make_actor):
    network = NetworkFactory.create()

    with pytest.raises(PermissionDenied):
        _add(make_actor("ats_officer", ats_slug="brescia"), network)
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(
            actor=make_actor("ats_officer", ats_slug="brescia"),
            network=network,
            held_on=timezone.now(),
            place="Milano",
            agenda="Bilancio",
        )


def test_ending_the_last_seat_revokes_the_role(make_actor):
    # given
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    member = _add(officer, network)

    # when
    services.committee_member_end(
        actor=officer, member=member, ends_on=date(2026, 6, 30)
    )

    # then
    member.refresh_from_db()
    assert member.ends_on == date(2026, 6, 30)
    assert not RoleAssignment.objects.filter(
        user=member.user, role=Role.COMMITTEE_MEMBER
    ).exists()
    assert AuditEvent.objects.filter(verb="role.revoke").count() == 1


def test_another_seat_in_the_same_ats_keeps_the_role(make_actor):
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    other = Network.objects.create(
        ats=ats("milano"),
        period=ProgrammingPeriod.objects.exclude(pk=network.period_id).first(),
    )
    person = make_user()
    member = _add(officer, network, user=person)
    _add(officer, other, user=person)

    services.committee_member_end(
        actor=officer, member=member, ends_on=date(2026, 6, 30)
    )

    assert RoleAssignment.objects.filter(
        user=person, role=Role.COMMITTEE_MEMBER
    ).exists()
    assert not AuditEvent.objects.filter(verb="role.revoke").exists()


def test_recording_a_meeting_replaces_decisions(make_actor):
    # given
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    present, absent = _add(officer, network), _add(officer, network)
    meeting = services.meeting_schedule(
        actor=officer,
        network=network,
        held_on=timezone.make_aware(datetime(2026, 3, 1, 10)),
        place="Sede ATS",
        agenda="1. Piano territoriale",
    )
    minutes = DocumentFactory.create(kind=DocumentKind.MINUTES)
    services.meeting_record(
        actor=officer,
        meeting=meeting,
        present_member_ids=[],
        decisions=["Vecchia"],
        minutes=None,
    )

    # when
    services.meeting_record(
        actor=officer,
        meeting=meeting,
        present_member_ids=[present.pk],
        decisions=["Approvato il piano", " ", "Rinviata la voce 2"],
        minutes=minutes,
    )

    # then
    assert [(d.number, d.text) for d in meeting.decisions.all()] == [
        (1, "Approvato il piano"),
        (2, "Rinviata la voce 2"),
    ]
    attendance = dict(
        MeetingAttendance.objects.filter(meeting=meeting).values_list(
            "member_id", "present"
        )
    )
    assert attendance == {present.pk: True, absent.pk: False}
    meeting.refresh_from_db()
    assert meeting.minutes == minutes
    assert AuditEvent.objects.filter(verb="committee.meeting_record").count() == 2


def test_minutes_of_another_ats_are_refused(make_actor):
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    meeting = services.meeting_schedule(
        actor=officer,
        network=network,
        held_on=timezone.now(),
        place="ATS",
        agenda="OdG",
    )
    minutes = DocumentFactory.create(kind=DocumentKind.MINUTES, ats=ats("brescia"))

    with pytest.raises(ApplicationError) as exc:
        services.meeting_record(
            actor=officer,
            meeting=meeting,
            present_member_ids=[],
            decisions=[],
            minutes=minutes,
        )

    assert exc.value.field == "minutes"


def test_an_existing_document_and_a_new_file_are_not_both_taken(make_actor):
    officer = make_actor("ats_officer")
    meeting = services.meeting_schedule(
        actor=officer,
        network=NetworkFactory.create(),
        held_on=timezone.now(),
        place="ATS",
        agenda="OdG",
    )

    with pytest.raises(ApplicationError) as exc:
        services.meeting_record(
            actor=officer,
            meeting=meeting,
            present_member_ids=[],
            decisions=["Approvato"],
            minutes=DocumentFactory.create(kind=DocumentKind.MINUTES),
            minutes_file=upload("verbale.pdf"),
        )

    assert exc.value.field == "minutes_file"
    assert not meeting.decisions.exists()


def test_uploaded_minutes_are_stored_and_audited(make_actor):
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    meeting = services.meeting_schedule(
        actor=officer,
        network=network,
        held_on=timezone.make_aware(datetime(2026, 3, 1, 10)),
        place="ATS",
        agenda="OdG",
    )

    services.meeting_record(
        actor=officer,
        meeting=meeting,
        present_member_ids=[],
        decisions=[],
        minutes=None,
        minutes_file=upload("verbale.pdf"),
    )

    meeting.refresh_from_db()
    minutes = meeting.minutes
    assert minutes is not None
    assert minutes.kind == DocumentKind.MINUTES
    assert minutes.valid_from.isoformat() == "2026-03-01"
    assert minutes.period_id == network.period_id
    assert AuditEvent.objects.filter(verb="document.create").count() == 1
