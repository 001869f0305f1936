import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from conciliare.audit.models import AuditEvent
from conciliare.core import cache as public_cache
from conciliare.documents.models import Document
from conciliare.documents.services import document_create
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import metadata, upload
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db


def test_stores_the_file_with_what_its_content_proves(
    make_actor, django_capture_on_commit_callbacks
):
    # given an officer of ATS Milano and a PDF the browser calls text/plain
    officer = make_actor("ats_officer")
    data = samples.pdf_bytes("Delibera 390")
    file = upload("Delibera 390 del 29-05-2020.pdf", data, content_type="text/plain")

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = document_create(actor=officer, data=metadata(), file=file)

    # then
    document.refresh_from_db()
    assert document.content_type == "application/pdf"
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.original_filename == "Delibera 390 del 29-05-2020.pdf"
    assert document.uploaded_by == officer
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(".pdf")
    assert "Delibera" not in document.file.name  # stored under a random name
    with default_storage.open(document.file.name, "rb") as stored:
        assert stored.read() == data
    assert len(callbacks) == 1  # public pages forgotten after commit


def test_records_who_uploaded_what(make_actor):
    officer = make_actor("ats_officer")

    document = document_create(
        actor=officer, data=metadata(title="Regolamento della Rete"), file=upload()
    )

    event = AuditEvent.objects.for_object(document).get()
    assert (event.verb, event.actor) == ("document.create", officer)
    assert event.changes["title"] == [None, "Regolamento della Rete"]
    assert event.changes["ats"] == [None, "ATS della Città Metropolitana di Milano"]
    assert event.changes["sha256"] == [None, document.sha256]
    assert "act_date" in event.changes
    assert "valid_until" not in event.changes  # unchanged from nothing


def test_a_public_document_invalidates_the_public_pages_on_commit(
    make_actor, django_capture_on_commit_callbacks
):
    officer = make_actor("ats_officer")
    generation = public_cache._generation()

    with django_capture_on_commit_callbacks(execute=True):
        document_create(actor=officer, data=metadata(is_public=True), file=upload())

    assert public_cache._generation() == generation + 1


def test_a_private_document_leaves_the_public_pages_alone(
    make_actor, django_capture_on_commit_callbacks
):
    officer = make_actor("ats_officer")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document_create(actor=officer, data=metadata(is_public=False), file=upload())

    assert callbacks == []


def test_a_signed_pdf_is_stored_as_p7m(make_actor):
    officer = make_actor("regional_officer")

    document = document_create(
        actor=officer,
        data=metadata(ats=None),
        file=upload("decreto.pdf.p7m", samples.p7m_der_bytes()),
    )

    assert document.content_type == "application/pkcs7-mime"
    assert document.original_filename == "decreto.pdf.p7m"
    assert document.file.name.endswith(".pdf.p7m")


def test_a_windows_path_is_reduced_to_the_file_name(make_actor):
    officer = make_actor("ats_officer")

    document = document_create(
        actor=officer, data=metadata(), file=upload("C:\\Atti\\2020\\piano.pdf")
    )

    assert document.original_filename == "piano.pdf"


def test_control_characters_are_dropped_from_the_name(make_actor):
    officer = make_actor("ats_officer")
    file = ContentFile(samples.pdf_bytes(), name="piano\r\nSet-Cookie: x=1.pdf")

    document = document_create(actor=officer, data=metadata(), file=file)

    assert document.original_filename == "pianoSet-Cookie: x=1.pdf"


def test_a_very_long_name_is_shortened_keeping_the_extensions(make_actor):
    # given a file from a command or an import (not shortened by Django's upload)
    officer = make_actor("ats_officer")
    file = ContentFile(samples.p7m_der_bytes(), name="a" * 300 + ".pdf.p7m")

    # when
    document = document_create(actor=officer, data=metadata(), file=file)

    # then

    assert len(document.original_filename) == 255
    assert document.original_filename.endswith("a.pdf.p7m")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("delibera.pdf", samples.exe_bytes(), "unknown_type"),
        ("verbale.docx", samples.pdf_bytes(), "extension_mismatch"),
        ("vuoto.pdf", b"", "empty"),
    ],
)
def test_nothing_is_saved_when_the_file_is_refused(name, data, code, make_actor):
    officer = make_actor("ats_officer")

    with pytest.raises(ValidationError) as caught:
        document_create(actor=officer, data=metadata(), file=upload(name, data))

    assert [e.code for e in caught.value.error_dict["file"]] == [code]
    assert not Document.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_file_over_the_limit_is_refused(make_actor, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    officer = make_actor("ats_officer")

    with pytest.raises(ValidationError) as caught:
        document_create(actor=officer, data=metadata(), file=upload())

    assert [e.code for e in caught.value.error_dict["file"]] == ["too_large"]
    assert not Document.objects.exists()


def test_nothing_is_saved_when_the_validity_is_inverted(make_actor):
    officer = make_actor("ats_officer")
    data = metadata(valid_from=date(2024, 5, 1), valid_until=date(2024, 4, 1))

    with pytest.raises(ValidationError) as caught:
        document_create(actor=officer, data=data, file=upload())

    assert list(caught.value.message_dict) == ["valid_until"]
    assert not Document.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("who", "ats_slug"),
    [
        ("citizen", "milano"),
        ("committee_member", "milano"),
        ("org_representative", "milano"),
        ("ats_officer", "brescia"),  # not for another ATS
        ("ats_officer", None),  # nor a regional document
    ],
)
def test_refuses_who_may_not_upload_that_document(who, ats_slug, make_actor):
    actor = make_actor(who, ats_slug="milano")
    ats = ATS.objects.get(slug=ats_slug) if ats_slug else None

    with pytest.raises(PermissionDenied):
        document_create(actor=actor, data=metadata(ats=ats), file=upload())

    assert not Document.objects.exists()


def test_the_region_uploads_for_any_ats_and_for_itself(make_actor):
    officer = make_actor("regional_officer")

    for_brescia = document_create(
        actor=officer,
        data=metadata(ats=ATS.objects.get(slug="brescia")),
        file=upload(),
    )
    regional = document_create(actor=officer, data=metadata(ats=None), file=upload())

    assert str(for_brescia.ats) == "ATS di Brescia"
    assert regional.ats is None
