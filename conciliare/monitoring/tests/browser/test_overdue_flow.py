"""An officer of ATS Milano goes from the monitoring list to the overdue
reports, finds the project whose interim report is twelve days late and
opens it; the Region's officer reads the same list on a phone, filtered by
ATS."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conciliare.monitoring.project_services import project_start
from conciliare.monitoring.tests.factories import regional_officer, signed_project
from conciliare.plans.models import AgreementDeadline, DeadlineKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_finds_and_opens_a_late_report(
    page, phone_page, axe_check, browser_session
):
    # given a project in progress whose interim report was due 12 days ago
    funded = signed_project()
    project = project_start(
        actor=funded.lead_rep,
        project=funded.project,
        started_on=timezone.localdate() - timedelta(days=1),
    )
    deadline = AgreementDeadline.objects.get(
        agreement=funded.agreement, kind=DeadlineKind.INTERIM_REPORT
    )
    AgreementDeadline.objects.filter(pk=deadline.pk).update(
        due_on=timezone.localdate() - timedelta(days=12)
    )
    browser_session(page, funded.officer)

    # the officer follows the link from the monitoring list
    page.goto("/area-riservata/progetti/")
    page.locator("#overdue-link").click()
    page.wait_for_url("**/progetti/scadenze/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Relazioni in ritardo")
    row = page.locator(f"#overdue-{deadline.pk}")
    expect(row).to_contain_text(project.code)
    expect(row).to_contain_text("Non avviata")
    expect(row.locator(".days-late")).to_have_text("12")
    axe_check(page)

    # and opens the project to chase it
    row.get_by_role("link").click()
    page.wait_for_url(f"**/progetti/{project.code}/")
    expect(page.locator(f"#deadline-{deadline.pk}")).to_contain_text("in ritardo")
    axe_check(page)

    # the Region reads the list on a phone, filtered by ATS
    browser_session(phone_page, regional_officer())
    phone_page.goto("/area-riservata/progetti/scadenze/")
    expect(phone_page.locator(f"#overdue-{deadline.pk}")).to_contain_text(project.code)
    axe_check(phone_page)
    phone_page.locator("#overdue-filter select").select_option(
        label="ATS della Brianza"
    )
    phone_page.locator("#overdue-filter button[type=submit]").click()
    expect(phone_page.locator("#overdue-empty")).to_be_visible()
    axe_check(phone_page)
