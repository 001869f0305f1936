"""Joining a network for an organisation that is not registered yet: the
applicant registers it with the request, in one transaction."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import DocumentFactory, upload
from conciliare.registry import membership_services as services
from conciliare.registry.models import Membership, MembershipStatus, Organisation
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    membership_data,
    organisation_data,
)
from conciliare.territory.models import Comune

pytestmark = pytest.mark.django_db


def _new_organisation(**overrides):
    """What the joining form's organisation fieldset gives the service."""
    data = organisation_data(**overrides)
    for name in ("ambito", "phone", "website"):
        data.pop(name)
    return data


def test_a_citizen_registers_a_new_organisation_with_the_request(
    make_actor, django_capture_on_commit_callbacks
):
    # given a citizen (who may not register organisations as officers do)
    citizen = make_actor("citizen")
    network = NetworkFactory.create()
    assert not citizen.has_perm("registry.add_organisation")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_request(
            actor=citizen,
            network=network,
            organisation_data=_new_organisation(),
            data=membership_data(),
        )

    # then the organisation is registered, its ambito taken from the comune
    organisation = Organisation.objects.get(tax_code="00743110157")
    assert membership.organisation == organisation
    assert membership.status == MembershipStatus.REQUESTED
    assert organisation.ambito == Comune.objects.get(name="Legnano").ambito
    # and the registration is audited as the applicant's, saying why
    event = AuditEvent.objects.for_object(organisation).get()
    assert (event.verb, event.actor) == ("organisation.create", citizen)
    assert "richiesta di adesione" in event.note
    assert str(network) in event.note
    assert AuditEvent.objects.filter(verb="membership.request").count() == 1
    assert len(mail.outbox) == 1
    assert "modulo di adesione precompilato" in mail.outbox[0].body


def test_a_failure_of_the_request_leaves_no_organisation_behind(
    make_actor, monkeypatch
):
    # given the request fails after the organisation was registered
    def broken_counter(**kwargs):
        raise RuntimeError("protocol counter unavailable")

    monkeypatch.setattr(services, "protocol_number_next", broken_counter)

    # when
    with pytest.raises(RuntimeError):
        services.membership_request(
            actor=make_actor("citizen"),
            network=NetworkFactory.create(),
            organisation_data=_new_organisation(),
            data=membership_data(),
        )

    # then nothing at all was saved
    assert not Organisation.objects.filter(tax_code="00743110157").exists()
    assert not Membership.objects.exists()
    assert not AuditEvent.objects.filter(verb="organisation.create").exists()


def test_invalid_request_data_register_no_organisation(make_actor):
    with pytest.raises(ValidationError) as exc:
        services.membership_request(
            actor=make_actor("citizen"),
            network=NetworkFactory.create(),
            organisation_data=_new_organisation(),
            data=membership_data(privacy_accepted=False, contact_email="not-an-email"),
        )

    assert set(exc.value.message_dict) == {"privacy_accepted", "contact_email"}
    assert not Organisation.objects.filter(tax_code="00743110157").exists()


def test_a_tax_code_registered_meanwhile_is_a_field_error(make_actor):
    # given someone registered the organisation after the form was checked
    OrganisationFactory.create(tax_code="00743110157", legal_name="Già registrato")

    # when the applicant's request still carries the organisation's data
    with pytest.raises(ValidationError) as exc:
        services.membership_request(
            actor=make_actor("citizen"),
            network=NetworkFactory.create(),
            organisation_data=_new_organisation(),
            data=membership_data(),
        )

    # then the tax code is the field in error, the holder's name is not told
    messages = exc.value.message_dict["tax_code"]
    assert "Esiste già un ente con questo codice fiscale" in messages[0]
    assert "Già registrato" not in messages[0]
    assert Organisation.objects.filter(tax_code="00743110157").count() == 1
    assert not Membership.objects.exists()


def test_the_regulation_in_force_is_the_one_accepted(make_actor):
    regulation = DocumentFactory.create(kind=DocumentKind.REGULATION)
    network = NetworkFactory.create(regulation=regulation)

    membership = services.membership_request(
        actor=make_actor("citizen"),
        network=network,
        organisation=OrganisationFactory.create(),
        data=membership_data(),
    )

    assert membership.accepted_regulation == regulation
    event = AuditEvent.objects.get(verb="membership.request")
    assert event.changes["accepted_regulation"] == [None, regulation.title]


def test_the_signed_form_may_come_with_the_request(make_actor):
    # given
    citizen = make_actor("citizen")
    network = NetworkFactory.create()

    # when
    membership = services.membership_request(
        actor=citizen,
        network=network,
        organisation_data=_new_organisation(),
        data=membership_data(),
        signed_form_file=upload("modulo firmato.pdf.p7m", samples.p7m_der_bytes()),
    )

    # then it is a private document of the network's ATS and period
    form = membership.signed_form
    assert form is not None
    assert form.kind == DocumentKind.FORM
    assert form.is_public is False
    assert (form.ats, form.period) == (network.ats, network.period)
    assert form.content_type == "application/pkcs7-mime"
    assert membership.protocol_number in form.title
    assert form.uploaded_by == citizen


def test_a_signed_form_that_is_not_a_pdf_or_p7m_is_refused(make_actor):
    with pytest.raises(ValidationError) as exc:
        services.membership_request(
            actor=make_actor("citizen"),
            network=NetworkFactory.create(),
            organisation_data=_new_organisation(),
            data=membership_data(),
            signed_form_file=upload(
                "modulo.png", samples.png_bytes(), content_type="image/png"
            ),
        )

    assert "PDF" in exc.value.message_dict["signed_form"][0]
    assert not Document.objects.exists()
    assert not Organisation.objects.filter(tax_code="00743110157").exists()


def test_an_organisation_or_its_data_but_not_both(make_actor):
    with pytest.raises(TypeError):
        services.membership_request(
            actor=make_actor("citizen"),
            network=NetworkFactory.create(),
            organisation=OrganisationFactory.create(),
            organisation_data=_new_organisation(),
            data=membership_data(),
        )


def test_a_race_on_the_tax_code_is_a_field_error_not_a_crash(make_actor, monkeypatch):
    # given the check passed, then another writer registered the same code
    from conciliare.registry import services as organisation_services

    monkeypatch.setattr(organisation_services, "_validate", lambda *a, **k: None)
    OrganisationFactory.create(tax_code="00743110157")

    # when the insert meets the unique constraint
    with pytest.raises(ValidationError) as exc:
        services.membership_request(
            actor=make_actor("citizen"),
            network=NetworkFactory.create(),
            organisation_data=_new_organisation(),
            data=membership_data(),
        )

    # then it is the same clear message on the tax code
    assert "Esiste già un ente" in exc.value.message_dict["tax_code"][0]
    assert not Membership.objects.exists()
