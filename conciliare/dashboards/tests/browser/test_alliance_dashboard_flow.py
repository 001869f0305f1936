"""A lead body's representative opens the dashboard of the alliance from the
list, reads the figures of its project and downloads a table; an ATS
officer does the same on a phone."""

import codecs
import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conciliare.dashboards.tests.monitoring_rows import pay, report
from conciliare.monitoring.tests.factories import signed_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_lead_and_an_officer_read_an_alliance_dashboard(
    page, phone_page, axe_check, browser_session
):
    funded = signed_project()
    alliance = funded.team.alliance
    code = funded.project.code
    pay(funded.project, "22500.00")
    report(funded.project, reach={("firms", None): (3, None, None)})

    browser_session(page, funded.lead_rep)
    page.goto("/area-riservata/cruscotto/alleanze/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cruscotti delle alleanze"
    )
    axe_check(page)
    page.get_by_role("link", name=alliance.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(alliance.name)
    row = page.locator("#tabella-progetti tbody tr", has_text=code)
    expect(row).to_contain_text("€ 22.500,00")
    # reserved: the small count is shown
    expect(page.locator("#tabella-raggiunti tbody tr", has_text=code)).to_contain_text(
        "3"
    )
    axe_check(page)
    with page.expect_download() as info:
        page.locator("#pannello-progetti").get_by_role(
            "link", name="Scarica CSV"
        ).click()
    body = Path(info.value.path()).read_bytes()
    assert body.startswith(codecs.BOM_UTF8)
    rows = {r[0]: r for r in csv.reader(io.StringIO(body.decode("utf-8-sig"))) if r}
    assert rows[code][6] == "22500.00"  # paid

    browser_session(phone_page, funded.officer)
    phone_page.goto(f"/area-riservata/cruscotto/alleanze/{alliance.pk}/")
    expect(phone_page.locator("#tabella-relazioni")).to_contain_text(code)
    axe_check(phone_page)
