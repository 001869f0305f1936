"""The dashboard's tables: one object drives the HTML table, the SVG chart
next to it and its CSV, so the three always say the same thing. Amounts
keep their Decimal value for the CSV (``1234.56``) and their Italian text
for the page (``€ 1.234,56``); a suppressed count has no value."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from conciliare.applications.models import BeneficiaryKind
from conciliare.core.money import AmountFormatter
from conciliare.dashboards.dashboard_selectors import AtsFigures, PeriodFigures
from conciliare.dashboards.historical import HISTORICAL_PERIODS
from conciliare.dashboards.suppression import is_suppressed

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

Kind = Literal["money", "count", "text"]


@dataclass
class Cell:
    value: Decimal | int | str | None
    text: str
    suppressed: bool = False
    numeric: bool = True

    @property
    def csv(self) -> str:
        if self.value is None:
            return ""
        return str(self.value)


@dataclass
class Column:
    label: str
    kind: Kind
    charted: bool = False


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Table:
    """``slug`` names the table in its CSV address; the first column holds
    the row labels (``label_header``)."""

    slug: str
    title: str
    description: str
    label_header: str
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    notes: list["str | StrPromise"] = field(default_factory=list)
    #: The figures of the period chosen (its CSV is named after it).
    per_period: bool = False

    @property
    def has_suppressed(self) -> bool:
        return any(cell.suppressed for row in self.all_rows for cell in row.cells)

    @property
    def all_rows(self) -> list[Row]:
        return [*self.rows, *([self.total] if self.total else [])]

    def csv_rows(self) -> Iterator[list[str]]:
        yield [self.label_header, *(column.label for column in self.columns)]
        for row in self.all_rows:
            yield [row.label, *(cell.csv for cell in row.cells)]


class Cells:
    """Makes cells in the active language, hiding small counts of people
    when ``limit`` is given."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.amounts = AmountFormatter()

    def money(self, amount: Decimal | None) -> Cell:
        if amount is None:
            return Cell(None, _("n.d."))
        return Cell(amount, "€ " + self.amounts.amount(amount))

    def number(self, count: int | None) -> Cell:
        if count is None:
            return Cell(None, _("n.d."))
        return Cell(count, number_format(count, force_grouping=True))

    def hidden(self) -> Cell:
        """A total that would reveal a hidden count."""
        return Cell(None, _("riservato"), suppressed=True)

    def people(self, count: int) -> Cell:
        if self.limit is not None and is_suppressed(count, limit=self.limit):
            return Cell(None, f"< {self.limit}", suppressed=True)
        return self.number(count)

    def text(self, text: str) -> Cell:
        return Cell(text, text, numeric=False)


def kinds_row(label: str, counts: dict[str, int], cells: Cells) -> Row:
    """Counts of people by kind and their total; the total is hidden with
    any of them (it would give the hidden one away)."""
    kinds = [cells.people(counts[kind]) for kind in BeneficiaryKind.values]
    hides = any(cell.suppressed for cell in kinds)
    total = cells.hidden() if hides else cells.people(sum(counts.values()))
    return Row(label, [*kinds, total])


def kind_columns() -> list[Column]:
    return [
        *(
            Column(str(label), "count", charted=True)
            for label in BeneficiaryKind.labels
        ),
        Column(_("Totale"), "count"),
    ]


def suppression_note(limit: int) -> str:
    return _(
        "Per tutelare la riservatezza, i conteggi di beneficiari inferiori a "
        "%(limit)s sono indicati come «< %(limit)s» e i totali da cui si "
        "potrebbero ricavare come «riservato»; nel CSV sono celle vuote."
    ) % {"limit": limit}


def money_sum(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal("0.00"))


def ats_table(rows: list[AtsFigures], *, period_name: str) -> Table:
    cells = Cells(None)
    return Table(
        slug="ats",
        title=_("Risorse per ATS, periodo %(period)s") % {"period": period_name},
        description=_(
            "Per ogni ATS: l'assegnazione regionale, le risorse impegnate dal "
            "Piano Territoriale pubblicato (contributi ai progetti e azioni di "
            "sistema), i progetti finanziati e il cofinanziamento dei partner."
        ),
        label_header=_("ATS"),
        columns=[
            Column(_("Assegnazione regionale (EUR)"), "money", charted=True),
            Column(_("Impegnato (EUR)"), "money", charted=True),
            Column(_("Progetti finanziati"), "count"),
            Column(_("Cofinanziamento dei partner (EUR)"), "money"),
        ],
        rows=[
            Row(
                row.ats.short_name,
                [
                    cells.money(row.allocation),
                    cells.money(row.committed),
                    cells.number(row.projects),
                    cells.money(row.cofinancing),
                ],
            )
            for row in rows
        ],
        total=Row(
            _("Totale"),
            [
                cells.money(money_sum([r.allocation for r in rows])),
                cells.money(money_sum([r.committed for r in rows])),
                cells.number(sum(r.projects for r in rows)),
                cells.money(money_sum([r.cofinancing for r in rows])),
            ],
        )
        if len(rows) > 1
        else None,
        per_period=True,
        notes=[
            _(
                "L'impegnato è quello della versione pubblicata del piano "
                "(approvata dall'ATS, trasmessa o validata); i piani in "
                "preparazione non sono conteggiati."
            )
        ],
    )


def beneficiaries_table(
    rows: list[AtsFigures], *, period_name: str, limit: int | None
) -> Table:
    cells = Cells(limit)
    table = Table(
        slug="beneficiari",
        title=_("Beneficiari attesi per ATS e tipo, periodo %(period)s")
        % {"period": period_name},
        description=_(
            "I beneficiari che i progetti finanziati prevedono di raggiungere, "
            "per tipo di destinatari, come dichiarati nelle domande."
        ),
        label_header=_("ATS"),
        columns=kind_columns(),
        rows=[kinds_row(row.ats.short_name, row.beneficiaries, cells) for row in rows],
        per_period=True,
    )
    if limit is not None and table.has_suppressed:
        table.notes.append(suppression_note(limit))
    return table


def _period_people(total: int, smallest_cell: int, cells: Cells) -> Cell:
    """The period's total, hidden when one of its ATS's counts is."""
    if cells.limit is not None and is_suppressed(smallest_cell, limit=cells.limit):
        return cells.hidden()
    return cells.people(total)


def periods_table(rows: list[PeriodFigures], *, limit: int | None) -> Table:
    cells = Cells(limit)
    table = Table(
        slug="periodi",
        title=_("Risorse, beneficiari attesi e attuazione per periodo"),
        description=_(
            "Per ogni periodo di programmazione gestito sulla piattaforma: "
            "assegnazione regionale, impegnato, progetti finanziati, "
            "cofinanziamento dei partner e beneficiari attesi; poi la spesa "
            "ammessa, il pagato e i destinatari raggiunti."
        ),
        label_header=_("Periodo"),
        columns=[
            Column(_("Assegnazione regionale (EUR)"), "money", charted=True),
            Column(_("Impegnato (EUR)"), "money", charted=True),
            Column(_("Progetti finanziati"), "count"),
            Column(_("Cofinanziamento dei partner (EUR)"), "money"),
            Column(_("Beneficiari attesi"), "count"),
            Column(_("Spesa ammessa (EUR)"), "money", charted=True),
            Column(_("Pagato (EUR)"), "money", charted=True),
            Column(_("Destinatari raggiunti"), "count"),
        ],
        rows=[
            Row(
                row.period.name,
                [
                    cells.money(row.allocation),
                    cells.money(row.committed),
                    cells.number(row.projects),
                    cells.money(row.cofinancing),
                    _period_people(row.beneficiaries_total, row.smallest_cell, cells),
                    cells.money(row.implementation.spent),
                    cells.money(row.implementation.paid),
                    _period_people(
                        row.implementation.reached_total,
                        row.smallest_reached_cell,
                        cells,
                    ),
                ],
            )
            for row in rows
        ],
    )
    if limit is not None and table.has_suppressed:
        table.notes.append(suppression_note(limit))
    return table


def historical_table() -> Table:
    """The published results of 2014-2016 and 2017-2018, with their source.
    Approximate figures keep the source's words in the page."""
    cells = Cells(None)

    def noted(count: int | None, note: object) -> Cell:
        cell = cells.number(count)
        cell.text = str(note)
        return cell

    return Table(
        slug="storico",
        title=_("Dati storici: periodi 2014-2016 e 2017-2018"),
        description=_(
            "Risultati pubblicati dei periodi precedenti la piattaforma, "
            "riportati come dati storici con la loro fonte."
        ),
        label_header=_("Periodo"),
        columns=[
            Column(_("Risorse complessive (EUR)"), "money", charted=True),
            Column(_("Contributo ai progetti (EUR)"), "money", charted=True),
            Column(_("Azioni di sistema (EUR)"), "money"),
            Column(_("Cofinanziamento dei partner (EUR)"), "money", charted=True),
            Column(_("Progetti o alleanze"), "count"),
            Column(_("Persone raggiunte"), "count"),
            Column(_("Imprese raggiunte"), "count"),
            Column(_("Fonte"), "text"),
        ],
        rows=[
            Row(
                _("%(period)s (dato storico)") % {"period": item.period},
                [
                    cells.money(item.total),
                    cells.money(item.granted),
                    cells.money(item.system_actions),
                    cells.money(item.cofinancing),
                    noted(item.projects, item.projects_note),
                    noted(item.people, item.people_note),
                    noted(item.firms, item.firms_note),
                    Cell(str(item.source), str(item.source), numeric=False),
                ],
            )
            for item in HISTORICAL_PERIODS
        ],
        notes=[
            _(
                "Dati storici: cifre pubblicate, non calcolate dalla "
                "piattaforma; «oltre» e «circa» riportano la fonte."
            )
        ],
    )
