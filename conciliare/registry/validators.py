"""Italian tax code (codice fiscale) and VAT number (partita IVA) checks."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva


def normalise_tax_code(value: str) -> str:
    return "".join(value.split()).upper()


def _tax_code_messages() -> dict[type[StdnumError], tuple[str, str]]:
    return {
        InvalidChecksum: (
            "checksum",
            _(
                "Il codice fiscale %(code)s non è valido: la cifra di controllo è errata."
            ),
        ),
        InvalidLength: (
            "format",
            _(
                "Il codice fiscale deve avere 11 cifre (enti) "
                "oppure 16 caratteri (persone fisiche)."
            ),
        ),
        InvalidComponent: (
            "component",
            _(
                "Il codice fiscale %(code)s non è valido: una sua parte non esiste "
                "(il codice dell'ufficio per gli enti, la data o il comune di "
                "nascita per le persone)."
            ),
        ),
        StdnumError: ("invalid", _("Il codice fiscale %(code)s non è valido.")),
    }


def _vat_number_messages() -> dict[type[StdnumError], tuple[str, str]]:
    return {
        InvalidChecksum: (
            "checksum",
            _("La partita IVA %(code)s non è valida: la cifra di controllo è errata."),
        ),
        InvalidLength: ("format", _("La partita IVA deve avere 11 cifre.")),
        InvalidComponent: (
            "component",
            _(
                "La partita IVA %(code)s non è valida: il codice dell'ufficio "
                "(cifre 8-10) non esiste."
            ),
        ),
        StdnumError: ("invalid", _("La partita IVA %(code)s non è valida.")),
    }


def _check(
    code: str,
    check: Callable[[str], object],
    messages: dict[type[StdnumError], tuple[str, str]],
) -> None:
    """Run a python-stdnum check; turn its error into the user's message."""
    try:
        check(code)
    except StdnumError as exc:
        kind = InvalidLength if isinstance(exc, InvalidFormat) else type(exc)
        error_code, message = next(  # the last entry, StdnumError, matches all
            pair for cls, pair in messages.items() if issubclass(kind, cls)
        )
        raise ValidationError(message, code=error_code, params={"code": code}) from exc


def validate_tax_code(value: str) -> None:
    """An ente's codice fiscale: 11 digits (bodies) or 16 characters (persons)."""
    code = normalise_tax_code(value)
    check = iva.validate if code.isdigit() else codicefiscale.validate
    _check(code, check, _tax_code_messages())


def validate_vat_number(value: str) -> None:
    _check(
        normalise_tax_code(value).removeprefix("IT"),
        iva.validate,
        _vat_number_messages(),
    )
