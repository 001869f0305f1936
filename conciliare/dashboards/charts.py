"""Horizontal bar charts drawn on the server as SVG from a ``Table``: one
group of bars per row, one bar per charted column. The chart is an image
with a title and a description (``role="img"``); its figures are in the
table next to it. A value the table hides (small counts) or lacks draws no
bar."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from conciliare.dashboards.tables import Table

#: Bootstrap Italia's palette, each at least 3:1 against white.
COLOURS = ("#0066cc", "#5c6f82", "#008055", "#a66300", "#7a1fa2")
WIDTH = 480
LABEL_WIDTH = 130
PLOT_WIDTH = WIDTH - LABEL_WIDTH - 10
BAR_HEIGHT = 14
BAR_GAP = 2
GROUP_GAP = 14
TOP = 4


@dataclass
class Bar:
    x: int
    y: int
    width: float
    colour: str
    title: str


@dataclass
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass
class LegendItem:
    """Drawn in HTML next to the chart, so that it wraps on a phone."""

    label: str
    colour: str


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    height: int
    width: int
    label_width: int
    groups: list[Group]
    legend: list[LegendItem]


def bar_chart(table: Table) -> Chart:
    charted = [i for i, column in enumerate(table.columns) if column.charted]
    values = [
        Decimal(row.cells[i].value)  # type: ignore[arg-type]
        for row in table.rows
        for i in charted
        if isinstance(row.cells[i].value, int | Decimal)
    ]
    top = max(values, default=Decimal(0)) or Decimal(1)
    groups: list[Group] = []
    y = TOP
    for row in table.rows:
        bars = []
        for series, i in enumerate(charted):
            cell = row.cells[i]
            value = cell.value
            if isinstance(value, int | Decimal) and value > 0:
                bars.append(
                    Bar(
                        x=LABEL_WIDTH,
                        y=y + series * (BAR_HEIGHT + BAR_GAP),
                        width=round(float(Decimal(value) / top) * PLOT_WIDTH, 1),
                        colour=COLOURS[series % len(COLOURS)],
                        title=f"{table.columns[i].label}: {cell.text}",
                    )
                )
        group_height = len(charted) * (BAR_HEIGHT + BAR_GAP)
        groups.append(Group(row.label, y + group_height // 2 + 4, bars))
        y += group_height + GROUP_GAP
    legend = [
        LegendItem(table.columns[i].label, COLOURS[series % len(COLOURS)])
        for series, i in enumerate(charted)
    ]
    series_names = ", ".join(table.columns[i].label for i in charted)
    return Chart(
        slug=table.slug,
        title=table.title,
        description=_(
            "Grafico a barre orizzontali di %(series)s per %(rows)s. I valori "
            "sono nella tabella accanto, scaricabile in CSV."
        )
        % {"series": series_names, "rows": table.label_header},
        height=y,
        width=WIDTH,
        label_width=LABEL_WIDTH,
        groups=groups,
        legend=legend,
    )
