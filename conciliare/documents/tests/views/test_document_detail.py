from http import HTTPStatus

import pytest

from conciliare.documents.services import document_update
from conciliare.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_anyone_reads_a_public_document_without_its_history(client):
    document = DocumentFactory.create(title="Regolamento della Rete", act_number="390")

    response = client.get(f"/documenti/{document.pk}/")

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Regolamento della Rete" in html
    assert f'href="/documenti/{document.pk}/file/"' in html
    assert "PDF, " in html
    assert "n. 390" in html
    assert "Registro eventi" not in html
    assert "/modifica/" not in html


def test_a_private_document_is_404_for_anonymous_and_other_ats(client, login_as):
    document = DocumentFactory.create(is_public=False)

    assert client.get(f"/documenti/{document.pk}/").status_code == 404
    login_as("ats_officer", ats_slug="brescia")
    assert client.get(f"/documenti/{document.pk}/").status_code == 404


def test_an_officer_of_the_ats_sees_the_history_and_the_edit_link(client, login_as):
    # given a document changed once
    document = DocumentFactory.create(is_public=False, title="Bozza")
    officer = login_as("ats_officer")
    document_update(actor=officer, document=document, data={"title": "Verbale"})

    # when
    response = client.get(f"/documenti/{document.pk}/")

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Registro eventi" in html
    assert "document.update" in html
    assert f'href="/documenti/{document.pk}/modifica/"' in html


def test_a_committee_member_reads_a_private_document_but_not_its_history(
    client, login_as
):
    document = DocumentFactory.create(is_public=False)
    login_as("committee_member")

    html = client.get(f"/documenti/{document.pk}/").content.decode()

    assert "Riservato" in html
    assert "Registro eventi" not in html
