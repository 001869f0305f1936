import pytest
from django.core.exceptions import ValidationError

from conciliare.registry.tests.factories import with_wrong_check_digit
from conciliare.registry.validators import (
    normalise_tax_code,
    validate_tax_code,
    validate_vat_number,
)


def test_normalise_tax_code_drops_spaces_and_upper_cases():
    assert normalise_tax_code(" rss mra 80a01\th501u ") == "RSSMRA80A01H501U"


@pytest.mark.parametrize(
    "code", ["00743110157", "RSSMRA80A01H501U", "rssmra80a01h501u"]
)
def test_validate_tax_code_accepts_bodies_and_persons(code):
    validate_tax_code(code)  # no exception


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        (with_wrong_check_digit("00743110157"), "00743110158"),
        ("RSSMRA80A01H501X", "RSSMRA80A01H501X"),
    ],
)
def test_validate_tax_code_refuses_a_wrong_check_digit(code, shown):
    with pytest.raises(ValidationError) as exc_info:
        validate_tax_code(code)

    assert exc_info.value.code == "checksum"
    assert exc_info.value.messages == [
        f"Il codice fiscale {shown} non è valido: la cifra di controllo è errata."
    ]


@pytest.mark.parametrize("code", ["1234", "ABCDEFGHIJKLMNOPQ", "0074311015X"])
def test_validate_tax_code_refuses_a_wrong_format(code):
    with pytest.raises(ValidationError) as exc_info:
        validate_tax_code(code)

    assert exc_info.value.code == "format"


@pytest.mark.parametrize("code", ["00743110157", "IT00743110157", "it 007 431 101 57"])
def test_validate_vat_number_accepts_the_it_prefix_and_spaces(code):
    validate_vat_number(code)  # no exception


def test_validate_vat_number_refuses_a_wrong_check_digit():
    with pytest.raises(ValidationError) as exc_info:
        validate_vat_number("00743110158")

    assert exc_info.value.messages == [
        "La partita IVA 00743110158 non è valida: la cifra di controllo è errata."
    ]


@pytest.mark.parametrize("validator", [validate_tax_code, validate_vat_number])
def test_an_unknown_office_code_is_refused_with_a_message(validator):
    # 12345678901: right length and check digit shape, office code 890 unknown
    with pytest.raises(ValidationError) as info:
        validator("12345678901")
    assert "non esiste" in info.value.messages[0]


def test_the_form_shows_an_unknown_office_code_next_to_the_field(client, login_as):
    login_as("ats_officer")
    response = client.post(
        "/enti/nuovo/", {"legal_name": "Ente", "tax_code": "12345678901"}
    )
    assert response.status_code == 200
    assert "non esiste" in response.content.decode()
