"""The balance of a grant (``balance.balance_compute``): exact to the cent,
never above the grant, reduced only when the co-financing falls below the
minimum share; over random amounts (hypothesis) and the cases officers
read in the agreement."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conciliare.monitoring.balance import balance_compute

CENT = Decimal("0.01")

amounts = st.decimals(
    min_value=Decimal("0.00"),
    max_value=Decimal("1000000.00"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
shares = st.decimals(
    min_value=Decimal("0.00"),
    max_value=Decimal("100.00"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(grant=amounts, eligible=amounts, share=shares, paid=amounts)
def test_the_grant_due_never_exceeds_the_grant_and_is_exact_to_the_cent(
    grant, eligible, share, paid
):
    result = balance_compute(
        grant=grant,
        eligible_expenditure=eligible,
        min_cofinancing_share=share,
        already_paid=paid,
    )

    assert Decimal(0) <= result.grant_due <= grant
    for value in (
        result.grant_due,
        result.grant_ceiling,
        result.reduction,
        result.balance,
        result.recovery_due,
    ):
        assert value == value.quantize(CENT)
    assert result.grant_due + result.reduction == grant
    # what is paid and what is given back settle exactly on the grant due
    assert paid + result.balance - result.recovery_due == result.grant_due
    assert min(result.balance, result.recovery_due) == 0


@given(grant=amounts, eligible=amounts, share=shares, paid=amounts)
def test_the_grant_is_reduced_only_when_the_cofinancing_falls_below_the_minimum(
    grant, eligible, share, paid
):
    result = balance_compute(
        grant=grant,
        eligible_expenditure=eligible,
        min_cofinancing_share=share,
        already_paid=paid,
    )

    # the partners' share of the eligible cost if the whole grant were paid
    cofinancing_share = (eligible - grant) * 100 / eligible if eligible else Decimal(-1)
    if result.is_reduced:
        assert cofinancing_share < share
    else:
        assert result.grant_due == grant
    if cofinancing_share >= share:
        assert not result.is_reduced
    if result.is_reduced:
        # the partners then cover at least the minimum share, within a cent
        covered = eligible - result.grant_due
        assert covered * 100 >= share * eligible - CENT * 100


def test_a_full_expenditure_pays_the_rest_of_the_grant():
    result = balance_compute(
        grant=Decimal("45000.00"),
        eligible_expenditure=Decimal("70000.00"),
        min_cofinancing_share=Decimal("30.00"),
        already_paid=Decimal("22500.00"),
    )

    assert result.grant_ceiling == Decimal("49000.00")
    assert result.grant_due == Decimal("45000.00")
    assert not result.is_reduced
    assert result.balance == Decimal("22500.00")
    assert result.recovery_due == Decimal("0.00")


def test_a_shortfall_of_expenditure_reduces_the_grant_rounded_down():
    result = balance_compute(
        grant=Decimal("45000.00"),
        eligible_expenditure=Decimal("50000.01"),
        min_cofinancing_share=Decimal("30.00"),
        already_paid=Decimal("22500.00"),
    )

    assert result.grant_ceiling == Decimal("35000.00")  # 35000.007 rounded down
    assert result.grant_due == Decimal("35000.00")
    assert result.reduction == Decimal("10000.00")
    assert result.balance == Decimal("12500.00")


def test_a_balance_below_the_advance_is_money_to_recover():
    result = balance_compute(
        grant=Decimal("45000.00"),
        eligible_expenditure=Decimal("20000.00"),
        min_cofinancing_share=Decimal("30.00"),
        already_paid=Decimal("22500.00"),
    )

    assert result.grant_due == Decimal("14000.00")
    assert result.balance == Decimal("0.00")
    assert result.recovery_due == Decimal("8500.00")
    assert result.as_record()["recovery_due"] == "8500.00"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("grant", Decimal("-1")),
        ("eligible_expenditure", Decimal("-0.01")),
        ("already_paid", Decimal("-5")),
        ("min_cofinancing_share", Decimal("100.01")),
    ],
)
def test_negative_amounts_and_shares_outside_0_100_are_refused(field, value):
    arguments = {
        "grant": Decimal("1000.00"),
        "eligible_expenditure": Decimal("1000.00"),
        "min_cofinancing_share": Decimal("30"),
        "already_paid": Decimal("0"),
        field: value,
    }
    with pytest.raises(ValueError, match=r"negative|percentage"):
        balance_compute(**arguments)
