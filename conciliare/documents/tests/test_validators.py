import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conciliare.documents import filetypes
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import upload
from conciliare.documents.validators import max_upload_megabytes, validate_upload


@pytest.fixture(autouse=True)
def _italian():
    with translation.override("it"):
        yield


def _refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(file)
    return caught.value


def test_a_real_pdf_is_accepted_whatever_the_browser_claims():
    file = upload("delibera.pdf", samples.pdf_bytes(), content_type="text/plain")
    assert validate_upload(file) == filetypes.PDF


def test_a_signed_pdf_keeps_its_double_extension():
    file = upload("delibera.pdf.p7m", samples.p7m_der_bytes())
    assert validate_upload(file) == filetypes.P7M


def test_an_empty_file_is_refused():
    error = _refusal(upload("vuoto.pdf", b""))
    assert error.code == "empty"
    assert "vuoto" in error.messages[0]


def test_a_program_renamed_pdf_is_refused_with_the_accepted_formats():
    error = _refusal(upload("delibera.pdf", samples.exe_bytes()))
    assert error.code == "unknown_type"
    assert error.messages == [
        "Il formato del file non è riconosciuto o non è ammesso. "
        "Formati accettati: PDF, P7M, DOCX, XLSX, PPTX, ODT, ODS, ODP, ODG, "
        "DOC, XLS, PPT, PNG, JPEG."
    ]


def test_a_pdf_renamed_docx_is_refused():
    error = _refusal(upload("verbale.docx", samples.pdf_bytes()))
    assert error.code == "extension_mismatch"
    assert "PDF" in error.messages[0]
    assert ".pdf" in error.messages[0]


def test_a_word_file_renamed_odt_is_refused():
    error = _refusal(upload("verbale.odt", samples.ooxml_bytes("docx")))
    assert error.code == "extension_mismatch"


def test_the_default_limit_is_twenty_megabytes():
    assert max_upload_megabytes() == "20"


def test_a_file_over_the_limit_is_refused_stating_the_limit(settings):
    # given a limit of 1 MB
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024 * 1024
    data = samples.pdf_bytes() + b"\n" * (1024 * 1024)

    # when
    error = _refusal(upload("piano.pdf", data))

    # then
    assert error.code == "too_large"
    assert "dimensione massima consentita di 1 MB" in error.messages[0]


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    data = samples.pdf_bytes()
    settings.DOCUMENT_MAX_UPLOAD_BYTES = len(data)
    assert validate_upload(upload("piano.pdf", data)) == filetypes.PDF


def test_a_fractional_limit_is_shown_with_a_decimal_comma(settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 512 * 1024
    assert max_upload_megabytes() == "0,5"
