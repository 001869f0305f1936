"""``document_store``: the storing part of ``document_create``, for services
of other apps that check their own permission first."""

import pytest
from django.core.exceptions import ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.documents.models import Document
from conciliare.documents.services import document_store
from conciliare.documents.tests.factories import metadata, upload

pytestmark = pytest.mark.django_db


def test_stores_for_someone_without_the_upload_permission(make_actor):
    # given a citizen, who may not upload through the documents pages
    citizen = make_actor("citizen")
    assert not citizen.has_perm("documents.add_document")

    # when a service stores the file on their behalf
    document = document_store(
        actor=citizen,
        data=metadata(is_public=False),
        file=upload("modulo.pdf"),
        note="Modulo firmato della richiesta 321-2026-00001.",
    )

    # then it is stored and audited like any upload, with the note
    document.refresh_from_db()
    assert document.uploaded_by == citizen
    assert document.content_type == "application/pdf"
    event = AuditEvent.objects.for_object(document).get()
    assert (event.verb, event.actor) == ("document.create", citizen)
    assert event.note == "Modulo firmato della richiesta 321-2026-00001."


def test_checks_the_file_as_document_create_does(make_actor):
    with pytest.raises(ValidationError) as exc:
        document_store(
            actor=make_actor("citizen"), data=metadata(), file=upload("vuoto.pdf", b"")
        )

    assert "vuoto" in exc.value.message_dict["file"][0]
    assert not Document.objects.exists()
