"""A citizen reads the public pages, in Italian and in English, on a computer
and on a phone; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_citizen_reads_the_home_page_and_opens_a_network(page, axe_check):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Conciliazione vita-lavoro in Lombardia"
    )
    axe_check(page)
    page.get_by_role("link", name="ATS Brescia").click()
    assert page.get_by_role("heading", level=1).inner_text() == "ATS di Brescia"
    axe_check(page)


def test_a_citizen_follows_the_money_of_a_period(page, axe_check):
    # given the home page
    page.goto("/")

    # when they open the programming periods from the menu, then 2020-2023
    page.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="Programmazione"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Periodi di programmazione"
    )
    axe_check(page)
    page.get_by_role("link", name="2020-2023").click()

    # then the six areas and the allocation table with its totals
    expect(page.get_by_role("heading", level=1)).to_have_text("2020-2023")
    expect(
        page.get_by_text("Servizi di assistenza e supporto al caregiver familiare")
    ).to_be_visible()
    total = page.locator("#allocation-table tfoot td").last
    expect(total).to_have_text("2.798.200,00")
    axe_check(page)


def test_the_same_pages_in_english(page, axe_check):
    # given the Italian page of a period
    page.goto("/territorio/periodi/2020-2023/")

    # when the visitor switches language
    page.get_by_role("link", name="English").click()

    # then the same page is in English, at its own address
    expect(page).to_have_url(
        f"{page.url.split('/en/')[0]}/en/territorio/periodi/2020-2023/"
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#allocation-table tfoot td").last).to_have_text("2,798,200.00")
    axe_check(page)
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    axe_check(page)
    page.get_by_role("link", name="Italiano").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")


def test_on_a_phone_the_menu_opens_and_leads_to_the_networks(phone_page, axe_check):
    # given the home page on a phone
    phone_page.goto("/")
    axe_check(phone_page)

    # when the visitor opens the menu
    phone_page.get_by_role("button", name="Mostra o nascondi la navigazione").click()
    link = phone_page.get_by_role("link", name="Le reti delle ATS")
    expect(link).to_be_visible()
    link.click()

    # then the list of the 8 ATS fits the screen
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Le reti delle ATS")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    axe_check(phone_page)
