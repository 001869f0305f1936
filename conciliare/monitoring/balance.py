"""The balance (saldo) of a project's grant, computed from the eligible
expenditure: pure arithmetic on Decimals, exact to the cent.

The grant due is the grant awarded, but never more than the share of the
eligible expenditure the grant may cover: when the partners' co-financing
falls below the call's minimum share (``min_cofinancing_share``) of the
eligible cost, the grant is reduced in proportion, so that the partners
still cover that share. Rounded down to the cent, so the grant is never
exceeded. The balance is the grant due less what was already paid; a
negative balance is money to recover.
"""

from dataclasses import asdict, dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from conciliare.core.money import CENT

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class BalanceComputation:
    grant: Decimal
    eligible_expenditure: Decimal
    min_cofinancing_share: Decimal
    #: The most the grant may cover of the eligible expenditure.
    grant_ceiling: Decimal
    grant_due: Decimal
    #: ``grant - grant_due``: what the shortfall of expenditure cost.
    reduction: Decimal
    already_paid: Decimal
    balance: Decimal
    recovery_due: Decimal

    @property
    def is_reduced(self) -> bool:
        return self.reduction > 0

    def as_record(self) -> dict[str, Any]:
        """For ``Payment.computation``: strings, so JSON keeps every cent."""
        return {key: str(value) for key, value in asdict(self).items()}


def balance_compute(
    *,
    grant: Decimal,
    eligible_expenditure: Decimal,
    min_cofinancing_share: Decimal,
    already_paid: Decimal,
) -> BalanceComputation:
    if grant < 0 or eligible_expenditure < 0 or already_paid < 0:
        raise ValueError("amounts must not be negative")
    if not Decimal(0) <= min_cofinancing_share <= _HUNDRED:
        raise ValueError("the co-financing share is a percentage")
    ceiling = (
        eligible_expenditure * (_HUNDRED - min_cofinancing_share) / _HUNDRED
    ).quantize(CENT, ROUND_DOWN)
    grant_due = min(grant, ceiling)
    difference = grant_due - already_paid
    return BalanceComputation(
        grant=grant,
        eligible_expenditure=eligible_expenditure,
        min_cofinancing_share=min_cofinancing_share,
        grant_ceiling=ceiling,
        grant_due=grant_due,
        reduction=grant - grant_due,
        already_paid=already_paid,
        balance=max(difference, Decimal("0.00")),
        recovery_due=max(-difference, Decimal("0.00")),
    )
