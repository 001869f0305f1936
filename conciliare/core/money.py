"""Amounts and shares as people read them in the active language
(``€ 150.000,00`` in Italian, ``€ 150,000.00`` in English)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format, number_format

CENT = Decimal("0.01")


def cents(amount: Decimal | None) -> Decimal:
    """A sum from the database to the cent (SQLite drops the trailing
    zeros of decimals; None, the sum of no rows, is zero)."""
    return (amount or Decimal(0)).quantize(CENT)


def euro(amount: Decimal) -> str:
    """``€ 150.000,00`` (one amount; a table uses one ``AmountFormatter``)."""
    return "€ " + AmountFormatter().amount(amount)


def percent(share: Decimal) -> str:
    """``share`` (a percentage, 30 = 30%) to two decimals."""
    rounded = share.quantize(CENT, ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=2) + "%"


def share_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` (exact; 0 when ``whole`` is 0)."""
    if not whole:
        return Decimal(0)
    return part * 100 / whole


class AmountFormatter:
    """Formats many amounts in the active language at the cost of Python's
    own formatting (the separators are looked up once): for long tables,
    where a ``floatformat`` filter per cell is most of the page's time.
    Same text as ``floatformat:"2g"`` (``150.000,00`` / ``150,000.00``)."""

    def __init__(self) -> None:
        self.thousands = str(get_format("THOUSAND_SEPARATOR"))
        self.decimal = str(get_format("DECIMAL_SEPARATOR"))
        self._table: dict[int, str] = {ord(","): self.thousands, ord("."): self.decimal}

    def amount(self, value: Decimal) -> str:
        text = f"{value.quantize(CENT, ROUND_HALF_UP):,.2f}"
        return text.translate(self._table)
