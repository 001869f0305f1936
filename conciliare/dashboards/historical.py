"""The results of the periods before the platform, as published by the
Region (``DOMAIN.md`` section 4). They are figures, not records: shown as
historical with their source, never summed with the platform's data."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class HistoricalPeriod:
    """What one earlier period reached. ``None`` where the source gives no
    figure; ``*_note`` keeps the source's wording of an approximate figure."""

    period: str
    total: Decimal
    granted: Decimal | None
    system_actions: Decimal | None
    cofinancing: Decimal | None
    projects: int | None
    projects_note: "StrPromise"
    people: int | None
    people_note: "StrPromise"
    firms: int | None
    firms_note: "StrPromise"
    source: "StrPromise"


HISTORICAL_PERIODS: tuple[HistoricalPeriod, ...] = (
    HistoricalPeriod(
        period="2014-2016",
        total=Decimal("8000000.00"),
        granted=None,
        system_actions=None,
        cofinancing=Decimal("3000000.00"),
        projects=63,
        projects_note=_("63 alleanze"),
        people=47000,
        people_note=_("oltre 47.000"),
        firms=1900,
        firms_note=_("circa 1.900"),
        source=_(
            "[S22] Secondo Welfare e Lombardia Sociale, risultati delle Reti "
            "territoriali per la conciliazione 2014-2016"
        ),
    ),
    HistoricalPeriod(
        period="2017-2018",
        total=Decimal("4292411.00"),
        granted=Decimal("2782889.00"),
        system_actions=Decimal("806418.00"),
        cofinancing=None,
        projects=44,
        projects_note=_("44 progetti"),
        people=None,
        people_note=_("non disponibile"),
        firms=None,
        firms_note=_("non disponibile"),
        source=_(
            "[S21] Secondo Welfare e Lombardia Sociale, risultati dei Piani "
            "territoriali di conciliazione 2017-2018"
        ),
    ),
)
