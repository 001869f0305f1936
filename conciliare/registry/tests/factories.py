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


class OrganisationFactory(factory.django.DjangoModelFactory):
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
