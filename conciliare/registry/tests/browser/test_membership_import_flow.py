"""An ATS officer imports the network's existing members from a spreadsheet:
a file with bad rows is reported, the corrected one is imported."""

import pytest
from playwright.sync_api import expect

from conciliare.registry.membership_import_services import membership_import_check
from conciliare.registry.models import (
    Membership,
    MembershipImport,
    MembershipImportStatus,
    MembershipStatus,
)
from conciliare.registry.tests.factories import NetworkFactory
from conciliare.registry.tests.membership_import_files import (
    csv_bytes,
    member_row,
    xlsx_bytes,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _choose_file(page, name, data):
    mime = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    page.locator("#id_file").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def test_an_officer_corrects_a_file_and_imports_the_members(
    page, phone_page, live_server, axe_check, make_actor, browser_session
):
    # given
    network = NetworkFactory.create()
    officer = make_actor("ats_officer")
    browser_session(page, officer)
    rows = [
        member_row(1, denominazione="Comune di Rho", tipologia="public_body"),
        member_row(2, denominazione="Cooperativa Il Faro", comune="Atlantide"),
        member_row(3, denominazione="Officine Brambilla", membro_dal="31/02/2020"),
    ]

    # from the member registry to the import page
    page.goto(f"/enti/reti/{network.pk}/aderenti/")
    page.get_by_role("link", name="Importa aderenti").click()
    page.wait_for_url(f"**/enti/reti/{network.pk}/importazioni/")
    expect(page.get_by_role("link", name="Scarica il modello (CSV)")).to_be_visible()
    axe_check(page)

    # a PDF is refused next to the field
    _choose_file(page, "elenco.pdf", b"%PDF-1.7\n")
    page.get_by_role("button", name="Carica e verifica").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#id_file_error")).to_contain_text("Formato non ammesso")
    axe_check(page)

    # the file with two bad rows: the report names them, nothing is saved
    _choose_file(page, "aderenti.csv", csv_bytes(rows))
    page.get_by_role("button", name="Carica e verifica").click()
    page.wait_for_url("**/enti/importazioni/*/")
    report = page.locator("#import-report")
    expect(report).to_contain_text("Comune «Atlantide» non trovato")
    expect(report).to_contain_text("Data «31/02/2020» non valida")
    expect(report.locator("tbody tr")).to_have_count(2)
    expect(page.locator("#import-outcome")).to_contain_text("errori in 2 righe su 3")
    expect(page.locator("#import-confirm")).to_have_count(0)
    assert not Membership.objects.exists()
    axe_check(page)

    # the same report on a phone
    browser_session(phone_page, officer)
    phone_page.goto(page.url)
    expect(phone_page.locator("#import-report")).to_contain_text("Atlantide")
    axe_check(phone_page)

    # the corrected file (as XLSX) is checked without errors and confirmed
    page.get_by_role("link", name="Carica il file corretto").click()
    rows[1]["comune"] = "Legnano"
    rows[2]["membro_dal"] = "28/02/2020"
    _choose_file(page, "aderenti-corretto.xlsx", xlsx_bytes(rows))
    page.get_by_role("button", name="Carica e verifica").click()
    page.wait_for_url("**/enti/importazioni/*/")
    confirm = page.get_by_role("button", name="Importa 3 aderenti")
    expect(confirm).to_be_visible()
    axe_check(page)
    confirm.click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#import-status")).to_have_text("Importato")
    expect(page.locator("#import-outcome")).to_contain_text(
        "3 aderenti importati nella rete"
    )
    axe_check(page)

    # the members are in the registry
    page.get_by_role("link", name="Vai al registro degli aderenti").click()
    table = page.locator("#membership-registry-table")
    for name in ("Comune di Rho", "Cooperativa Il Faro", "Officine Brambilla"):
        expect(table).to_contain_text(name)
    assert (
        Membership.objects.filter(
            network=network, status=MembershipStatus.ACTIVE
        ).count()
        == 3
    )
    axe_check(page)


def test_the_page_follows_the_worker_while_it_checks(
    page, live_server, axe_check, make_actor, browser_session, settings
):
    # given a worker that has not run yet (tasks are only stored)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    network = NetworkFactory.create()
    browser_session(page, make_actor("ats_officer"))
    page.goto(f"/enti/reti/{network.pk}/importazioni/")
    _choose_file(
        page,
        "aderenti.csv",
        csv_bytes([member_row(1, cap="20121"), member_row(2, cap="2012A")]),
    )
    page.get_by_role("button", name="Carica e verifica").click()
    page.wait_for_url("**/enti/importazioni/*/")
    expect(page.locator("#import-status")).to_have_text("Caricato")
    expect(page.locator("#import-progress")).to_be_visible()
    axe_check(page)

    # when the worker checks the file
    job = MembershipImport.objects.get()
    membership_import_check(import_id=job.pk)
    assert MembershipImport.objects.get().status == MembershipImportStatus.CHECKED

    # then the page shows the outcome without being reloaded, and stops polling
    expect(page.locator("#import-status")).to_have_text("Verificato")
    expect(page.locator("#import-report")).to_contain_text("deve avere 5 cifre")
    expect(page.locator("#import-progress")).to_have_count(0)
    expect(page.locator("#import-state")).not_to_have_attribute(
        "hx-trigger", "every 1s"
    )
    axe_check(page)
