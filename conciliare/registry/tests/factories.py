import factory
from stdnum import luhn

from conciliare.registry.models import LegalForm, Organisation, SizeClass, Typology
from conciliare.territory.models import Comune


def valid_tax_code(n: int) -> str:
    """An 11-digit codice fiscale with a correct check digit, unique per ``n``."""
    serial = f"{1_000_000 + n % 9_000_000:07d}"  # never all zeros
    office = f"{n % 100 + 1:03d}"  # provincial office code 001-100
    base = serial + office
    return base + luhn.calc_check_digit(base)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    """Use ``OrganisationFactory.create(...)`` in typed code: it returns an
    Organisation to mypy, where calling the class returns the factory."""

    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Ente di prova {n}")
    tax_code = factory.Sequence(valid_tax_code)
    legal_form = LegalForm.ASSOCIATION
    typology = Typology.PRIVATE_NONPROFIT
    size_class = SizeClass.SMALL
    comune = factory.LazyFunction(lambda: Comune.objects.get(name="Milano"))
    ambito = factory.LazyAttribute(lambda o: o.comune.ambito)
    email = factory.Sequence(lambda n: f"ente{n}@example.org")


def with_wrong_check_digit(code: str) -> str:
    """``code`` (11 digits) with its last digit changed, so the check fails."""
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def organisation_data(**overrides):
    """Valid ``data`` for ``organisation_create``, as a form would clean it."""
    data = {
        "legal_name": "Cooperativa Sociale Il Girasole",
        "tax_code": "00743110157",
        "vat_number": "",
        "legal_form": LegalForm.SOCIAL_COOPERATIVE,
        "typology": Typology.PRIVATE_NONPROFIT,
        "size_class": SizeClass.SMALL,
        "address": "Via Roma 1",
        "postal_code": "20025",
        "comune": Comune.objects.get(name="Legnano"),
        "ambito": None,
        "pec": "girasole@pec.example.org",
        "email": "info@girasole.example.org",
        "phone": "0331 000000",
        "website": "https://girasole.example.org",
    }
    data.update(overrides)
    return data
