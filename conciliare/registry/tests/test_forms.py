import pytest

from conciliare.registry.forms import (
    ORDERING_LABELS,
    OrganisationFilterForm,
    OrganisationForm,
)
from conciliare.registry.selectors import ORGANISATION_ORDERINGS

pytestmark = pytest.mark.django_db


def test_every_sort_order_offered_is_one_the_selector_accepts():
    assert list(ORDERING_LABELS) == list(ORGANISATION_ORDERINGS)


def test_the_filter_form_ignores_invalid_fields_and_keeps_the_others():
    # given
    form = OrganisationFilterForm(
        {"q": " legnano ", "typology": "bogus", "ats": "milano", "ordering": "x"}
    )

    # when
    filters = form.filters()

    # then
    assert set(form.errors) == {"typology", "ordering"}
    assert filters["search"] == "legnano"
    assert filters["typology"] == ""
    assert filters["ats"].slug == "milano"
    assert filters["ordering"] == "legal_name"


def test_the_organisation_form_normalises_tax_code_and_vat_number():
    form = OrganisationForm(
        {"tax_code": "007 4311 0157", "vat_number": "it 00743110157"}
    )

    form.is_valid()

    assert form.cleaned_data["tax_code"] == "00743110157"
    assert form.cleaned_data["vat_number"] == "00743110157"
    assert "is_synthetic" not in form.fields
