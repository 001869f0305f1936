from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from conciliare.documents.models import DocumentKind
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.territory.models import ATS, ProgrammingPeriod

pytestmark = pytest.mark.django_db

LIST = "/api/v1/documents/documents"


def test_the_public_list_has_explicit_fields_and_download_urls(client):
    # given
    document = DocumentFactory.create(
        title="Piano Territoriale 2020-2023",
        kind=DocumentKind.PLAN,
        act_number="390",
        act_date=date(2020, 5, 29),
        valid_from=date(2020, 6, 1),
        period=ProgrammingPeriod.objects.get(slug="2020-2023"),
    )

    # when
    response = client.get(LIST)

    # then
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": document.pk,
            "title": "Piano Territoriale 2020-2023",
            "kind": "plan",
            "kind_label": "Piano Territoriale",
            "act_number": "390",
            "act_date": "2020-05-29",
            "valid_from": "2020-06-01",
            "valid_until": None,
            "is_public": True,
            "ats": "milano",
            "period": "2020-2023",
            "original_filename": "documento.pdf",
            "content_type": "application/pdf",
            "format": "PDF",
            "size": document.size,
            "sha256": document.sha256,
            "detail_url": f"http://testserver/documenti/{document.pk}/",
            "download_url": f"http://testserver/documenti/{document.pk}/file/",
        }
    ]


def test_the_list_holds_public_documents_in_force_unless_asked(client):
    today = timezone.localdate()
    DocumentFactory.create(title="In vigore")
    DocumentFactory.create(title="Riservato", is_public=False)
    DocumentFactory.create(
        title="Scaduto",
        valid_from=today - timedelta(days=30),
        valid_until=today - timedelta(days=1),
    )

    default = [d["title"] for d in client.get(LIST).json()["items"]]
    everything = [
        d["title"]
        for d in client.get(LIST, {"include_expired": "true"}).json()["items"]
    ]

    assert default == ["In vigore"]
    assert sorted(everything) == ["In vigore", "Scaduto"]


def test_the_list_filters_by_kind_and_ats_slug(client):
    DocumentFactory.create(title="Graduatoria", kind=DocumentKind.RANKING)
    DocumentFactory.create(
        title="Graduatoria Brescia",
        kind=DocumentKind.RANKING,
        ats=ATS.objects.get(slug="brescia"),
    )
    DocumentFactory.create(title="Modulo", kind=DocumentKind.FORM)

    response = client.get(LIST, {"kind": "ranking", "ats": "milano"})

    assert [d["title"] for d in response.json()["items"]] == ["Graduatoria"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"ats": "atlantide"}, HTTPStatus.BAD_REQUEST),
        ({"period": "1999-2000"}, HTTPStatus.BAD_REQUEST),
        ({"kind": "bogus"}, HTTPStatus.UNPROCESSABLE_ENTITY),
    ],
)
def test_unknown_filters_are_client_errors(client, params, status):
    response = client.get(LIST, params)
    assert response.status_code == status


def test_the_list_is_paginated(client):
    DocumentFactory.create_batch(3)

    body = client.get(LIST, {"limit": 2, "offset": 2}).json()

    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_a_public_document_is_served_to_anonymous_clients(client):
    document = DocumentFactory.create(title="Regolamento")

    response = client.get(f"{LIST}/{document.pk}")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["title"] == "Regolamento"


def test_a_private_document_is_404_unless_visible(client, login_as):
    document = DocumentFactory.create(is_public=False, title="Verbale riservato")

    assert client.get(f"{LIST}/{document.pk}").status_code == HTTPStatus.NOT_FOUND
    login_as("ats_officer", ats_slug="brescia")
    assert client.get(f"{LIST}/{document.pk}").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"{LIST}/999999").status_code == HTTPStatus.NOT_FOUND


def test_a_private_document_is_served_to_its_ats(client, login_as):
    document = DocumentFactory.create(is_public=False, title="Verbale riservato")
    login_as("committee_member")

    response = client.get(f"{LIST}/{document.pk}")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["is_public"] is False
