"""Exports of a network's member registry: CSV (Excel-friendly) and XLSX.

Built in memory for now; a registry of a few thousand rows stays small. Move
them to the task worker if networks grow much larger.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from conciliare.registry.models import Membership, MembershipStatus, Network

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def membership_export_headers() -> list[str]:
    return [
        _("Numero di protocollo"),
        _("Ente"),
        _("Codice fiscale"),
        _("Tipologia"),
        _("Dimensione"),
        _("Comune"),
        _("Ambito territoriale"),
        _("Stato"),
        _("Membro dal"),
        _("Aree di interesse"),
        _("Consenso all'elenco pubblico"),
    ]


def membership_export_rows(
    memberships: QuerySet[Membership],
) -> Iterable[list[Any]]:
    """One list of cell values per membership (areas must be prefetched)."""
    for membership in memberships:
        organisation = membership.organisation
        yield [
            membership.protocol_number,
            organisation.legal_name,
            organisation.tax_code,
            str(organisation.typology_label),
            str(organisation.size_class_label),
            organisation.comune.name,
            organisation.ambito.name if organisation.ambito else "",
            str(MembershipStatus(membership.status).label),
            membership.member_since or "",
            "; ".join(area.name for area in membership.areas.all()),
            _("Sì") if membership.directory_consent else _("No"),
        ]


def membership_export_filename(*, network: Network, extension: str) -> str:
    return f"aderenti-{network.ats.slug}-{network.period.slug}.{extension}"


def membership_export_csv(
    *, network: Network, memberships: QuerySet[Membership]
) -> HttpResponse:
    """UTF-8 with a BOM and ``;`` separators, as Excel in Italy opens it."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(membership_export_headers())
    for row in membership_export_rows(memberships):
        row[8] = row[8].strftime("%d/%m/%Y")
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(
        membership_export_filename(network=network, extension="csv")
    )
    return response


def membership_export_xlsx(
    *, network: Network, memberships: QuerySet[Membership]
) -> HttpResponse:
    """One sheet, bold header row, dates as dates, sensible column widths."""
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Aderenti")[:31]
    headers = membership_export_headers()
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(header) for header in headers]
    for row in membership_export_rows(memberships):
        sheet.append(row)
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(value)))
    for row_cells in sheet.iter_rows(min_row=2, min_col=9, max_col=9):
        for cell in row_cells:
            cell.number_format = "DD/MM/YYYY"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(
        membership_export_filename(network=network, extension="xlsx")
    )
    return response


def _attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'
