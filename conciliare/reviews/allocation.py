"""The allocation of a call's projects budget down its ranking: a pure
function, exact to the cent, shared by the computation of the ranking and by
every scorrimento."""

from collections.abc import Sequence
from decimal import Decimal

from conciliare.core.money import CENT


def allocate(
    *, budget: Decimal, caps: Sequence[Decimal], allow_partial: bool
) -> list[Decimal]:
    """The award of each fundable entry, given in ranking order by its cap
    (the grant requested, or the amount it was reduced to).

    The rule (the default of every call, strict ranking order):

    - going down the ranking, an entry whose cap fits in what is left of the
      budget is funded in full;
    - at the first entry that does not fit, the allocation stops. With
      ``allow_partial`` that entry receives the remainder (when there is
      one) and is funded in part; without it, it receives nothing;
    - no entry after it is funded, even one small enough to fit in the
      remainder: funds never skip an entry to reach a smaller one further
      down the ranking.

    Awards are in cents and never sum above ``budget``. Running it again
    with smaller caps (a renunciation is a cap of zero, a reduction a lower
    cap) never lowers the award of an entry above the one that changed: the
    freed funds go down the ranking, topping up the partly funded entry first.
    """
    if budget < 0:
        raise ValueError("the budget cannot be negative")
    remaining = budget.quantize(CENT)
    awards: list[Decimal] = []
    stopped = False
    for raw in caps:
        cap = raw.quantize(CENT)
        if cap < 0:
            raise ValueError("a cap cannot be negative")
        if stopped:
            awards.append(Decimal("0.00"))
        elif cap <= remaining:
            awards.append(cap)
            remaining -= cap
        else:
            awards.append(remaining if allow_partial else Decimal("0.00"))
            remaining = Decimal("0.00") if allow_partial else remaining
            stopped = True
    return awards
