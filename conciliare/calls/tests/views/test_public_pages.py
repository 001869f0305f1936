"""The public pages of the calls and of the adopted DTIs."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.calls.models import CallAmendment, CallStatus
from conciliare.calls.tests.factories import make_call, make_guidance
from conciliare.core.cache import public_cache_invalidate
from conciliare.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

LIST = "/avvisi/"


def test_the_list_shows_published_calls_with_ats_period_status_dates_budget(client):
    # given
    call = make_call(title="Avviso conciliazione Milano 2020-2023")
    draft = make_call(published=False, title="Avviso in preparazione")

    # when
    response = client.get(LIST)

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert call.get_absolute_url() == f"/avvisi/{call.pk}/"
    assert call.get_absolute_url() in html
    assert "Avviso conciliazione Milano 2020-2023" in html
    assert draft.title not in html
    assert f"<td>{call.ats.short_name}</td>" in html
    assert "2020-2023" in html
    assert "Pubblicato" in html
    assert timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M") in html
    assert "€ 337.126,00" in html
    assert "1 avviso trovato." in html


def test_a_published_call_past_its_close_time_reads_closed(client):
    call = make_call()
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.opens_at = timezone.now() - timedelta(days=10)
    call.save(update_fields=["closes_at", "opens_at"])

    html = client.get(LIST).content.decode()

    assert call.status == CallStatus.PUBLISHED
    assert '<td class="call-status">Chiuso</td>' in html


def test_the_list_filters_by_ats(client):
    milano = make_call(title="Avviso di Milano")
    brescia = make_call(ats_slug="brescia", title="Avviso di Brescia")

    html = client.get(LIST, {"ats": "brescia"}).content.decode()

    assert brescia.title in html
    assert milano.title not in html


@pytest.mark.parametrize("query", [{"ats": "atlantide"}, {"page": "-1"}])
def test_bad_filters_are_reported_and_ignored_never_a_500(client, query):
    call = make_call()

    response = client.get(LIST, query)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert call.title in html
    if "ats" in query:
        assert "Alcuni filtri non sono validi" in html


def test_the_results_fragment_is_served_by_address(client):
    make_call()

    response = client.get(LIST, {"ats": "milano", "partial": "results"})

    html = response.content.decode()
    assert 'id="call-results"' in html
    assert "<html" not in html


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_rows(client):
    # given
    make_call()
    with CaptureQueriesContext(connection) as with_one:
        client.get(LIST)
    officer = make_user(Role.ATS_OFFICER, ats=make_call().ats)
    for _ in range(23):
        make_call(officer=officer)
    public_cache_invalidate()

    # when
    with CaptureQueriesContext(connection) as with_many:
        first = client.get(LIST)
        second = client.get(LIST, {"page": 2})

    # then
    assert "25 avvisi trovati." in first.content.decode()
    assert "pagina 2 di 2" in second.content.decode()
    # the ATS choices, the count and the page's rows (ATS, period joined)
    assert len(with_one) == 3
    assert len(with_many) == 2 * 3


def test_the_pages_are_cached_for_anonymous_visitors(client, django_assert_num_queries):
    call = make_call()
    client.get(LIST)
    client.get(call.get_absolute_url())

    with django_assert_num_queries(0):
        assert client.get(LIST)["X-Public-Cache"] == "hit"
        assert client.get(call.get_absolute_url())["X-Public-Cache"] == "hit"


def test_the_call_page_shows_its_data_rules_criteria_attachments_amendments(client):
    # given
    call = make_call(title="Avviso Milano", act_number="486")
    call.act_document = DocumentFactory.create(title="Testo dell'avviso")
    call.save(update_fields=["act_document"])
    CallAmendment.objects.create(
        call=call,
        number=1,
        reason="Proroga della scadenza per le festività.",
        changes={"closes_at": ["a", "b"]},
        amended_by=call.created_by,
        amended_at=timezone.now(),
    )

    # when
    response = client.get(call.get_absolute_url())

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert call.guidance is not None
    for text in (
        "Avviso Milano",
        "n. 486 del",
        reverse("documents:document-download", args=[call.act_document_id]),
        call.guidance.get_absolute_url(),
        "€ 337.126,00",
        "€ 269.700,80",  # projects, 80%
        "€ 67.425,20",  # system action, 20%
        "(80%)",
        "(20%)",
        "1. Servizi di assistenza e supporto al caregiver familiare",
        "Possono essere capofila: Soggetti pubblici",
        "Il partenariato conta almeno 4 enti, capofila compreso.",
        "Almeno 1 è un ente pubblico.",
        "Almeno 2 sono micro o piccole imprese.",
        "Possono partecipare anche enti che non aderiscono alla Rete",
        "almeno il 30% del costo totale del progetto",
        "non supera € 50.000,00",
        "Le attività del progetto si concludono entro il",
        "Coerenza con il Documento Territoriale di Indirizzo",
        "Punteggio minimo per il finanziamento: 60 su 100.",
        "Accordo di partenariato sottoscritto",
        "Rettifica n. 1 del",
        "Proroga della scadenza per le festività.",
    ):
        assert text in html, text


def test_the_apply_button_shows_while_the_call_is_open(client):
    call = make_call()

    html = client.get(call.get_absolute_url()).content.decode()

    assert f'href="/area-riservata/domande/nuova/?call={call.pk}"' in html
    assert "Presenta una domanda" in html


def test_no_apply_button_once_closed(client):
    call = make_call()
    call.opens_at = timezone.now() - timedelta(days=10)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save(update_fields=["opens_at", "closes_at"])

    html = client.get(call.get_absolute_url()).content.decode()

    assert "Presenta una domanda" not in html
    assert "Chiuso" in html


def test_a_draft_call_is_404(client):
    call = make_call(published=False)
    assert client.get(call.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_guidance_page_shows_sections_act_and_calls(client):
    # given
    guidance = make_guidance()
    guidance.priority_actions = "Servizi per i caregiver familiari."
    guidance.act_document = DocumentFactory.create(title="Decreto 103")
    guidance.save()
    call = make_call(title="Avviso che attua il DTI")
    draft = make_call(published=False, title="Avviso non pubblicato")

    # when
    response = client.get(guidance.get_absolute_url())

    # then
    html = response.content.decode()
    assert guidance.get_absolute_url() == "/avvisi/indirizzi/milano/2020-2023/"
    assert response.status_code == HTTPStatus.OK
    for text in (
        guidance.title,
        "Contesto e analisi dei bisogni",
        "Analisi dei bisogni di conciliazione del territorio.",
        "Strategie",
        "Azioni prioritarie",
        "Servizi per i caregiver familiari.",
        "Risorse",
        "Integrazione con altre reti (WHP e altre)",
        "Politiche temporali",
        "Adottato con atto n. 103 del 28/02/2020.",
        reverse("documents:document-download", args=[guidance.act_document_id]),
        call.get_absolute_url(),
    ):
        assert text in html, text
    assert draft.title not in html


def test_a_guidance_in_draft_is_404(client):
    guidance = make_guidance(ats_slug="pavia", adopted=False)
    assert guidance.act_date is None
    response = client.get(guidance.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
