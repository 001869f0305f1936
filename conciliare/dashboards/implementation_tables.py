"""The dashboards' tables of the projects' implementation: money allocated,
committed, spent and paid per ATS; beneficiaries reached by kind; reports
on time and late. The last two take any labelled rows, so the alliance's
dashboard uses them per project."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from conciliare.dashboards.dashboard_selectors import AtsFigures
from conciliare.dashboards.implementation_selectors import Implementation
from conciliare.dashboards.tables import (
    Cells,
    Column,
    Row,
    Table,
    kind_columns,
    kinds_row,
    money_sum,
    suppression_note,
)


def spent_note() -> str:
    return _(
        "Spesa dichiarata: le spese dei rendiconti inviati all'ATS; spesa "
        "ammessa: gli importi ammissibili dei rendiconti verificati; pagato: "
        "anticipi, acconti e saldi erogati; recuperato: le somme restituite "
        "dopo una revoca o un saldo inferiore all'anticipo, indicate a parte."
    )


def reached_note() -> str:
    return _(
        "I destinatari raggiunti sono quelli dell'ultima relazione di "
        "monitoraggio accettata di ogni progetto (le relazioni riportano "
        "valori cumulati dall'avvio)."
    )


def reports_note() -> str:
    return _(
        "In tempo: relazioni inviate entro la data prevista; in ritardo: "
        "inviate dopo; scadute e non inviate: relazioni e scadenze della "
        "convenzione già passate senza invio (progetti revocati esclusi)."
    )


def spending_table(rows: list[AtsFigures], *, period_name: str) -> Table:
    cells = Cells(None)

    def money_row(label: str, figures: list[AtsFigures]) -> Row:
        return Row(
            label,
            [
                cells.money(money_sum([r.allocation for r in figures])),
                cells.money(money_sum([r.committed for r in figures])),
                cells.money(money_sum([r.implementation.declared for r in figures])),
                cells.money(money_sum([r.implementation.spent for r in figures])),
                cells.money(money_sum([r.implementation.paid for r in figures])),
                cells.money(money_sum([r.implementation.recovered for r in figures])),
            ],
        )

    return Table(
        slug="spesa",
        title=_("Assegnato, impegnato, speso e pagato per ATS, periodo %(period)s")
        % {"period": period_name},
        description=_(
            "Per ogni ATS: l'assegnazione regionale, l'impegnato dal Piano "
            "Territoriale pubblicato, la spesa dichiarata e ammessa nei "
            "rendiconti dei progetti, il pagato ai capofila e il recuperato."
        ),
        label_header=_("ATS"),
        columns=[
            Column(_("Assegnazione regionale (EUR)"), "money", charted=True),
            Column(_("Impegnato (EUR)"), "money", charted=True),
            Column(_("Spesa dichiarata (EUR)"), "money"),
            Column(_("Spesa ammessa (EUR)"), "money", charted=True),
            Column(_("Pagato (EUR)"), "money", charted=True),
            Column(_("Recuperato (EUR)"), "money"),
        ],
        rows=[money_row(row.ats.short_name, [row]) for row in rows],
        total=money_row(_("Totale"), rows) if len(rows) > 1 else None,
        notes=[spent_note()],
        per_period=True,
    )


def reached_table(
    items: Sequence[tuple[str, dict[str, int]]],
    *,
    slug: str,
    title: str,
    label_header: str,
    limit: int | None,
) -> Table:
    """Beneficiaries reached by kind, one row per labelled group."""
    cells = Cells(limit)
    table = Table(
        slug=slug,
        title=title,
        description=_(
            "I destinatari finali raggiunti dai progetti, per tipo, secondo "
            "l'ultima relazione di monitoraggio accettata di ciascuno."
        ),
        label_header=label_header,
        columns=kind_columns(),
        rows=[kinds_row(label, counts, cells) for label, counts in items],
        notes=[reached_note()],
    )
    if limit is not None and table.has_suppressed:
        table.notes.append(suppression_note(limit))
    return table


def reports_table(
    items: Sequence[tuple[str, Implementation]],
    *,
    slug: str,
    title: str,
    label_header: str,
) -> Table:
    """Reports on time, late and overdue, one row per labelled group."""
    cells = Cells(None)

    def counts(label: str, figures: list[Implementation]) -> Row:
        return Row(
            label,
            [
                cells.number(sum(f.reports_on_time for f in figures)),
                cells.number(sum(f.reports_late for f in figures)),
                cells.number(sum(f.reports_overdue for f in figures)),
            ],
        )

    return Table(
        slug=slug,
        title=title,
        description=_(
            "Le relazioni di monitoraggio inviate entro la scadenza, quelle "
            "inviate in ritardo e quelle scadute e non ancora inviate."
        ),
        label_header=label_header,
        columns=[
            Column(_("In tempo"), "count", charted=True),
            Column(_("In ritardo"), "count", charted=True),
            Column(_("Scadute e non inviate"), "count", charted=True),
        ],
        rows=[counts(label, [figures]) for label, figures in items],
        total=counts(_("Totale"), [figures for _label, figures in items])
        if len(items) > 1
        else None,
        notes=[reports_note()],
    )


def ats_reached_table(
    rows: list[AtsFigures], *, period_name: str, limit: int | None
) -> Table:
    table = reached_table(
        [(row.ats.short_name, row.implementation.reached) for row in rows],
        slug="raggiunti",
        title=_("Destinatari raggiunti per ATS e tipo, periodo %(period)s")
        % {"period": period_name},
        label_header=_("ATS"),
        limit=limit,
    )
    table.per_period = True
    return table


def ats_reports_table(rows: list[AtsFigures], *, period_name: str) -> Table:
    table = reports_table(
        [(row.ats.short_name, row.implementation) for row in rows],
        slug="relazioni",
        title=_("Relazioni in tempo e in ritardo per ATS, periodo %(period)s")
        % {"period": period_name},
        label_header=_("ATS"),
    )
    table.per_period = True
    return table
