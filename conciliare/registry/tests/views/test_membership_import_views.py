"""Pages of the member-list import: upload, job detail with progress and
report, confirmation, downloads, and who may see them."""

from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.accounts.tests.factories import make_user
from conciliare.registry.models import (
    Membership,
    MembershipImport,
    MembershipImportStatus,
    MembershipStatus,
    Organisation,
)
from conciliare.registry.tests.factories import NetworkFactory
from conciliare.registry.tests.membership_import_files import (
    csv_bytes,
    member_row,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def _job(network=None, **fields):
    values = {
        "network": network or NetworkFactory.create(),
        "created_by": make_user(),
        "file": ContentFile(b"x", name="x.csv"),
        "original_filename": "aderenti.csv",
    }
    values.update(fields)
    return MembershipImport.objects.create(**values)


def _report(count):
    return [
        {"row": n + 2, "column": "comune", "message": f"Comune «X{n}» non trovato."}
        for n in range(count)
    ]


def _list_url(network):
    return reverse("registry:membership-import-list", args=[network.pk])


def test_the_upload_page_shows_the_form_the_template_and_past_imports(client, login_as):
    # given
    login_as("ats_officer")
    network = NetworkFactory.create()
    _job(network, original_filename="vecchio-elenco.xlsx")

    # when
    response = client.get(_list_url(network))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("registry:membership-import-template", args=[network.pk]) in html
    assert "vecchio-elenco.xlsx" in html


def test_the_template_has_every_column_and_an_example(client, login_as):
    login_as("ats_officer")
    network = NetworkFactory.create()

    response = client.get(
        reverse("registry:membership-import-template", args=[network.pk])
    )

    assert response.status_code == HTTPStatus.OK
    assert 'filename="modello-aderenti.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("codice_fiscale;denominazione;tipologia;")
    assert len(lines) == 2


def test_an_upload_is_checked_and_its_report_shown(
    client, login_as, django_capture_on_commit_callbacks
):
    # given
    login_as("ats_officer")
    network = NetworkFactory.create()
    data = csv_bytes([member_row(1), member_row(2, tipologia="boh")])

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_list_url(network), {"file": upload("a.csv", data)})

    # then
    job = MembershipImport.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == job.get_absolute_url()
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Verificato" in html
    assert 'id="import-report"' in html
    assert "Tipologia «boh» non riconosciuta" in html
    assert "import-confirm" not in html
    assert 'hx-trigger="every 1s"' not in html
    assert not Membership.objects.exists()


def test_a_clean_upload_is_confirmed_and_imported(
    client, login_as, django_capture_on_commit_callbacks
):
    # given
    login_as("ats_officer")
    network = NetworkFactory.create()
    data = xlsx_bytes([member_row(1), member_row(2)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_list_url(network), {"file": upload("a.xlsx", data)})
    job = MembershipImport.objects.get()
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Importa 2 aderenti" in html

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:membership-import-confirm", args=[job.pk])
        )

    # then
    assert response.status_code == HTTPStatus.FOUND
    job.refresh_from_db()
    assert job.status == MembershipImportStatus.IMPORTED
    assert (
        Membership.objects.filter(
            network=network, status=MembershipStatus.ACTIVE
        ).count()
        == 2
    )
    html = client.get(job.get_absolute_url()).content.decode()
    assert "2 aderenti importati nella rete" in html
    assert "2 nuovi enti registrati" in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("elenco.pdf", b"%PDF-1.7\n...", "Formato non ammesso"),
        ("elenco.csv", b"", "vuoto"),
        (
            "elenco.csv",
            b"codice_fiscale;denominazione\r\n00743110157;Ente\r\n",
            "Mancano le colonne obbligatorie tipologia, dimensione, comune",
        ),
        (
            "elenco.csv",
            b"codice_fiscale;denominazione;tipologia;dimensione;comune;nota\r\n1;2;3;4;5;6\r\n",
            "Colonna non riconosciuta: nota",
        ),
        ("elenco.xlsx", b"PK\x03\x04 not really a workbook", "non è un foglio Excel"),
    ],
)
def test_a_bad_upload_shows_the_error_next_to_the_field_and_saves_nothing(
    client, login_as, name, data, message, django_capture_on_commit_callbacks
):
    # given
    login_as("ats_officer")
    network = NetworkFactory.create()
    organisations_before = Organisation.objects.count()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_list_url(network), {"file": upload(name, data)})

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_file_error"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not MembershipImport.objects.exists()
    assert Organisation.objects.count() == organisations_before


def test_posting_without_a_file_is_a_field_error(client, login_as):
    login_as("ats_officer")
    network = NetworkFactory.create()

    response = client.post(_list_url(network), {})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_file_error"' in response.content.decode()


def test_while_the_worker_runs_the_partial_polls_and_shows_progress(client, login_as):
    # given a check half done
    login_as("ats_officer")
    job = _job(status=MembershipImportStatus.CHECKING, total_rows=300)
    job.processed_rows = 100
    job.save()

    # when htmx polls
    response = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})

    # then only the partial comes back, still polling
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in html
    assert 'id="import-state"' in html
    assert 'hx-trigger="every 1s"' in html
    assert '<progress id="import-progress"' in html
    assert 'value="100"' in html
    assert 'max="300"' in html
    assert "100 di 300 righe" in html


def test_the_save_progress_is_read_from_the_cache(client, login_as):
    from django.core.cache import cache

    from conciliare.registry.membership_import_selectors import (
        membership_import_progress_key,
    )

    login_as("ats_officer")
    job = _job(status=MembershipImportStatus.IMPORTING, total_rows=50)
    cache.set(membership_import_progress_key(job.pk), 40)

    html = client.get(
        job.get_absolute_url(), headers={"HX-Request": "true"}
    ).content.decode()

    assert "40 di 50 righe" in html
    assert "Salvataggio degli aderenti" in html


def test_once_finished_the_partial_stops_polling(client, login_as):
    login_as("ats_officer")
    job = _job(
        status=MembershipImportStatus.IMPORTED,
        total_rows=3,
        memberships_created=3,
    )
    job.processed_rows = 3
    job.save()

    html = client.get(
        job.get_absolute_url(), headers={"HX-Request": "true"}
    ).content.decode()

    assert "hx-trigger" not in html
    assert "3 aderenti importati nella rete" in html


def test_a_failed_job_shows_its_reason(client, login_as):
    login_as("ats_officer")
    job = _job(status=MembershipImportStatus.FAILED, failure="Colonne mancanti.")

    html = client.get(job.get_absolute_url()).content.decode()

    assert "Nessun dato è stato salvato." in html
    assert "Colonne mancanti." in html


def test_a_long_report_is_capped_on_the_page_and_complete_in_the_csv(client, login_as):
    # given
    login_as("ats_officer")
    job = _job(
        status=MembershipImportStatus.CHECKED,
        total_rows=700,
        error_count=600,
        report=_report(600),
    )
    job.processed_rows = 700
    job.save()

    # when
    html = client.get(job.get_absolute_url()).content.decode()
    csv_response = client.get(
        reverse("registry:membership-import-report", args=[job.pk])
    )

    # then
    assert html.count("non trovato.</td>") == 500
    assert "Sono mostrati i primi 500 errori su 600." in html
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Riga;Colonna;Errore"
    assert len(lines) == 601
    assert lines[-1] == "601;comune;Comune «X599» non trovato."


def test_a_report_cut_at_its_limit_says_so(client, login_as, monkeypatch):
    from conciliare.registry import membership_import_services as services

    monkeypatch.setattr(services, "MAX_REPORT_ERRORS", 10)
    login_as("ats_officer")
    job = _job(
        status=MembershipImportStatus.CHECKED, error_count=40, report=_report(10)
    )

    html = client.get(job.get_absolute_url()).content.decode()

    assert "troppi errori per elencarli tutti" in html


def test_the_detail_page_queries_do_not_grow_with_the_report(client, login_as):
    # given two checked jobs, with a short and a long report
    login_as("ats_officer")
    network = NetworkFactory.create()
    short = _job(network, status=MembershipImportStatus.CHECKED, report=_report(3))
    long = _job(network, status=MembershipImportStatus.CHECKED, report=_report(800))
    client.get(short.get_absolute_url())  # warm the session and the caches

    # when
    counts = []
    for job in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(job.get_absolute_url())
        assert response.status_code == HTTPStatus.OK
        counts.append(len(queries.captured_queries))

    # then
    assert counts[0] == counts[1]
    assert counts[1] <= 8


def test_the_import_list_queries_do_not_grow_with_the_imports(client, login_as):
    login_as("ats_officer")
    network = NetworkFactory.create()
    _job(network)
    client.get(_list_url(network))
    with CaptureQueriesContext(connection) as few:
        client.get(_list_url(network))
    for _n in range(10):
        _job(network, created_by=make_user())

    with CaptureQueriesContext(connection) as many:
        client.get(_list_url(network))

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_registry_links_to_the_import_for_its_officers_only(client, login_as):
    network = NetworkFactory.create()
    url = reverse("registry:membership-registry", args=[network.pk])
    import_url = _list_url(network)

    login_as("ats_officer")
    assert import_url in client.get(url).content.decode()

    client.logout()
    login_as("regional_officer")
    assert import_url not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("who", "ats_slug", "page_status", "job_status"),
    [
        ("ats_officer", "brescia", HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND),
        ("committee_member", "milano", HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND),
        ("citizen", "milano", HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND),
        ("regional_officer", "milano", HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND),
    ],
)
def test_others_are_refused_every_import_page(
    client, login_as, who, ats_slug, page_status, job_status
):
    # given a checked import of ATS Milano's network
    network = NetworkFactory.create()
    job = _job(network, status=MembershipImportStatus.CHECKED, total_rows=1)
    login_as(who, ats_slug=ats_slug)

    # when / then
    assert client.get(_list_url(network)).status_code == page_status
    assert (
        client.post(
            _list_url(network), {"file": upload("a.csv", csv_bytes([member_row(1)]))}
        ).status_code
        == page_status
    )
    template_url = reverse("registry:membership-import-template", args=[network.pk])
    assert client.get(template_url).status_code == page_status
    for name in ("membership-import-detail", "membership-import-report"):
        url = reverse(f"registry:{name}", args=[job.pk])
        assert client.get(url).status_code == job_status
    confirm_url = reverse("registry:membership-import-confirm", args=[job.pk])
    assert client.post(confirm_url).status_code == job_status
    job.refresh_from_db()
    assert job.status == MembershipImportStatus.CHECKED
    assert MembershipImport.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    network = NetworkFactory.create()
    job = _job(network)

    for url in (_list_url(network), job.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert "/account/login/" in response["Location"]
