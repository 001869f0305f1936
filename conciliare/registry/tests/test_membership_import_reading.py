"""Reading a member list: CSV (delimiters, encodings) and XLSX into rows."""

import datetime

import pytest

from conciliare.registry import membership_import_reading as reading
from conciliare.registry.membership_import_reading import (
    ImportFileError,
    import_file_columns,
    import_file_rows,
    import_template_csv,
)
from conciliare.registry.tests.membership_import_files import (
    csv_bytes,
    member_row,
    xlsx_bytes,
)


@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_csv_is_read_with_either_delimiter(delimiter):
    # given
    data = csv_bytes([member_row(1), member_row(2)], delimiter=delimiter)

    # when
    rows = import_file_rows(data=data, filename="aderenti.csv")

    # then
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].values["denominazione"] == "Ente importato 1"
    assert rows[1].values["tipologia"] == "Soggetti privati (Aziende)"


def test_a_csv_with_a_byte_order_mark_keeps_its_first_column():
    data = csv_bytes([member_row(1)], bom=True)

    rows = import_file_rows(data=data, filename="aderenti.csv")

    assert rows[0].values["codice_fiscale"] == member_row(1)["codice_fiscale"]


def test_a_windows_1252_csv_is_decoded():
    # given a name with accents, saved by Excel for Windows
    data = csv_bytes([member_row(1, denominazione="Società Cantù")], encoding="cp1252")

    # when
    rows = import_file_rows(data=data, filename="ADERENTI.CSV")

    # then
    assert rows[0].values["denominazione"] == "Società Cantù"


def test_headers_ignore_case_spaces_and_underscores():
    data = b"Codice Fiscale;DENOMINAZIONE;tipologia;Dimensione ;comune;Membro-dal\r\n"
    data += b"00743110157;Ente;public_body;micro;Milano;01/02/2020\r\n"

    rows = import_file_rows(data=data, filename="a.csv")

    assert rows[0].values["codice_fiscale"] == "00743110157"
    assert rows[0].values["membro_dal"] == "01/02/2020"


def test_empty_rows_are_skipped_and_numbers_follow_the_sheet():
    data = csv_bytes([member_row(1), {}, member_row(2)])

    rows = import_file_rows(data=data, filename="a.csv")

    assert [row.number for row in rows] == [2, 4]


def test_an_xlsx_is_read_with_dates_and_numbers_as_cells():
    # given
    rows_in = [
        member_row(1, membro_dal=datetime.datetime(2021, 3, 15)),
        member_row(2, codice_fiscale=743110157),
    ]

    # when
    rows = import_file_rows(data=xlsx_bytes(rows_in), filename="aderenti.xlsx")

    # then
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].values["membro_dal"] == datetime.datetime(2021, 3, 15)
    assert rows[1].values["codice_fiscale"] == 743110157


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "codice_fiscale;denominazione;tipologia;dimensione;comune;colore",
            "Colonna non riconosciuta: colore",
        ),
        ("codice_fiscale;denominazione;tipologia", "Mancano le colonne obbligatorie"),
        (
            "codice_fiscale;denominazione;tipologia;dimensione;comune;comune",
            "La colonna comune compare più di una volta",
        ),
    ],
)
def test_a_file_with_wrong_columns_is_refused(header, message):
    data = (header + "\r\n1;2;3;4;5;6\r\n").encode()

    with pytest.raises(ImportFileError, match=message):
        import_file_columns(data=data, filename="a.csv")


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.csv", b"", "Il file è vuoto"),
        ("a.pdf", b"%PDF-1.7 ...", "Formato non ammesso"),
        ("a.xlsx", b"codice_fiscale;denominazione\r\n", "non è un foglio Excel"),
        ("a.xls", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, "vecchio formato"),
        ("a.csv", b"PK\x03\x04\0\0\0binary", "non contiene testo"),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(filename, data, message):
    with pytest.raises(ImportFileError, match=message):
        import_file_columns(data=data, filename=filename)


def test_a_damaged_xlsx_is_refused():
    data = xlsx_bytes([member_row(1)])[:400]

    with pytest.raises(ImportFileError, match="non è un foglio Excel"):
        import_file_columns(data=data, filename="a.xlsx")


def test_a_file_with_only_the_header_and_blank_rows_is_refused():
    data = csv_bytes([]) + b";;;;\r\n"

    with pytest.raises(ImportFileError, match="solo l'intestazione"):
        import_file_columns(data=data, filename="a.csv")
    with pytest.raises(ImportFileError, match="solo l'intestazione"):
        import_file_rows(data=data, filename="a.csv")


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    data = csv_bytes([member_row(n) for n in range(3)])

    with pytest.raises(ImportFileError, match="più di 2 righe"):
        import_file_rows(data=data, filename="a.csv")


def test_a_file_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 10)

    with pytest.raises(ImportFileError, match="dimensione massima"):
        import_file_columns(data=csv_bytes([member_row(1)]), filename="a.csv")


def test_the_template_reads_back_as_one_row_with_every_column():
    data = import_template_csv().encode("utf-8")

    rows = import_file_rows(data=data, filename="modello-aderenti.csv")

    assert len(rows) == 1
    assert set(rows[0].values) == set(reading.ALL_COLUMNS)
