import re

import pytest
from playwright.sync_api import expect

from conciliare.documents.models import Document
from conciliare.documents.tests.samples import pdf_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Modulo di adesione alla Rete territoriale"


def test_an_officer_publishes_a_pdf_and_a_visitor_downloads_it(
    page, live_server, axe_check, make_actor, browser_session, tmp_path
):
    # given an officer of ATS Milano, a fake PDF and a real one
    browser_session(page, make_actor("ats_officer"))
    fake = tmp_path / "fake" / "modulo-adesione.pdf"
    fake.parent.mkdir()
    fake.write_text("Questo è solo testo con l'estensione di un PDF.\n")
    real = tmp_path / "modulo-adesione.pdf"
    real.write_bytes(pdf_bytes("Modulo di adesione"))

    # when the officer fills in the form with the fake file
    page.goto("/documenti/gestione/nuovo/")
    axe_check(page)
    page.get_by_label("Titolo").fill(TITLE)
    page.get_by_label("Tipo").select_option("form")
    page.get_by_label("Data inizio validità").fill("2020-06-01")
    page.locator("label[for=id_is_public]").click()  # Bootstrap Italia's checkbox
    expect(page.get_by_label("Pubblico")).to_be_checked()
    page.locator("#id_file").set_input_files(fake)
    page.get_by_role("button", name="Carica il documento").click()

    # then the refusal stands beside the file field and the title is kept
    expect(page.locator("#id_file_error")).to_contain_text(
        "Il formato del file non è riconosciuto"
    )
    expect(page.get_by_label("Titolo")).to_have_value(TITLE)
    expect(page.get_by_text("selezionarlo di nuovo")).to_be_visible()
    axe_check(page)
    assert not Document.objects.exists()

    # when the officer chooses the real PDF
    page.locator("#id_file").set_input_files(real)
    page.get_by_role("button", name="Carica il documento").click()

    # then the document's page opens
    expect(page).to_have_url(re.compile(r"/documenti/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("document.create")).to_be_visible()
    axe_check(page)

    # when an anonymous visitor opens the public list
    page.context.clear_cookies()
    page.goto("/documenti/")

    # then the document is there, and its file downloads
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("01/06/2020")
    expect(row).to_contain_text("PDF, ")
    axe_check(page)
    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "modulo-adesione.pdf"
    assert download.path().read_bytes() == real.read_bytes()

    # when the visitor filters by another kind (htmx swaps only the results)
    page.evaluate("window.sameDocument = true")
    page.get_by_label("Tipo").select_option("minutes")
    page.get_by_role("button", name="Filtra").click()

    # then
    expect(page.get_by_text("Nessun documento corrisponde ai filtri")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/documenti/\?kind=minutes&"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Documenti")
    assert "partial" not in page.url
    assert page.evaluate("window.sameDocument") is True  # no full reload
    axe_check(page)
