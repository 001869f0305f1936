from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_create
from conciliare.documents.tests.factories import DocumentFactory, metadata, upload
from conciliare.territory.models import ATS, ProgrammingPeriod

pytestmark = pytest.mark.django_db

URL = "/documenti/"


def test_the_url_name_is_stable():
    assert reverse("documents:document-list") == URL


def test_shows_title_start_of_validity_and_file_as_on_the_ats_sites(client):
    # given (seed 000: "Titolo / Data Inizio Validità / File")
    DocumentFactory.create(
        title="A401-MD001 facsimile Adesione rete conciliazione rev02",
        valid_from=date(2018, 7, 2),
        size=503_808,
    )

    # when
    response = client.get(URL)

    # then
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for header in ("Titolo", "Tipo", "ATS", "Data inizio validità", "File"):
        assert f'<th scope="col">{header}</th>' in html
    assert "<caption>" in html
    assert "A401-MD001 facsimile Adesione rete conciliazione rev02" in html
    assert "02/07/2018" in html
    assert "PDF, 492 KB" in html
    assert "<td>Modulo</td>" in html
    assert "<td>ATS Milano</td>" in html


def test_a_regional_document_is_shown_as_the_region(client):
    DocumentFactory.create(ats=None)
    assert "Regione Lombardia</td>" in client.get(URL).content.decode()


def test_shows_only_public_documents_in_force_by_default(client):
    # given
    today = timezone.localdate()
    DocumentFactory.create(title="In vigore", valid_from=today - timedelta(days=10))
    DocumentFactory.create(
        title="Scaduto",
        valid_from=today - timedelta(days=400),
        valid_until=today - timedelta(days=1),
    )
    DocumentFactory.create(title="Futuro", valid_from=today + timedelta(days=1))
    DocumentFactory.create(title="Riservato", is_public=False)

    # when
    default = client.get(URL).content.decode()
    with_expired = client.get(URL, {"expired": "on"}).content.decode()

    # then
    assert "In vigore" in default
    assert "Scaduto" not in default
    assert "Futuro" not in default
    assert "Riservato" not in default
    assert "In vigore" in with_expired
    assert "Scaduto il" in with_expired
    assert "Futuro" not in with_expired
    assert "Riservato" not in with_expired
    assert 'name="expired"' in default
    assert "Mostra anche i documenti scaduti" in default


def test_filters_by_kind_period_and_ats(client):
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    DocumentFactory.create(
        title="Graduatoria Brescia",
        kind=DocumentKind.RANKING,
        period=period,
        ats=ATS.objects.get(slug="brescia"),
    )
    DocumentFactory.create(title="Graduatoria Milano", kind=DocumentKind.RANKING)
    DocumentFactory.create(title="Modulo Brescia", ats=ATS.objects.get(slug="brescia"))

    html = client.get(
        URL, {"kind": "ranking", "period": "2020-2023", "ats": "brescia"}
    ).content.decode()

    assert "Graduatoria Brescia" in html
    assert "Graduatoria Milano" not in html
    assert "Modulo Brescia" not in html
    assert "1 documento trovato." in html


def test_invalid_filters_are_reported_not_a_server_error(client):
    DocumentFactory.create(title="Regolamento della Rete")

    response = client.get(URL, {"kind": "bogus", "ats": "atlantide", "period": "x"})

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count('class="invalid-feedback d-block"') == 3
    assert 'id="id_ats_error"' in html
    assert "Regolamento della Rete" in html  # invalid filters are ignored


def test_paginates_by_25(client):
    DocumentFactory.create_batch(30)

    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    beyond = client.get(URL, {"page": "zzz"})

    assert first.count("<tr>") == 1 + 25
    assert second.count("<tr>") == 1 + 5
    assert 'aria-current="page"' in second
    assert "30 documenti trovati." in first
    assert beyond.status_code == HTTPStatus.OK


def test_the_results_fragment_for_htmx(client, django_assert_num_queries):
    # given
    DocumentFactory.create(title="Verbale del Comitato", kind=DocumentKind.MINUTES)

    # when the filter form asks for its results (count and page only)
    with django_assert_num_queries(2):
        response = client.get(
            URL,
            {"kind": "minutes", "partial": "results"},
            headers={"HX-Request": "true"},
        )

    # then only the fragment comes back, and the address bar loses "partial"
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.lstrip().startswith('<div id="document-results">')
    assert "<html" not in html
    assert "Verbale del Comitato" in html
    assert response["HX-Push-Url"] == "/documenti/?kind=minutes"


def test_the_full_page_and_the_fragment_are_cached_apart(client):
    DocumentFactory.create(title="Accordo locale")

    fragment = client.get(URL, {"partial": "results"}, headers={"HX-Request": "true"})
    page = client.get(URL)

    assert "<html" not in fragment.content.decode()
    assert "<html" in page.content.decode()


def test_a_new_public_document_appears_despite_the_cache(
    client, make_actor, django_capture_on_commit_callbacks
):
    # given a cached list
    client.get(URL)
    assert client.get(URL)["X-Public-Cache"] == "hit"

    # when an officer publishes a document
    with django_capture_on_commit_callbacks(execute=True):
        document_create(
            actor=make_actor("ats_officer"),
            data=metadata(title="Nuovo avviso", valid_from=timezone.localdate()),
            file=upload(),
        )

    # then
    assert "Nuovo avviso" in client.get(URL).content.decode()


def _count_queries(client) -> int:
    cache.clear()  # measure the view, not the public page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"ats": "milano", "period": "2020-2023"})
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_documents(client):
    # given 5 documents with ATS and period
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    DocumentFactory.create_batch(5, period=period)
    with_5 = _count_queries(client)

    # when there are 40
    DocumentFactory.create_batch(35, period=period)
    with_40 = _count_queries(client)

    # then: count, page (ATS and period joined), filter choices and lookups
    assert with_5 == with_40 == 6


def test_staff_also_find_the_reserved_documents_of_their_ats(client, login_as):
    # given a reserved document of ATS Milano
    from conciliare.documents.tests.factories import DocumentFactory
    from conciliare.territory.models import ATS

    DocumentFactory.create(
        title="Verbale riservato", is_public=False, ats=ATS.objects.get(slug="milano")
    )

    # then anonymous visitors and another ATS's officer do not see it; Milano's officer does
    assert "Verbale riservato" not in client.get("/documenti/").content.decode()
    login_as("ats_officer", ats_slug="brescia")
    assert "Verbale riservato" not in client.get("/documenti/").content.decode()
    client.logout()
    login_as("ats_officer", ats_slug="milano")
    body = client.get("/documenti/").content.decode()
    assert "Verbale riservato" in body
    assert "Riservato" in body
