import itertools

import factory
from django.utils import timezone
from stdnum import luhn

from conciliare.registry.models import (
    LegalForm,
    Membership,
    MembershipStatus,
    Network,
    Organisation,
    SizeClass,
    Typology,
)
from conciliare.territory.models import ATS, Comune, ProgrammingPeriod


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


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    """ATS Milano's network for 2025-2027 (reference data)."""

    class Meta:
        model = Network
        django_get_or_create = ("ats", "period")

    ats = factory.LazyFunction(lambda: ATS.objects.get(slug="milano"))
    period = factory.LazyFunction(
        lambda: ProgrammingPeriod.objects.get(slug="2025-2027")
    )


_protocol = itertools.count(1)


def make_membership(
    *, network=None, organisation=None, requested_by=None, **kwargs
) -> Membership:
    """A membership row written directly (no service): for tests of reads."""
    from conciliare.accounts.tests.factories import make_user

    now = timezone.now()
    values = {
        "network": network or NetworkFactory.create(),
        "organisation": organisation or OrganisationFactory.create(),
        "requested_by": requested_by or make_user(),
        "protocol_number": f"T-{next(_protocol):06d}",
        "legal_representative": "Maria Rossi",
        "contact_name": "Luca Bianchi",
        "contact_email": "referente@example.org",
        "privacy_accepted_at": now,
        "regulation_accepted_at": now,
    }
    values.update(kwargs)
    if values.get("status", MembershipStatus.REQUESTED) not in (
        MembershipStatus.REQUESTED,
        MembershipStatus.REJECTED,
    ):
        values.setdefault("member_since", timezone.localdate())
    return Membership.objects.create(**values)


def membership_data(**overrides):
    """Valid ``data`` for ``membership_request``, as the form cleans it."""
    data = {
        "legal_representative": "Maria Rossi",
        "contact_name": "Luca Bianchi",
        "contact_email": "referente@example.org",
        "contact_phone": "02 000000",
        "areas": [],
        "privacy_accepted": True,
        "regulation_accepted": True,
        "directory_consent": True,
    }
    data.update(overrides)
    return data
