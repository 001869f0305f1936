from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.audit.models import AuditEvent
from conciliare.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _url(document) -> str:
    return f"/documenti/{document.pk}/modifica/"


def _post_data(document, **overrides):
    data = {
        "title": document.title,
        "kind": document.kind,
        "act_number": document.act_number,
        "act_date": "",
        "valid_from": document.valid_from.isoformat(),
        "valid_until": "",
        "ats": str(document.ats_id),
        "period": "",
    }
    if document.is_public:
        data["is_public"] = "on"
    data.update(overrides)
    return data


def test_the_url_name_is_stable():
    assert reverse("documents:document-update", args=[7]) == "/documenti/7/modifica/"


def test_an_officer_changes_the_metadata_but_never_the_file(client, login_as):
    # given
    document = DocumentFactory.create(title="Bozza")
    login_as("ats_officer")

    # when
    page = client.get(_url(document)).content.decode()
    response = client.post(_url(document), _post_data(document, title="Verbale"))

    # then
    assert 'type="file"' not in page
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/documenti/{document.pk}/"
    document.refresh_from_db()
    assert document.title == "Verbale"
    event = AuditEvent.objects.for_object(document).get()
    assert event.changes == {"title": ["Bozza", "Verbale"]}


def test_errors_keep_what_was_typed_and_the_saved_title_in_the_breadcrumbs(
    client, login_as
):
    document = DocumentFactory.create(title="Graduatoria")
    login_as("ats_officer")

    response = client.post(
        _url(document),
        _post_data(document, title="Graduatoria definitiva", valid_until="2019-01-01"),
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_valid_until_error"' in html
    assert 'value="Graduatoria definitiva"' in html
    assert f'<a href="/documenti/{document.pk}/">Graduatoria</a>' in html
    document.refresh_from_db()
    assert document.title == "Graduatoria"


def test_a_private_document_of_another_ats_is_404(client, login_as):
    document = DocumentFactory.create(is_public=False)
    login_as("ats_officer", ats_slug="brescia")
    assert client.get(_url(document)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("who", "ats_slug"),
    [("ats_officer", "brescia"), ("committee_member", "milano"), ("citizen", "milano")],
)
def test_who_sees_but_cannot_change_is_refused(who, ats_slug, client, login_as):
    document = DocumentFactory.create(is_public=True, title="Regolamento")
    login_as(who, ats_slug=ats_slug)

    assert client.get(_url(document)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(_url(document), _post_data(document, title="Altro"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    document.refresh_from_db()
    assert document.title == "Regolamento"
