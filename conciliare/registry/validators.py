"""Italian tax code (codice fiscale) and VAT number (partita IVA) checks."""

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


def validate_tax_code(value: str) -> None:
    """An ente's codice fiscale: 11 digits (bodies) or 16 characters (persons)."""
    code = normalise_tax_code(value)
    try:
        if code.isdigit():
            iva.validate(code)
        else:
            codicefiscale.validate(code)
    except InvalidChecksum as exc:
        raise ValidationError(
            _(
                "Il codice fiscale %(code)s non è valido: la cifra di controllo è errata."
            ),
            code="checksum",
            params={"code": code},
        ) from exc
    except (InvalidLength, InvalidFormat) as exc:
        raise ValidationError(
            _(
                "Il codice fiscale deve avere 11 cifre (enti) "
                "oppure 16 caratteri (persone fisiche)."
            ),
            code="format",
        ) from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _(
                "Il codice fiscale %(code)s non è valido: una sua parte non esiste "
                "(il codice dell'ufficio per gli enti, la data o il comune di "
                "nascita per le persone)."
            ),
            code="component",
            params={"code": code},
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            _("Il codice fiscale %(code)s non è valido."),
            code="invalid",
            params={"code": code},
        ) from exc


def validate_vat_number(value: str) -> None:
    code = normalise_tax_code(value).removeprefix("IT")
    try:
        iva.validate(code)
    except InvalidChecksum as exc:
        raise ValidationError(
            _("La partita IVA %(code)s non è valida: la cifra di controllo è errata."),
            code="checksum",
            params={"code": code},
        ) from exc
    except (InvalidLength, InvalidFormat) as exc:
        raise ValidationError(
            _("La partita IVA deve avere 11 cifre."), code="format"
        ) from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _(
                "La partita IVA %(code)s non è valida: il codice dell'ufficio "
                "(cifre 8-10) non esiste."
            ),
            code="component",
            params={"code": code},
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            _("La partita IVA %(code)s non è valida."),
            code="invalid",
            params={"code": code},
        ) from exc
