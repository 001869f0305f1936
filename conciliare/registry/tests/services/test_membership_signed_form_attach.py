"""Attaching the signed Modulo di adesione to a pending request."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import upload
from conciliare.registry.membership_signed_form_services import (
    membership_signed_form_attach,
)
from conciliare.registry.models import MembershipStatus
from conciliare.registry.tests.factories import make_membership

pytestmark = pytest.mark.django_db


def _actor(who, membership, make_actor):
    if who == "requester":
        return membership.requested_by
    if who == "ats_officer_brescia":
        return make_actor("ats_officer", ats_slug="brescia")
    if who == "org_representative":
        return make_actor(who, organisation=membership.organisation)
    return make_actor(who)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("requester", True),
        ("ats_officer", True),
        ("regional_officer", True),
        ("ats_officer_brescia", False),
        ("committee_member", False),
        ("citizen", False),
        # the organisation's representative did not file this request
        ("org_representative", False),
    ],
)
def test_who_may_attach_the_signed_form(who, allowed, make_actor):
    # given a pending request of ATS Milano
    membership = make_membership()
    actor = _actor(who, membership, make_actor)

    # when / then
    if allowed:
        membership_signed_form_attach(
            actor=actor, membership=membership, file=upload("modulo.pdf")
        )
        membership.refresh_from_db()
        assert membership.signed_form is not None
    else:
        with pytest.raises(PermissionDenied):
            membership_signed_form_attach(
                actor=actor, membership=membership, file=upload("modulo.pdf")
            )
        assert not Document.objects.exists()


def test_the_signed_form_is_a_private_document_of_the_network(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    membership = make_membership()

    # when the applicant attaches a digitally signed form
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_signed_form_attach(
            actor=membership.requested_by,
            membership=membership,
            file=upload("modulo.pdf.p7m", samples.p7m_der_bytes()),
        )

    # then
    document = membership.signed_form
    assert document is not None
    assert document.kind == DocumentKind.FORM
    assert document.is_public is False
    assert document.ats == membership.network.ats
    assert document.period == membership.network.period
    assert document.original_filename == "modulo.pdf.p7m"
    event = AuditEvent.objects.get(verb="membership.signed_form_attach")
    assert event.actor == membership.requested_by
    assert event.changes["signed_form"] == [None, "modulo.pdf.p7m"]
    assert AuditEvent.objects.for_object(document).get().verb == "document.create"
    # and the applicant is told it was received
    assert len(mail.outbox) == 1
    assert "firmato ricevuto" in mail.outbox[0].subject
    assert membership.contact_email in mail.outbox[0].to


def test_a_new_file_replaces_the_previous_one(make_actor):
    membership = make_membership()
    first = membership_signed_form_attach(
        actor=membership.requested_by, membership=membership, file=upload("a.pdf")
    ).signed_form

    again = membership_signed_form_attach(
        actor=make_actor("ats_officer"), membership=membership, file=upload("b.pdf")
    )

    assert again.signed_form != first
    assert Document.objects.count() == 2  # the first stays in the archive
    event = AuditEvent.objects.filter(verb="membership.signed_form_attach").latest("pk")
    assert event.changes["signed_form"] == ["a.pdf", "b.pdf"]


def test_only_a_pending_request_takes_a_signed_form(make_actor):
    membership = make_membership(status=MembershipStatus.ACTIVE)

    with pytest.raises(ApplicationError, match="in attesa"):
        membership_signed_form_attach(
            actor=membership.requested_by, membership=membership, file=upload()
        )

    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("modulo.docx", samples.ooxml_bytes("docx")),
        ("modulo.pdf", b""),
        ("modulo.pdf", samples.exe_bytes()),
    ],
)
def test_only_a_pdf_or_p7m_is_accepted(name, data, make_actor):
    membership = make_membership()

    with pytest.raises(ValidationError) as exc:
        membership_signed_form_attach(
            actor=membership.requested_by,
            membership=membership,
            file=upload(name, data),
        )

    assert exc.value.message_dict["signed_form"]
    membership.refresh_from_db()
    assert membership.signed_form is None
    assert not Document.objects.exists()
