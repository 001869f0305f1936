"""The applications a call has received, as an XLSX workbook for the
officers: one sheet with a row per application (the figures of its valid or
last submission), one with the totals by intervention area.

Built in memory: a call receives tens of applications, not thousands.
"""

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from conciliare.applications.officer_selectors import AreaTotals, ReceivedApplication
from conciliare.calls.models import Call
from conciliare.core.money import CENT

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM:SS"


def application_export_headers() -> list[str]:
    return [
        _("Numero di protocollo"),
        _("Inviata il"),
        _("Alleanza"),
        _("Ente capofila"),
        _("Codice fiscale del capofila"),
        _("Titolo del progetto"),
        _("Costo totale (EUR)"),
        _("Contributo richiesto (EUR)"),
        _("Cofinanziamento (EUR)"),
        _("Quota di cofinanziamento (%)"),
        _("Stato"),
    ]


#: Columns (1-based) holding amounts and the share.
MONEY_COLUMNS = (7, 8, 9, 10)
DATETIME_COLUMN = 2


def application_export_rows(
    rows: Iterable[ReceivedApplication],
) -> Iterable[list[Any]]:
    for row in rows:
        yield [
            row.protocol_number,
            # Excel has no time zones: the time as read in Italy.
            timezone.localtime(row.submitted_at).replace(tzinfo=None),
            row.alliance,
            row.lead,
            row.lead_tax_code,
            row.title,
            row.total_cost,
            row.grant_requested,
            row.cofinancing,
            row.cofinancing_share.quantize(CENT),
            row.status_label,
        ]


def application_export_filename(*, call: Call) -> str:
    return f"domande-avviso-{call.pk}-{call.ats.slug}.xlsx"


def application_export_xlsx(
    *,
    call: Call,
    rows: Iterable[ReceivedApplication],
    areas: Iterable[AreaTotals],
) -> HttpResponse:
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Domande")[:31]
    _fill(
        sheet,
        application_export_headers(),
        application_export_rows(rows),
        money_columns=MONEY_COLUMNS,
        datetime_column=DATETIME_COLUMN,
    )
    area_sheet: Any = workbook.create_sheet(_("Totali per area")[:31])
    _fill(
        area_sheet,
        [
            _("Area di intervento"),
            _("Domande"),
            _("Contributo richiesto (EUR)"),
            _("Costo totale (EUR)"),
        ],
        (
            [
                f"{area.number}. {area.name}",
                area.application_count,
                area.grant_requested,
                area.total_cost,
            ]
            for area in areas
        ),
        money_columns=(3, 4),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    filename = application_export_filename(call=call)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _fill(
    sheet: Any,
    headers: list[str],
    rows: Iterable[list[Any]],
    *,
    money_columns: tuple[int, ...],
    datetime_column: int | None = None,
) -> None:
    """Bold header, values as typed cells (numbers stay numbers), sensible
    widths, the header row frozen."""
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(header) for header in headers]
    for row in rows:
        sheet.append(row)
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(value)))
    for column in money_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = MONEY_FORMAT
    if datetime_column is not None:
        for (cell,) in sheet.iter_rows(
            min_row=2, min_col=datetime_column, max_col=datetime_column
        ):
            cell.number_format = DATETIME_FORMAT
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
