"""The order of the ranking: the committee's total score, then the call's
tie-breaks in their order, then the order of registration as a last resort.
A pure function over plain data, with the note of what decided each tie."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Contender:
    """One admissible application with a recorded score, as the order reads it."""

    key: int
    total: Decimal
    submitted_at: datetime
    grant: Decimal
    cofinancing_share: Decimal
    #: criterion position -> the committee's points on it
    criteria: dict[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Placed:
    contender: Contender
    position: int
    tie_break_note: str


def tie_breaker_label(
    tie_breaker: str, criterion_names: dict[int, str] | None = None
) -> str:
    """A tie-break in words (``criterion:1`` -> "il punteggio più alto sul
    criterio 1 (Qualità del progetto)")."""
    kind, _sep, argument = tie_breaker.partition(":")
    if kind == "criterion":
        name = (
            (criterion_names or {}).get(int(argument)) if argument.isdigit() else None
        )
        if name:
            return _("il punteggio più alto sul criterio %(position)s (%(name)s)") % {
                "position": argument,
                "name": name,
            }
        return _("il punteggio più alto sul criterio %(position)s") % {
            "position": argument
        }
    labels = {
        "submitted_at": _("l'invio più rapido della domanda"),
        "lower_grant": _("il contributo richiesto più basso"),
        "higher_cofinancing": _("la quota di cofinanziamento più alta"),
        "pk": _("l'ordine di registrazione delle domande (ultimo criterio)"),
    }
    return labels.get(kind, tie_breaker)


def _sort_value(contender: Contender, tie_breaker: str) -> Any:
    """Smaller sorts first."""
    kind, _sep, argument = tie_breaker.partition(":")
    if kind == "criterion":
        return -contender.criteria.get(int(argument), Decimal(0))
    if kind == "submitted_at":
        return contender.submitted_at
    if kind == "lower_grant":
        return contender.grant
    if kind == "higher_cofinancing":
        return -contender.cofinancing_share
    raise ValueError(f"unknown tie-breaker {tie_breaker!r}")


def rank_order(
    contenders: Sequence[Contender],
    tie_breakers: Sequence[str],
    criterion_names: dict[int, str] | None = None,
) -> list[Placed]:
    """``contenders`` by total score (highest first), then by each tie-break
    in ``tie_breakers`` order, then by ``key``. Positions are 1, 2, 3…
    without gaps. An entry level on score with its neighbour carries the
    note of the tie-break that separated it from the entry above it (or,
    for the first of a tied group, from the one below)."""
    breakers = [*tie_breakers, "pk"]

    def sort_key(contender: Contender) -> tuple[Any, ...]:
        values = [
            contender.key if b == "pk" else _sort_value(contender, b) for b in breakers
        ]
        return (-contender.total, *values)

    ordered = sorted(contenders, key=sort_key)
    placed = []
    for index, contender in enumerate(ordered):
        note = ""
        above = ordered[index - 1] if index > 0 else None
        below = ordered[index + 1] if index + 1 < len(ordered) else None
        other, other_position = None, 0
        if above is not None and above.total == contender.total:
            other, other_position = above, index
        elif below is not None and below.total == contender.total:
            other, other_position = below, index + 2
        if other is not None:
            decided = next(
                b
                for b in breakers
                if b == "pk" or _sort_value(contender, b) != _sort_value(other, b)
            )
            note = _(
                "Parità di punteggio con la posizione %(other)s: decide %(rule)s."
            ) % {
                "other": other_position,
                "rule": tie_breaker_label(decided, criterion_names),
            }
        placed.append(
            Placed(contender=contender, position=index + 1, tie_break_note=note)
        )
    return placed
