"""Reading a member list (CSV or XLSX) into rows of raw cell values.

The first row holds the column headers (Italian, case-insensitive, spaces and
underscores alike); each following non-empty row becomes an ``ImportRow``
numbered as a spreadsheet numbers it (the header is row 1). Anything that
makes the whole file unusable raises ``ImportFileError`` with a message for
the officer: a format that is neither CSV nor XLSX, an unknown or missing
column, too many rows. The values are checked later, row by row
(``membership_import_checks``).
"""

import csv
import io
import re
import unicodedata
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: The largest file accepted (bytes) and the most data rows in it.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

#: The columns of the file: required ones first, in the template's order.
REQUIRED_COLUMNS = (
    "codice_fiscale",
    "denominazione",
    "tipologia",
    "dimensione",
    "comune",
)
OPTIONAL_COLUMNS = (
    "forma_giuridica",
    "partita_iva",
    "indirizzo",
    "cap",
    "pec",
    "email",
    "legale_rappresentante",
    "referente",
    "email_referente",
    "telefono_referente",
    "membro_dal",
    "consenso_elenco",
)
ALL_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_UTF8_BOM = b"\xef\xbb\xbf"
_CSV_EXTENSIONS = (".csv", ".txt")
_XLSX_EXTENSIONS = (".xlsx",)


_Records = Generator[list[Any], None, None]


class ImportFileError(Exception):
    """The whole file is refused; ``message`` tells the officer why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportRow:
    """One data row: its number in the sheet and its values by column."""

    number: int
    values: dict[str, Any]


def column_key(header: object) -> str:
    """``" Codice Fiscale "`` -> ``"codice_fiscale"`` (also ``codice-fiscale``)."""
    text = unicodedata.normalize("NFKD", str(header or "").replace("\ufeff", ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\s_\-]+", "_", text.strip().lower()).strip("_")


def import_file_columns(*, data: bytes, filename: str) -> tuple[str, ...]:
    """The checked columns of the file, reading up to its first data row:
    what the upload form can tell at once.

    Raises ImportFileError when the file cannot be imported as a whole.
    """
    _check_size(data)
    records = _records(data, filename)
    try:
        columns = _columns(next(records, None))
        if all(_is_blank(record) for record in records):
            raise _no_rows_error()
    finally:
        records.close()
    return tuple(column for column in columns if column)


def import_file_rows(*, data: bytes, filename: str) -> list[ImportRow]:
    """Every non-empty data row of the file (at most ``MAX_ROWS``).

    Raises ImportFileError when the file cannot be imported as a whole.
    """
    _check_size(data)
    records = _records(data, filename)
    try:
        columns = _columns(next(records, None))
        rows: list[ImportRow] = []
        for number, record in enumerate(records, start=2):
            if _is_blank(record):
                continue
            if len(rows) == MAX_ROWS:
                raise ImportFileError(
                    _(
                        "Il file contiene più di %(max)s righe: dividerlo in più "
                        "file e importarli uno alla volta."
                    )
                    % {"max": number_format(MAX_ROWS, force_grouping=True)}
                )
            values = {
                column: value
                for column, value in zip(columns, record, strict=False)
                if column
            }
            rows.append(ImportRow(number=number, values=values))
    finally:
        records.close()
    if not rows:
        raise _no_rows_error()
    return rows


def _no_rows_error() -> ImportFileError:
    return ImportFileError(
        _(
            "Il file contiene solo l'intestazione: aggiungere almeno una riga "
            "con un aderente."
        )
    )


def _check_size(data: bytes) -> None:
    if not data:
        raise ImportFileError(_("Il file è vuoto: selezionare un file CSV o XLSX."))
    import_file_size_check(len(data))


def import_file_size_check(size: int) -> None:
    """Refuse a file larger than ``MAX_FILE_BYTES`` before reading it."""
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            _(
                "Il file supera la dimensione massima di %(limit)d MB: dividerlo "
                "in più file."
            )
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )


def _records(data: bytes, filename: str) -> _Records:
    """The file's rows as lists of cell values, whatever the format."""
    name = filename.lower()
    if data.startswith(_OLE2_MAGIC):
        raise ImportFileError(
            _(
                "I file Excel nel vecchio formato .xls non sono accettati: "
                "salvare il foglio come .xlsx oppure come CSV."
            )
        )
    if name.endswith(_XLSX_EXTENSIONS):
        return _xlsx_records(data)
    if name.endswith(_CSV_EXTENSIONS):
        return _csv_records(data)
    raise ImportFileError(
        _("Formato non ammesso: caricare un file CSV (.csv) o Excel (.xlsx).")
    )


def _xlsx_records(data: bytes) -> _Records:
    from openpyxl import load_workbook

    not_xlsx = ImportFileError(
        _(
            "Il file ha l'estensione .xlsx ma non è un foglio Excel valido: "
            "salvarlo di nuovo da Excel o LibreOffice come .xlsx o CSV."
        )
    )
    if not data.startswith(_ZIP_MAGIC):
        raise not_xlsx
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise not_xlsx from exc
    return _sheet_records(workbook)


def _sheet_records(workbook: Any) -> _Records:
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _csv_records(data: bytes) -> _Records:
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _(
                "Il file ha l'estensione .csv ma non contiene testo: esportare "
                "il foglio come CSV (UTF-8) o caricarlo come .xlsx."
            )
        )
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel saves it."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "La codifica dei caratteri del file non è riconosciuta: salvarlo "
                "come «CSV UTF-8»."
            )
        ) from None


def _columns(header: list[Any] | None) -> list[str]:
    """The header row as column keys ("" for an empty cell), checked."""
    if header is None or _is_blank(header):
        raise ImportFileError(
            _(
                "La prima riga del file deve contenere i nomi delle colonne: "
                "scaricare il modello e usarne l'intestazione."
            )
        )
    columns = [column_key(cell) for cell in header]
    named = [column for column in columns if column]
    unknown = [column for column in dict.fromkeys(named) if column not in ALL_COLUMNS]
    if unknown:
        raise ImportFileError(
            ngettext(
                "Colonna non riconosciuta: %(columns)s. Le colonne ammesse sono: "
                "%(allowed)s.",
                "Colonne non riconosciute: %(columns)s. Le colonne ammesse sono: "
                "%(allowed)s.",
                len(unknown),
            )
            % {"columns": ", ".join(unknown), "allowed": ", ".join(ALL_COLUMNS)}
        )
    repeated = [column for column in dict.fromkeys(named) if named.count(column) > 1]
    if repeated:
        raise ImportFileError(
            ngettext(
                "La colonna %(columns)s compare più di una volta.",
                "Le colonne %(columns)s compaiono più di una volta.",
                len(repeated),
            )
            % {"columns": ", ".join(repeated)}
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in named]
    if missing:
        raise ImportFileError(
            ngettext(
                "Manca la colonna obbligatoria %(columns)s.",
                "Mancano le colonne obbligatorie %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    return columns


def _is_blank(record: list[Any]) -> bool:
    return all(value is None or str(value).strip() == "" for value in record)


#: The example row of the downloadable template, column by column.
TEMPLATE_EXAMPLE = {
    "codice_fiscale": "12345670157",
    "denominazione": "Cooperativa sociale Esempio (riga di esempio da cancellare)",
    "tipologia": "Soggetti privati (Organizzazioni No Profit)",
    "dimensione": "piccola",
    "comune": "Milano",
    "forma_giuridica": "Cooperativa sociale",
    "partita_iva": "12345670157",
    "indirizzo": "Via Esempio 1",
    "cap": "20121",
    "pec": "esempio@pec.example.it",
    "email": "info@esempio.example.it",
    "legale_rappresentante": "Maria Rossi",
    "referente": "Luca Bianchi",
    "email_referente": "luca.bianchi@esempio.example.it",
    "telefono_referente": "02 0000000",
    "membro_dal": "15/03/2021",
    "consenso_elenco": "sì",
}


def import_template_csv() -> str:
    """The template people fill in: every column and one example row, in
    UTF-8 with a BOM and ``;`` separators, as Excel in Italy opens it."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(ALL_COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE[column] for column in ALL_COLUMNS])
    return buffer.getvalue()
