"""A visitor explores ATS Milano's network: list, page, statistics, directory."""

import pytest

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


def test_a_visitor_explores_a_network(page, axe_check):
    # given
    network = NetworkFactory.create()
    for name, typology in [
        ("Cooperativa Il Girasole", Typology.PRIVATE_NONPROFIT),
        ("CGIL Milano", Typology.TRADE_UNION),
    ]:
        make_membership(
            network=network,
            organisation=OrganisationFactory.create(legal_name=name, typology=typology),
            status=MembershipStatus.ACTIVE,
            directory_consent=True,
        )

    # the list of networks
    page.goto("/reti/")
    axe_check(page)
    page.get_by_role("link", name=network.ats.name).click()
    page.wait_for_url("**/reti/milano/2025-2027/")

    # the network page
    assert page.get_by_role("link", name="Chiedi di aderire alla rete").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Statistiche degli aderenti").click()
    page.wait_for_url("**/statistiche/")

    # the statistics
    assert "2 aderenti" in page.locator("#members-total").inner_text()
    axe_check(page)
    page.go_back()
    page.get_by_role("link", name="Elenco degli enti aderenti").click()
    page.wait_for_url("**/enti/")

    # the directory
    table = page.locator("#directory-table")
    assert "Cooperativa Il Girasole" in table.inner_text()
    axe_check(page)
    page.get_by_label("Denominazione").fill("cgil")
    page.get_by_role("button", name="Cerca").click()
    page.wait_for_url("**/enti/?q=cgil")
    assert (
        "Cooperativa Il Girasole" not in page.locator("#directory-table").inner_text()
    )
    axe_check(page)
