"""Member-list files for the import tests: rows, CSV and XLSX bytes, uploads."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from conciliare.registry.tests.factories import valid_tax_code

COLUMNS = [
    "codice_fiscale",
    "denominazione",
    "tipologia",
    "dimensione",
    "comune",
    "membro_dal",
    "consenso_elenco",
    "email_referente",
]


def member_row(n: int, **overrides) -> dict:
    """A good row; ``n`` makes its tax code unique (never a factory's)."""
    row = {
        "codice_fiscale": valid_tax_code(700_000 + n),
        "denominazione": f"Ente importato {n}",
        "tipologia": "Soggetti privati (Aziende)",
        "dimensione": "piccola",
        "comune": "Milano",
        "membro_dal": "15/03/2021",
        "consenso_elenco": "sì",
        "email_referente": f"referente{n}@example.org",
    }
    row.update(overrides)
    return row


def csv_bytes(
    rows, *, columns=None, delimiter=";", encoding="utf-8", bom=False
) -> bytes:
    if columns is None:
        columns = list(rows[0]) if rows else COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, columns=None) -> bytes:
    """An XLSX workbook; values are written as given (dates stay dates)."""
    columns = columns or list(rows[0])
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
