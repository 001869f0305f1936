"""An officer of ATS Milano publishes a new version of the network's
Regolamento; visitors see the version in force and the earlier one."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conciliare.documents.tests.factories import upload
from conciliare.documents.tests.samples import pdf_bytes
from conciliare.registry.network_regulation_services import (
    network_regulation_publish,
)
from conciliare.registry.tests.factories import NetworkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_publishes_a_new_version_of_the_regulation(
    page, live_server, axe_check, make_actor, browser_session, tmp_path
):
    # given a network whose Regolamento is in force since 1 March 2025
    network = NetworkFactory.create()
    officer = make_actor("ats_officer")
    network_regulation_publish(
        actor=officer,
        network=network,
        data={
            "title": "Regolamento 2025",
            "valid_from": date(2025, 3, 1),
            "act_number": "",
            "act_date": None,
        },
        file=upload("regolamento-2025.pdf"),
    )
    revised = tmp_path / "regolamento-2026.pdf"
    revised.write_bytes(pdf_bytes("Regolamento 2026"))
    browser_session(page, officer)

    # the officer opens the publishing page from the network page
    page.goto("/reti/milano/2025-2027/")
    page.get_by_role("link", name="Pubblica il Regolamento").click()
    expect(page).to_have_url(re.compile(r"/regolamento/$"))
    axe_check(page)

    # a start date before the version in force is refused beside the field
    page.get_by_label("Titolo").fill("Regolamento 2026")
    page.get_by_label("File del Regolamento (PDF)").set_input_files(revised)
    page.get_by_label("In vigore dal").fill("2025-01-01")
    page.get_by_role("button", name="Pubblica").click()
    expect(page.locator("#id_valid_from_error")).to_contain_text("dopo quella attuale")
    expect(page.get_by_label("Titolo")).to_have_value("Regolamento 2026")
    axe_check(page)

    # with a later date it is published
    page.get_by_label("File del Regolamento (PDF)").set_input_files(revised)
    page.get_by_label("In vigore dal").fill("2026-01-01")
    page.get_by_label("Numero dell'atto di approvazione").fill("Decreto 7")
    page.get_by_role("button", name="Pubblica").click()
    expect(page).to_have_url(re.compile(r"/reti/milano/2025-2027/$"))

    # a visitor sees the version in force and the earlier one
    page.context.clear_cookies()
    page.goto("/reti/milano/2025-2027/")
    expect(page.locator("#regulation-in-force")).to_contain_text("Regolamento 2026")
    expect(page.locator("#regulation-in-force")).to_contain_text("Decreto 7")
    earlier = page.locator("#regulation-versions")
    expect(earlier).to_contain_text("Regolamento 2025")
    expect(earlier).to_contain_text("31/12/2025")
    axe_check(page)
    with page.expect_download() as download_info:
        page.locator("#regulation-link").click()
    assert download_info.value.path().read_bytes() == revised.read_bytes()
