"""The allocation of the budget down the ranking, over random rankings and
budgets (hypothesis), and the cases the officers read in the rules."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from conciliare.reviews.allocation import allocate

CENT = Decimal("0.01")

amounts = st.decimals(
    min_value=Decimal("0.00"),
    max_value=Decimal("100000.00"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
caps_lists = st.lists(amounts, max_size=40)


@given(budget=amounts, caps=caps_lists, allow_partial=st.booleans())
def test_awards_never_exceed_the_budget_nor_any_cap(budget, caps, allow_partial):
    awards = allocate(budget=budget, caps=caps, allow_partial=allow_partial)
    assert len(awards) == len(caps)
    assert sum(awards, Decimal(0)) <= budget
    for award, cap in zip(awards, caps, strict=True):
        assert Decimal(0) <= award <= cap
        assert award == award.quantize(CENT)
        assert award.as_tuple().exponent == -2


@given(budget=amounts, caps=caps_lists, allow_partial=st.booleans())
def test_no_later_entry_is_funded_while_an_earlier_one_is_short(
    budget, caps, allow_partial
):
    awards = allocate(budget=budget, caps=caps, allow_partial=allow_partial)
    short = [i for i, (a, c) in enumerate(zip(awards, caps, strict=True)) if a < c]
    if short:
        first = short[0]
        assert all(award == 0 for award in awards[first + 1 :])
        if not allow_partial:
            assert awards[first] == 0


@given(budget=amounts, caps=caps_lists)
def test_with_partial_funding_the_budget_is_spent_or_everyone_is_funded(budget, caps):
    awards = allocate(budget=budget, caps=caps, allow_partial=True)
    everyone = all(a == c for a, c in zip(awards, caps, strict=True))
    assert everyone or sum(awards, Decimal(0)) == budget


@given(budget=amounts, caps=caps_lists)
def test_without_partial_funding_awards_are_all_or_nothing(budget, caps):
    awards = allocate(budget=budget, caps=caps, allow_partial=False)
    assert all(a in (Decimal(0), c) for a, c in zip(awards, caps, strict=True))


@given(
    budget=amounts,
    caps=st.lists(amounts, min_size=1, max_size=30),
    allow_partial=st.booleans(),
    data=st.data(),
)
def test_freeing_funds_never_lowers_an_award_above_or_below(
    budget, caps, allow_partial, data
):
    """A scorrimento: one funded entry gets a lower cap (zero for a
    renunciation); every other entry keeps or raises its award."""
    before = allocate(budget=budget, caps=caps, allow_partial=allow_partial)
    index = data.draw(st.integers(min_value=0, max_value=len(caps) - 1))
    new_cap = data.draw(
        st.decimals(min_value=Decimal(0), max_value=before[index], places=2)
    )
    lowered = [*caps[:index], new_cap, *caps[index + 1 :]]
    after = allocate(budget=budget, caps=lowered, allow_partial=allow_partial)
    for position, (old, new) in enumerate(zip(before, after, strict=True)):
        if position != index:
            assert new >= old
    assert after[:index] == before[:index]


def test_the_last_fundable_entry_receives_the_remainder():
    awards = allocate(
        budget=Decimal("100000.00"),
        caps=[Decimal("40000"), Decimal("50000"), Decimal("30000"), Decimal("5000")],
        allow_partial=True,
    )
    assert awards == [
        Decimal("40000.00"),
        Decimal("50000.00"),
        Decimal("10000.00"),
        Decimal("0.00"),
    ]


def test_without_partial_funding_a_smaller_entry_further_down_is_not_reached():
    awards = allocate(
        budget=Decimal("100000.00"),
        caps=[Decimal("40000"), Decimal("50000"), Decimal("30000"), Decimal("5000")],
        allow_partial=False,
    )
    assert awards == [
        Decimal("40000.00"),
        Decimal("50000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]
