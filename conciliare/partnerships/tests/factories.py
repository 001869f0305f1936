import factory
from django.utils import timezone

from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.registry.models import Organisation
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import ATS, ProgrammingPeriod


class AllianceFactory(factory.django.DjangoModelFactory[Alliance]):
    """An alliance of ATS Milano for 2020-2023, with its lead ``Partner`` row.

    ``AllianceFactory.create(periods=[...])`` replaces the default period;
    ``AllianceFactory.create(lead_partner=False)`` skips the lead row. Typed
    code: ``AllianceFactory.create(...)`` returns an Alliance to mypy."""

    class Meta:
        model = Alliance
        skip_postgeneration_save = True

    ats = factory.LazyFunction(lambda: ATS.objects.get(slug="milano"))
    name = factory.Sequence(lambda n: f"Alleanza di prova {n}")
    slug = factory.Sequence(lambda n: f"alleanza-di-prova-{n}")
    description = "Un'alleanza per la conciliazione vita-lavoro."
    lead = factory.SubFactory(OrganisationFactory)
    contact_name = "Luca Bianchi"
    contact_email = factory.Sequence(lambda n: f"alleanza{n}@example.org")

    @factory.post_generation
    def periods(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        if extracted is None:
            extracted = [ProgrammingPeriod.objects.get(slug="2020-2023")]
        obj.periods.set(extracted)

    @factory.post_generation
    def lead_partner(obj, create, extracted, **kwargs):  # noqa: N805
        if not create or extracted is False:
            return
        Partner.objects.create(
            alliance=obj,
            organisation=obj.lead,
            role=PartnerRole.LEAD,
            joined_on=kwargs.get("joined_on", timezone.localdate()),
        )


class PartnerFactory(factory.django.DjangoModelFactory[Partner]):
    """A current (non-lead) partner of a new alliance."""

    class Meta:
        model = Partner

    alliance = factory.SubFactory(AllianceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnerRole.PARTNER
    technical_contribution = "Sportello di consulenza per le famiglie."
    content_contribution = ""
    joined_on = factory.LazyFunction(timezone.localdate)


def make_alliance(
    *,
    lead: Organisation | None = None,
    partners: list[Organisation] | None = None,
    **kwargs,
) -> Alliance:
    """An alliance led by ``lead`` (a new organisation if None) with the given
    organisations as current partners."""
    if lead is not None:
        kwargs["lead"] = lead
    alliance = AllianceFactory.create(**kwargs)
    for organisation in partners or []:
        PartnerFactory.create(alliance=alliance, organisation=organisation)
    return alliance


def alliance_data(**overrides):
    """Valid ``data`` for ``alliance_create``/``alliance_update``, as the form
    cleans it."""
    data = {
        "name": "Alleanza Conciliazione Nord Milano",
        "description": "Servizi di conciliazione per le famiglie del Nord Milano.",
        "periods": [ProgrammingPeriod.objects.get(slug="2020-2023")],
        "ambiti": [],
        "website": "",
        "contact_name": "Luca Bianchi",
        "contact_email": "luca.bianchi@example.org",
        "contact_phone": "",
        "is_open_to_partners": True,
    }
    data.update(overrides)
    return data


def contribution_data(**overrides):
    """Valid contribution ``data`` (Partner / Scheda partnership fields)."""
    data = {
        "technical_contribution": "Sportello di consulenza per le famiglie.",
        "content_contribution": "Formazione per i responsabili del personale.",
        "economic_contribution": None,
        "economic_contribution_note": "",
    }
    data.update(overrides)
    return data
