from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.documents.tests.factories import PDF, DocumentFactory

pytestmark = pytest.mark.django_db


def _url(document) -> str:
    return reverse("documents:document-download", args=[document.pk])


def test_a_public_document_is_served_to_anyone_as_an_attachment(client):
    # given
    document = DocumentFactory.create(original_filename="Delibera n. 390 del 2020.pdf")

    # when
    response = client.get(_url(document))

    # then
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Delibera n. 390 del 2020.pdf" in response["Content-Disposition"]
    assert response["Content-Length"] == str(len(PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_type_detected_at_upload_is_sent_not_a_guess_from_the_name(client):
    document = DocumentFactory.create(
        original_filename="allegato.html", content_type="application/pdf"
    )

    response = client.get(_url(document))

    assert response["Content-Type"] == "application/pdf"


def test_a_private_document_is_404_for_anonymous_visitors(client):
    document = DocumentFactory.create(is_public=False)
    assert client.get(_url(document)).status_code == HTTPStatus.NOT_FOUND


def test_a_private_document_is_404_for_an_officer_of_another_ats(client, login_as):
    document = DocumentFactory.create(is_public=False)
    login_as("ats_officer", ats_slug="brescia")
    assert client.get(_url(document)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("who", ["ats_officer", "committee_member", "regional_officer"])
def test_a_private_document_is_served_to_its_ats_and_never_cached(
    who, client, login_as
):
    document = DocumentFactory.create(is_public=False)
    login_as(who)

    response = client.get(_url(document))

    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_missing_document_is_404(client):
    assert client.get("/documenti/999999/file/").status_code == HTTPStatus.NOT_FOUND


def test_a_file_missing_from_storage_is_404_not_500(client):
    document = DocumentFactory.create()
    document.file.storage.delete(document.file.name)

    assert client.get(_url(document)).status_code == HTTPStatus.NOT_FOUND
