import pytest

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
