"""An ATS officer filters the member registry and excludes a member."""

import pytest
from playwright.sync_api import expect

from conciliare.registry.models import MembershipStatus, Typology
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_filters_the_registry_and_excludes_a_member(
    page, live_server, axe_check, make_actor, browser_session
):
    # given
    network = NetworkFactory.create()
    make_membership(
        network=network,
        status=MembershipStatus.ACTIVE,
        organisation=OrganisationFactory.create(
            legal_name="Comune di Rho", typology=Typology.PUBLIC_BODY
        ),
    )
    make_membership(
        network=network,
        status=MembershipStatus.ACTIVE,
        organisation=OrganisationFactory.create(legal_name="Cooperativa Il Faro"),
    )
    browser_session(page, make_actor("ats_officer"))

    # the registry, filtered by typology (htmx swaps the results)
    page.goto(f"/enti/reti/{network.pk}/aderenti/")
    axe_check(page)
    results = page.locator("#results")
    expect(results).to_contain_text("Cooperativa Il Faro")
    page.locator("#id_typology").select_option(Typology.PUBLIC_BODY.value)
    expect(results).not_to_contain_text("Cooperativa Il Faro")
    expect(results).to_contain_text("Comune di Rho")
    axe_check(page)

    # the member's page
    page.get_by_role("link", name="Comune di Rho").click()
    page.wait_for_url("**/enti/adesioni/*/")
    axe_check(page)

    # excluding without a reason shows the error next to the field
    page.get_by_role("button", name="Escludi dalla rete").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#id_reason_error")).to_contain_text("Indicare la motivazione")
    axe_check(page)

    # with a reason the member is excluded
    page.locator("#id_reason").fill("Nessuna attività da due anni")
    page.get_by_role("button", name="Escludi dalla rete").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#membership-status")).to_have_text("Esclusa")
    axe_check(page)
