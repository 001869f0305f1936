from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conciliare.territory.models import ATS, Ambito

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/territorio/ats/", "ATS della Val Padana"),
        ("/territorio/ats/milano/", "Alto Milanese"),
        ("/territorio/periodi/", "DGR XI/2398"),
        ("/territorio/periodi/2020-2023/", "2.798.200,00"),
        ("/en/territorio/periodi/2020-2023/", "2,798,200.00"),
    ],
)
def test_public_territory_pages(client, url, text):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert text in response.content.decode()


def test_unknown_ats_is_404(client):
    assert client.get("/territorio/ats/lazio/").status_code == HTTPStatus.NOT_FOUND


def test_ats_list_queries_do_not_grow_with_ambiti(client):
    def count() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/territorio/ats/").status_code == HTTPStatus.OK
        return len(ctx.captured_queries)

    before = count()
    milano = ATS.objects.get(slug="milano")
    Ambito.objects.bulk_create(
        Ambito(ats=milano, name=f"Ambito {n}", slug=f"ambito-{n}") for n in range(30)
    )
    assert count() == before
