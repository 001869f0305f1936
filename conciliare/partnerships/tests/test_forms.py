from decimal import Decimal

import pytest

from conciliare.partnerships.forms import EuroField


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.500,50", Decimal("1500.50")),
        ("1500,5", Decimal("1500.5")),
        ("1.500", Decimal("1500")),
        ("1.234.567", Decimal("1234567")),
        ("1500.50", Decimal("1500.50")),
        (" 2 000 € ", Decimal("2000")),
        ("", None),
    ],
)
def test_amounts_as_italians_type_them(typed, amount):
    field = EuroField(required=False, max_digits=12, decimal_places=2)

    assert field.clean(typed) == amount
