"""Approving a request hands the organisation to the applicant: the officer
must first have verified that the request comes from the organisation."""

import pytest
from django.core.exceptions import ValidationError

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.audit.models import AuditEvent
from conciliare.documents.tests.factories import upload
from conciliare.registry import membership_services as services
from conciliare.registry.membership_signed_form_services import (
    membership_signed_form_attach,
)
from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import make_membership

pytestmark = pytest.mark.django_db


def test_approval_without_signed_form_or_verification_is_refused(make_actor):
    # given a request with no signed form
    membership = make_membership()

    # when the officer approves without saying how it was verified
    with pytest.raises(ValidationError) as exc:
        services.membership_approve(
            actor=make_actor("ats_officer"),
            membership=membership,
            verification_note=" ",
        )

    # then nothing changes and nobody becomes a representative
    assert "verificato" in exc.value.message_dict["verification_note"][0]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED
    assert membership.verified_at is None
    assert not RoleAssignment.objects.filter(
        role=Role.ORGANISATION_REPRESENTATIVE
    ).exists()
    assert not AuditEvent.objects.filter(verb="membership.approve").exists()


def test_approval_with_a_verification_note_stores_and_audits_it(make_actor):
    membership = make_membership()
    officer = make_actor("ats_officer")

    approved = services.membership_approve(
        actor=officer,
        membership=membership,
        verification_note="  PEC prot. 1234 del 10/11/2026 ",
    )

    approved.refresh_from_db()
    assert approved.status == MembershipStatus.ACTIVE
    assert approved.verification_note == "PEC prot. 1234 del 10/11/2026"
    assert approved.verified_at is not None
    event = AuditEvent.objects.get(verb="membership.approve")
    assert event.note == "PEC prot. 1234 del 10/11/2026"
    assert event.changes["verification_note"] == [
        None,
        "PEC prot. 1234 del 10/11/2026",
    ]


def test_approval_with_the_signed_form_attached_needs_no_note(make_actor):
    # given the applicant attached the signed form
    membership = make_membership()
    membership_signed_form_attach(
        actor=membership.requested_by, membership=membership, file=upload("m.pdf")
    )

    # when the officer approves without a note
    approved = services.membership_approve(
        actor=make_actor("ats_officer"), membership=membership
    )

    # then the verification says the signed form was attached
    approved.refresh_from_db()
    assert approved.status == MembershipStatus.ACTIVE
    assert "Modulo di adesione firmato" in approved.verification_note
    assert approved.verified_at is not None
    event = AuditEvent.objects.get(verb="membership.approve")
    assert event.note == approved.verification_note


def test_a_note_typed_with_a_signed_form_is_kept(make_actor):
    membership = make_membership()
    membership_signed_form_attach(
        actor=membership.requested_by, membership=membership, file=upload("m.pdf")
    )

    approved = services.membership_approve(
        actor=make_actor("ats_officer"),
        membership=membership,
        verification_note="Firma controllata con il registro imprese.",
    )

    assert approved.verification_note == "Firma controllata con il registro imprese."
