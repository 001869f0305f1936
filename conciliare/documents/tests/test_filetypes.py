import io

import pytest
from django.utils import translation

from conciliare.documents import filetypes
from conciliare.documents.filetypes import detect_file_type, extension_matches
from conciliare.documents.tests import samples


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.pdf_bytes(), filetypes.PDF),
        (samples.png_bytes(), filetypes.PNG),
        (samples.jpeg_bytes(), filetypes.JPEG),
        (samples.ooxml_bytes("docx"), filetypes.DOCX),
        (samples.ooxml_bytes("xlsx"), filetypes.XLSX),
        (samples.ooxml_bytes("pptx"), filetypes.PPTX),
        (samples.odf_bytes("text"), filetypes.ODT),
        (samples.odf_bytes("spreadsheet"), filetypes.ODS),
        (samples.odf_bytes("presentation"), filetypes.ODP),
        (samples.p7m_der_bytes(length_octets=2), filetypes.P7M),
        (samples.p7m_der_bytes(length_octets=3), filetypes.P7M),
        (samples.p7m_ber_indefinite_bytes(), filetypes.P7M),
        (samples.p7m_base64_bytes(), filetypes.P7M),
        (samples.p7m_base64_bytes(pem=True), filetypes.P7M),
        (samples.ole2_bytes("WordDocument"), filetypes.DOC),
        (samples.ole2_bytes("Workbook"), filetypes.XLS),
        (samples.ole2_bytes("PowerPoint Document"), filetypes.PPT),
    ],
    ids=lambda value: value.label if isinstance(value, filetypes.FileType) else "",
)
def test_recognises_each_accepted_format_by_its_content(data, expected):
    assert detect_file_type(io.BytesIO(data)) == expected


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(samples.exe_bytes(), id="windows-program"),
        pytest.param(b"Solo testo, non un PDF.\n", id="text"),
        pytest.param(b"<html><script>alert(1)</script></html>", id="html"),
        pytest.param(samples.plain_zip_bytes(), id="zip-without-office-parts"),
        pytest.param(samples.ooxml_bytes("docm"), id="word-with-macros"),
        pytest.param(samples.odf_bytes("formula"), id="odf-formula"),
        pytest.param(samples.ole2_bytes("__substg1.0_0037001F"), id="ole2-mail"),
        pytest.param(samples.ole2_bytes()[:600], id="truncated-ole2"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 40, id="broken-zip"),
        pytest.param(b"\x30\x82\x01\x00" + b"\x00" * 60, id="der-not-signed-data"),
        pytest.param(b"UEsDBBQAAAAIAA==\n", id="base64-of-something-else"),
    ],
)
def test_refuses_what_it_cannot_prove(data):
    assert detect_file_type(io.BytesIO(data)) is None


def test_a_word_file_embedding_a_spreadsheet_stays_word():
    # given a Word compound file with a workbook inside its ObjectPool storage
    data = samples.ole2_bytes("WordDocument", embedded="Workbook")

    # when / then: embedded objects are not mistaken for the main stream
    assert detect_file_type(io.BytesIO(data)) == filetypes.DOC


def test_an_embedded_stream_alone_does_not_make_a_format():
    data = samples.ole2_bytes("CompObj", embedded="WordDocument")
    assert detect_file_type(io.BytesIO(data)) is None


def test_detection_rewinds_the_file():
    stream = io.BytesIO(samples.ooxml_bytes("docx"))
    stream.seek(10)

    detect_file_type(stream)

    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("file_type", "filename", "expected"),
    [
        (filetypes.PDF, "delibera.pdf", True),
        (filetypes.PDF, "DELIBERA.PDF", True),
        (filetypes.PDF, "delibera.docx", False),
        (filetypes.PDF, "delibera", False),
        (filetypes.P7M, "delibera.pdf.p7m", True),
        (filetypes.P7M, "delibera.p7m", True),
        (filetypes.P7M, "delibera.pdf", False),
        (filetypes.JPEG, "foto.jpeg", True),
        (filetypes.JPEG, "foto.jpg", True),
        (filetypes.DOCX, "verbale.doc", False),
    ],
)
def test_extension_must_agree_with_the_content(file_type, filename, expected):
    assert extension_matches(file_type, filename) is expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1 KB"),
        (503_808, "492 KB"),
        (1024 * 1024, "1,0 MB"),
        (int(1.5 * 1024 * 1024), "1,5 MB"),
    ],
)
def test_format_size_reads_like_the_public_site(size, expected):
    with translation.override("it"):
        assert filetypes.format_size(size) == expected


def test_every_accepted_type_is_listed_with_its_extensions():
    assert filetypes.accepted_labels().startswith("PDF, P7M, DOCX")
    assert ".pdf" in filetypes.accepted_extensions()
    assert ".jpeg" in filetypes.accepted_extensions()
    assert filetypes.file_type_for_mime("application/pdf") == filetypes.PDF
    assert filetypes.file_type_for_mime("text/html") is None
