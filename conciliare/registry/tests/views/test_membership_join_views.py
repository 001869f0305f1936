"""The joining form with a new organisation, the Modulo di adesione (PDF and
signed copy) and the verified approval, through the real URLs."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import DocumentFactory, upload
from conciliare.registry.membership_form_pdf import membership_form_html
from conciliare.registry.models import Membership, MembershipStatus, Organisation
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import Comune

pytestmark = pytest.mark.django_db

NEW_TAX_CODE = "00743110157"


def _form(tax_code=NEW_TAX_CODE, **overrides):
    data = {
        "tax_code": tax_code,
        "legal_representative": "Maria Rossi",
        "contact_name": "Luca Bianchi",
        "contact_email": "referente@example.org",
        "privacy_accepted": "on",
        "regulation_accepted": "on",
    }
    data.update(overrides)
    return data


def _organisation_fields(**overrides):
    data = {
        "ente-legal_name": "Cooperativa Sociale Il Girasole",
        "ente-legal_form": "social_cooperative",
        "ente-typology": "private_nonprofit",
        "ente-size_class": "small",
        "ente-comune": Comune.objects.get(name="Legnano").pk,
        "ente-address": "Via Roma 1",
        "ente-postal_code": "20025",
        "ente-pec": "girasole@pec.example.org",
        "ente-email": "info@girasole.example.org",
        "ente-vat_number": "",
    }
    data.update(overrides)
    return data


def _join_url(network):
    return reverse("registry:membership-request", args=[network.pk])


def test_a_citizen_registers_a_new_organisation_while_joining(client, login_as):
    # given
    network = NetworkFactory.create()
    citizen = login_as("citizen")

    # when
    response = client.post(_join_url(network), {**_form(), **_organisation_fields()})

    # then
    membership = Membership.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == membership.get_absolute_url()
    assert membership.organisation.legal_name == "Cooperativa Sociale Il Girasole"
    assert membership.organisation.tax_code == NEW_TAX_CODE
    assert membership.requested_by == citizen


def test_the_organisation_fields_are_required_for_an_unknown_tax_code(client, login_as):
    network = NetworkFactory.create()
    login_as("citizen")

    response = client.post(
        _join_url(network),
        {**_form(contact_name="Anna"), **_organisation_fields(**{"ente-pec": ""})},
    )

    # then the error is next to the field, what was typed is kept, no 500
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_ente-pec_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="Anna"' in html
    assert 'value="Cooperativa Sociale Il Girasole"' in html
    assert "Nessun ente registrato con questo codice fiscale" in html
    assert not Membership.objects.exists()
    assert not Organisation.objects.filter(tax_code=NEW_TAX_CODE).exists()


def test_a_bad_postal_code_is_shown_next_to_it(client, login_as):
    network = NetworkFactory.create()
    login_as("citizen")

    response = client.post(
        _join_url(network),
        {**_form(), **_organisation_fields(**{"ente-postal_code": "2002"})},
    )

    html = response.content.decode()
    assert 'id="id_ente-postal_code_error"' in html
    assert "Il CAP ha 5 cifre." in html
    assert 'value="2002"' in html
    assert not Organisation.objects.filter(tax_code=NEW_TAX_CODE).exists()


def test_a_registered_organisation_needs_no_organisation_fields(client, login_as):
    network = NetworkFactory.create()
    organisation = OrganisationFactory.create()
    login_as("citizen")

    response = client.post(_join_url(network), _form(organisation.tax_code))

    assert response.status_code == HTTPStatus.FOUND
    assert Membership.objects.get().organisation == organisation
    assert Organisation.objects.count() == 1


def test_request_errors_with_a_registered_organisation_hide_its_fieldset(
    client, login_as
):
    network = NetworkFactory.create()
    organisation = OrganisationFactory.create()
    login_as("citizen")

    response = client.post(
        _join_url(network), _form(organisation.tax_code, privacy_accepted="")
    )

    html = response.content.decode()
    assert "organisation-registered" in html  # the CSS hides the fieldset
    assert "ente-pec_error" not in html  # its empty fields are not errors
    assert "informativa privacy" in html


def test_a_tax_code_registered_meanwhile_is_a_field_error(
    client, login_as, monkeypatch
):
    # given the organisation gets registered between the form's check and
    # the insert (the unique constraint is what catches it)
    from conciliare.registry import services as organisation_services
    from conciliare.registry.membership_forms import MembershipRequestForm

    network = NetworkFactory.create()
    login_as("citizen")
    original = MembershipRequestForm.clean_tax_code

    def clean_then_race(form):
        code = original(form)
        OrganisationFactory.create(tax_code=code)
        return code

    monkeypatch.setattr(MembershipRequestForm, "clean_tax_code", clean_then_race)
    monkeypatch.setattr(organisation_services, "_validate", lambda *a, **k: None)

    # when
    response = client.post(_join_url(network), {**_form(), **_organisation_fields()})

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_tax_code_error"' in html
    assert "Esiste già un ente con questo codice fiscale" in html
    assert 'value="Cooperativa Sociale Il Girasole"' in html
    assert not Membership.objects.exists()


def test_the_signed_form_can_come_with_the_join_form(client, login_as):
    network = NetworkFactory.create()
    login_as("citizen")

    response = client.post(
        _join_url(network),
        {**_form(), **_organisation_fields(), "signed_form": upload("modulo.pdf")},
    )

    assert response.status_code == HTTPStatus.FOUND
    signed_form = Membership.objects.get().signed_form
    assert signed_form is not None
    assert signed_form.original_filename == "modulo.pdf"


def test_a_bad_signed_form_is_shown_next_to_its_field(client, login_as):
    network = NetworkFactory.create()
    login_as("citizen")

    response = client.post(
        _join_url(network),
        {
            **_form(),
            **_organisation_fields(),
            "signed_form": upload("modulo.png", samples.png_bytes()),
        },
    )

    html = response.content.decode()
    assert 'id="id_signed_form_error"' in html
    assert 'id="signed-form-again"' in html  # the file must be chosen again
    assert not Membership.objects.exists()
    assert not Document.objects.exists()


def test_the_join_form_links_the_regulation_in_force(client, login_as):
    regulation = DocumentFactory.create(
        kind=DocumentKind.REGULATION, title="Regolamento 2025"
    )
    network = NetworkFactory.create(regulation=regulation)
    login_as("citizen")

    html = client.get(_join_url(network)).content.decode()

    assert regulation.get_download_url() in html
    assert "Regolamento 2025" in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize(
    ("who", "state", "name_shown"),
    [
        ("citizen", "registered", False),
        ("ats_officer", "registered", True),
        ("citizen", "new", False),
    ],
)
def test_the_tax_code_lookup_tells_whether_it_is_registered(
    client, login_as, who, state, name_shown
):
    # given
    network = NetworkFactory.create()
    organisation = OrganisationFactory.create(legal_name="Comune di Rho")
    login_as(who)
    code = organisation.tax_code if state == "registered" else NEW_TAX_CODE

    # when
    response = client.get(
        reverse("registry:membership-organisation-lookup", args=[network.pk]),
        {"tax_code": code},
        headers={"HX-Request": "true"},
    )

    # then only the fragment, and the name only to who may see it
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in html
    if state == "registered":
        assert "Ente già registrato" in html
        assert "organisation-registered" in html
    else:
        assert "Nessun ente registrato" in html
    assert ("Comune di Rho" in html) is name_shown


def test_the_lookup_says_nothing_for_an_invalid_tax_code(client, login_as):
    network = NetworkFactory.create()
    login_as("citizen")

    response = client.get(
        reverse("registry:membership-organisation-lookup", args=[network.pk]),
        {"tax_code": "123"},
    )

    assert response.content.decode().strip() == ""


# The Modulo di adesione (PDF)


def _pdf_url(membership):
    return reverse("registry:membership-form-pdf", args=[membership.pk])


def test_the_applicant_downloads_the_pre_filled_form(client, login_as):
    # given
    applicant = login_as("citizen")
    regulation = DocumentFactory.create(kind=DocumentKind.REGULATION)
    membership = make_membership(requested_by=applicant, accepted_regulation=regulation)

    # when
    response = client.get(_pdf_url(membership))

    # then
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert membership.protocol_number in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_form_names_the_request_and_the_regulation_version_accepted():
    # given a request that accepted the Regolamento of 2025 (act 12)
    regulation = DocumentFactory.create(
        kind=DocumentKind.REGULATION,
        title="Regolamento della Rete 2025",
        act_number="Decreto 12",
    )
    membership = make_membership(
        accepted_regulation=regulation, legal_representative="Maria Rossi"
    )

    # when
    html = membership_form_html(membership=membership)

    # then
    assert membership.protocol_number in html
    assert membership.organisation.legal_name in html
    assert membership.organisation.tax_code in html
    assert "Regolamento della Rete 2025" in html
    assert "in vigore dal 01/01/2020" in html
    assert "Decreto 12" in html
    assert "Firma del legale rappresentante" in html
    assert "Maria Rossi" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("ats_officer", HTTPStatus.OK),
        ("regional_officer", HTTPStatus.OK),
        ("committee_member", HTTPStatus.FORBIDDEN),
        ("citizen", HTTPStatus.NOT_FOUND),
    ],
)
def test_who_downloads_the_form(client, login_as, who, status):
    membership = make_membership()
    login_as(who)

    response = client.get(_pdf_url(membership))

    assert response.status_code == status
    if status == HTTPStatus.OK:
        assert response.content.startswith(b"%PDF")


def test_the_pdf_form_needs_signing_in(client):
    membership = make_membership()

    response = client.get(_pdf_url(membership))

    assert response.status_code == HTTPStatus.FOUND


# The signed form from the detail page


def _attach_url(membership):
    return reverse("registry:membership-signed-form-attach", args=[membership.pk])


def test_the_applicant_uploads_the_signed_form_and_downloads_it_back(client, login_as):
    # given a pending request
    applicant = login_as("citizen")
    membership = make_membership(requested_by=applicant)
    detail = client.get(membership.get_absolute_url()).content.decode()
    assert _attach_url(membership) in detail
    assert _pdf_url(membership) in detail

    # when
    response = client.post(
        _attach_url(membership), {"signed_form": upload("firmato.pdf")}
    )

    # then
    membership.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    signed_form = membership.signed_form
    assert signed_form is not None
    assert signed_form.original_filename == "firmato.pdf"
    page = client.get(membership.get_absolute_url()).content.decode()
    assert signed_form.get_download_url() in page
    download = client.get(signed_form.get_download_url())
    assert download.status_code == HTTPStatus.OK
    assert download["Cache-Control"] == "private, no-store"


def test_a_wrong_signed_form_is_an_error_next_to_the_field(client, login_as):
    applicant = login_as("citizen")
    membership = make_membership(requested_by=applicant)

    response = client.post(
        _attach_url(membership),
        {"signed_form": upload("modulo.docx", samples.ooxml_bytes("docx"))},
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_signed_form_error"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.signed_form is None


def test_no_upload_once_decided(client, login_as):
    applicant = login_as("citizen")
    membership = make_membership(requested_by=applicant, status=MembershipStatus.ACTIVE)

    page = client.get(membership.get_absolute_url()).content.decode()
    response = client.post(_attach_url(membership), {"signed_form": upload()})

    assert _attach_url(membership) not in page
    assert response.status_code == HTTPStatus.FOUND
    assert not Document.objects.exists()


def test_someone_else_cannot_upload(client, login_as):
    membership = make_membership()
    login_as("committee_member")

    response = client.post(_attach_url(membership), {"signed_form": upload()})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Document.objects.exists()


# Approval with verification


def test_approval_without_verification_is_refused_next_to_the_field(client, login_as):
    membership = make_membership()
    login_as("ats_officer")
    url = reverse("registry:membership-approve", args=[membership.pk])

    response = client.post(url, {"verification_note": ""})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_verification_note_error"' in html
    assert "non è allegato" in html
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_approval_with_the_signed_form_needs_no_note(client, login_as):
    applicant = login_as("citizen")
    membership = make_membership(requested_by=applicant)
    client.post(_attach_url(membership), {"signed_form": upload("firmato.pdf")})
    client.logout()
    login_as("ats_officer")

    page = client.get(membership.get_absolute_url()).content.decode()
    response = client.post(
        reverse("registry:membership-approve", args=[membership.pk]),
        {"verification_note": ""},
    )

    assert "Il modulo di adesione firmato è allegato" in page
    assert response.status_code == HTTPStatus.FOUND
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.verified_at is not None
