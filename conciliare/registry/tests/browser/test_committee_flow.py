"""An ATS officer seats a committee member, convenes the committee and
records the meeting."""

import pytest

from conciliare.accounts.tests.factories import make_user
from conciliare.documents.tests.samples import pdf_bytes
from conciliare.registry.models import CommitteeMeeting, MembershipStatus
from conciliare.registry.tests.factories import NetworkFactory, make_membership

PDF = pdf_bytes()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_officer_runs_the_committee(page, axe_check, make_actor, browser_session):
    # given
    network = NetworkFactory.create()
    organisation = make_membership(
        network=network, status=MembershipStatus.ACTIVE
    ).organisation
    person = make_user(full_name="Giulia Verdi")
    browser_session(page, make_actor("ats_officer"))

    # the officer adds a member
    page.goto(f"/comitato/reti/{network.pk}/")
    axe_check(page)
    page.locator("#id_email").fill(person.email)
    page.locator("#id_tax_code").fill(organisation.tax_code)
    page.locator("#id_role").select_option("chair")
    page.locator("#id_starts_on").fill("2026-02-01")
    page.get_by_role("button", name="Aggiungi al comitato").click()
    page.wait_for_load_state("domcontentloaded")
    members = page.locator("#committee-members")
    assert "Giulia Verdi" in members.inner_text()
    assert "Presidente" in members.inner_text()
    axe_check(page)

    # and convenes a meeting
    page.locator("#id_held_on").fill("2026-03-01T10:00")
    page.locator("#id_place").fill("Sede ATS, Corso Italia 52")
    page.locator("#id_agenda").fill("1. Piano territoriale 2025-2027")
    page.get_by_role("button", name="Convoca la riunione").click()
    page.wait_for_url("**/comitato/riunioni/*/")
    axe_check(page)

    # then records attendance and a decision
    page.get_by_label("Giulia Verdi").check(force=True)
    page.locator("#id_decisions").fill("Approvato il piano territoriale")
    page.get_by_role("button", name="Salva la registrazione").click()
    page.wait_for_load_state("domcontentloaded")
    assert (
        "Approvato il piano territoriale"
        in page.locator("#meeting-decisions").inner_text()
    )
    assert "presente" in page.locator("#meeting-attendance").inner_text()
    axe_check(page)
    meeting = CommitteeMeeting.objects.get()
    assert meeting.attendances.get().present

    # and uploads the minutes afterwards
    page.locator("#id_minutes_file").set_input_files(
        files=[{"name": "verbale.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Salva la registrazione").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Verbale del Comitato" in page.locator("#meeting-minutes").inner_text()
    meeting.refresh_from_db()
    assert meeting.minutes is not None

    # when the chair's term ends, the officer records the date
    page.get_by_role("link", name="Comitato").first.click()
    page.get_by_role("link", name="Concludi il mandato di Giulia Verdi").click()
    axe_check(page)
    page.locator("#id_ends_on").fill("2026-01-01")
    page.get_by_role("button", name="Concludi il mandato").click()
    page.wait_for_load_state("domcontentloaded")
    assert "precedere" in page.locator("#id_ends_on_error").inner_text()
    axe_check(page)
    page.locator("#id_ends_on").fill("2026-12-31")
    page.get_by_role("button", name="Concludi il mandato").click()
    page.wait_for_url(f"**/comitato/reti/{network.pk}/")
    assert "Giulia Verdi" not in page.locator("main").inner_text()
