"""A visitor finds the figures of the Reti from the footer, reads a chart's
table and downloads it as CSV (also on a phone); a regional officer opens
the reserved dashboard."""

import codecs
import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.dashboards.tests.helpers import plan_of
from conciliare.territory.models import ATS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _download_rows(page, name):
    with page.expect_download() as info:
        page.locator(f"#pannello-{name}").get_by_role(
            "link", name="Scarica CSV"
        ).click()
    download = info.value
    body = Path(download.path()).read_bytes()
    assert body.startswith(codecs.BOM_UTF8)
    return download, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_visitor_reads_and_downloads_the_figures_and_an_officer_the_reserved_ones(
    page, phone_page, axe_check, browser_session
):
    plan_of("milano", grants=["50000.00", "33333.33"], action="12345.67")
    milano = ATS.objects.get(slug="milano").short_name

    page.goto("/")
    page.locator("#footer").get_by_role("link", name="I numeri delle Reti").click()
    page.wait_for_url("**/numeri/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "I numeri delle Reti di conciliazione"
    )
    axe_check(page)
    expect(
        page.get_by_role("img", name="Risorse per ATS, periodo 2020-2023")
    ).to_be_visible()
    row = page.locator("#tabella-ats tbody tr", has_text=milano)
    expect(row).to_contain_text("€ 95.679,00")
    expect(page.locator("#tabella-storico")).to_contain_text("[S21]")

    download, rows = _download_rows(page, "ats")
    assert download.suggested_filename == "conciliare-ats-2020-2023.csv"
    assert {r[0]: r for r in rows if r}[milano][2] == "95679.00"

    # on a phone
    phone_page.goto("/numeri/")
    expect(phone_page.locator("#tabella-beneficiari")).to_contain_text(milano)
    axe_check(phone_page)
    _download, rows = _download_rows(phone_page, "beneficiari")
    assert {r[0]: r for r in rows if r}[milano][1] == "240"

    # the regional officer's reserved dashboard
    browser_session(page, make_user(Role.REGIONAL_OFFICER))
    page.goto("/area-riservata/cruscotto/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cruscotto")
    expect(page.locator("#tabella-ats tbody tr")).to_have_count(8)
    axe_check(page)
