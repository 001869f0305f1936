from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.audit.models import AuditEvent
from conciliare.documents.models import Document
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import upload
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db

URL = "/documenti/gestione/nuovo/"


def _post_data(**overrides):
    data = {
        "title": "Avviso per le Alleanze locali 2020-2023",
        "kind": "call",
        "act_number": "241",
        "act_date": "2020-05-28",
        "valid_from": "2020-06-01",
        "valid_until": "",
        "is_public": "on",
        "ats": str(ATS.objects.get(slug="milano").pk),
        "period": "",
        "file": upload("avviso.pdf", samples.pdf_bytes()),
    }
    data.update(overrides)
    return data


def test_the_url_name_is_stable():
    assert reverse("documents:document-create") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.FOUND
    assert "/account/login/" in response["Location"]


@pytest.mark.parametrize("who", ["citizen", "org_representative", "committee_member"])
def test_who_cannot_upload_is_refused(who, client, login_as):
    login_as(who)
    assert client.get(URL).status_code == HTTPStatus.FORBIDDEN
    assert client.post(URL, _post_data()).status_code == HTTPStatus.FORBIDDEN
    assert not Document.objects.exists()


def test_an_ats_officer_chooses_only_their_own_ats(client, login_as):
    login_as("ats_officer")

    html = client.get(URL).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert "ATS della Città Metropolitana di Milano" in html
    assert "ATS di Brescia" not in html
    assert "Regione Lombardia (documento regionale)" not in html
    assert 'type="date"' in html
    assert 'type="file"' in html
    assert "Dimensione massima: 20 MB" in html


def test_an_ats_officer_uploads_a_pdf(client, login_as):
    officer = login_as("ats_officer")

    response = client.post(URL, _post_data())

    document = Document.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/documenti/{document.pk}/"
    assert document.uploaded_by == officer
    assert document.original_filename == "avviso.pdf"
    assert document.content_type == "application/pdf"
    assert document.is_public is True
    assert AuditEvent.objects.for_object(document).get().verb == "document.create"


def test_a_fake_pdf_is_refused_beside_the_file_field_keeping_what_was_typed(
    client, login_as
):
    # given
    login_as("ats_officer")
    fake = upload("avviso.pdf", b"Questo e' testo, non un PDF.\n")

    # when
    response = client.post(URL, _post_data(file=fake))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_file_error"' in html
    assert "Il formato del file non è riconosciuto" in html
    assert 'value="Avviso per le Alleanze locali 2020-2023"' in html
    assert 'value="2020-06-01"' in html
    assert "selezionarlo di nuovo" in html
    assert not Document.objects.exists()


def test_an_inverted_validity_is_reported_on_valid_until(client, login_as):
    login_as("ats_officer")

    response = client.post(
        URL, _post_data(valid_from="2020-06-01", valid_until="2020-05-31")
    )

    html = response.content.decode()
    assert 'id="id_valid_until_error"' in html
    assert "non può precedere la data di inizio validità" in html
    assert not Document.objects.exists()


def test_another_ats_cannot_be_forced_into_the_form(client, login_as):
    login_as("ats_officer")
    brescia = ATS.objects.get(slug="brescia")

    response = client.post(URL, _post_data(ats=str(brescia.pk)))

    assert 'id="id_ats_error"' in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_stating_the_limit(client, login_as, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    login_as("ats_officer")
    big = upload("piano.pdf", samples.pdf_bytes() + b"\n" * 1024 * 1024)

    response = client.post(URL, _post_data(file=big))

    assert "dimensione massima consentita di 1 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_missing_fields_are_reported_in_italian(client, login_as):
    login_as("ats_officer")

    response = client.post(URL, {"title": ""})

    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert 'id="id_file_error"' in html
    assert "Questo campo è obbligatorio." in html


def test_the_region_uploads_a_regional_document(client, login_as):
    login_as("regional_officer")

    response = client.post(URL, _post_data(ats=""))

    assert response.status_code == HTTPStatus.FOUND
    assert Document.objects.get().ats is None
