"""The two download formats of a dataset, written row by row: CSV (UTF-8
with a byte-order mark so that spreadsheets read the accents, comma
separated, RFC 4180 quoting, CRLF line ends) and JSON (a list of objects
with the column names as keys). Amounts are written with two decimals and a
dot, other numbers with the decimals they need (``12``, ``12.5``), dates as
ISO 8601; an empty value is an empty CSV field and a JSON null."""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from conciliare.core.money import CENT
from conciliare.opendata.dataset import ColumnKind, Dataset, Row

BOM = "\ufeff"


def _amount(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP):.2f}"


def _number(value: Decimal) -> str:
    text = _amount(value)
    return text.rstrip("0").rstrip(".")


def cell_text(kind: ColumnKind, value: Any) -> str:
    """``value`` as a CSV field."""
    if value is None:
        return ""
    if kind == ColumnKind.AMOUNT:
        return _amount(Decimal(value))
    if kind == ColumnKind.DECIMAL:
        return _number(Decimal(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def cell_json(kind: ColumnKind, value: Any) -> str:
    """``value`` as a JSON literal (amounts as numbers with two decimals)."""
    if value is None:
        return "null"
    if kind == ColumnKind.AMOUNT:
        return _amount(Decimal(value))
    if kind == ColumnKind.DECIMAL:
        return _number(Decimal(value))
    if kind == ColumnKind.INTEGER:
        return str(int(value))
    return json.dumps(cell_text(kind, value), ensure_ascii=False)


class _Line:
    """A file-like object whose ``write`` returns what it is given, so that
    ``csv.writer`` produces one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(dataset: Dataset, rows: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    kinds = [(column.name, column.kind) for column in dataset.columns]
    yield BOM + writer.writerow(dataset.column_names)
    for row in rows:
        yield writer.writerow([cell_text(kind, row[name]) for name, kind in kinds])


def json_chunks(dataset: Dataset, rows: Iterable[Row]) -> Iterator[str]:
    keys = [
        (json.dumps(column.name), column.name, column.kind)
        for column in dataset.columns
    ]
    separator = "[\n"
    for row in rows:
        fields = ", ".join(
            f"{key}: {cell_json(kind, row[name])}" for key, name, kind in keys
        )
        yield f"{separator}{{{fields}}}"
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"
