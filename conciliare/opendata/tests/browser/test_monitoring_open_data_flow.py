"""A visitor downloads the payments from the open data and reads, on
/numeri/, the table of reports on time and late; then on a phone."""

import codecs
import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conciliare.dashboards.tests.monitoring_rows import pay, recover, report
from conciliare.monitoring.models import ReportStatus
from conciliare.monitoring.tests.factories import signed_project
from conciliare.opendata.datasets import pagamenti

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_downloads_the_payments_and_reads_the_reports_on_time(
    page, phone_page, axe_check
):
    funded = signed_project()
    project = funded.project
    today = timezone.localdate()
    pay(project, "22500.00", paid_on=today - timedelta(days=20), act_number="LIQ-7")
    recover(project, "100.50")
    report(
        project,
        due_on=today - timedelta(days=10),
        submitted_on=today - timedelta(days=11),
    )
    report(
        project,
        status=ReportStatus.SUBMITTED,
        due_on=today - timedelta(days=30),
        submitted_on=today - timedelta(days=2),
    )
    milano = project.ats.short_name

    # the catalogue lists the payments; the visitor downloads the CSV
    page.goto("/dati-aperti/")
    section = page.locator("#dataset-pagamenti")
    expect(section.get_by_role("heading", level=2)).to_have_text(
        "Pagamenti, revoche e recuperi dei progetti"
    )
    axe_check(page)
    with page.expect_download() as info:
        section.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "conciliare-pagamenti.csv"
    body = Path(download.path()).read_bytes()
    assert body.startswith(codecs.BOM_UTF8)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert lines[0] == pagamenti.DATASET.column_names
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert [
        (r["COD_LOCALE_PROGETTO"], r["TIPO_PAGAMENTO"], r["IMPORTO_PAGAMENTO"])
        for r in rows
    ] == [(project.code, "anticipo", "22500.00"), (project.code, "recupero", "-100.50")]
    assert rows[0]["NUMERO_ATTO"] == "LIQ-7"

    # the figures: the reports on time and late, with their chart
    page.goto("/numeri/")
    expect(
        page.get_by_role(
            "img", name="Relazioni in tempo e in ritardo per ATS, periodo 2020-2023"
        )
    ).to_be_visible()
    row = page.locator("#tabella-relazioni tbody tr", has_text=milano)
    expect(row.locator("td")).to_have_text(["1", "1", "0"])
    expect(page.locator("#tabella-spesa tbody tr", has_text=milano)).to_contain_text(
        "€ 22.500,00"
    )
    axe_check(page)

    # on a phone
    phone_page.goto("/numeri/")
    phone_row = phone_page.locator("#tabella-relazioni tbody tr", has_text=milano)
    expect(phone_row.locator("td")).to_have_text(["1", "1", "0"])
    axe_check(phone_page)
    phone_page.goto("/dati-aperti/pagamenti/")
    expect(phone_page.locator("#dictionary-table")).to_contain_text("IMPORTO_PAGAMENTO")
    axe_check(phone_page)
