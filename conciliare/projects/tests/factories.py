import factory

from conciliare.partnerships.tests.factories import AllianceFactory
from conciliare.projects.models import Project, ProjectOrigin, ProjectStatus
from conciliare.territory.models import ProgrammingPeriod


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    """A funded 2020-2023 project of a new ATS Milano alliance.

    ``ProjectFactory.create(areas=[...])`` sets its intervention areas. Typed
    code: ``ProjectFactory.create(...)`` returns a Project to mypy."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"321-2020-T{n:04d}")
    title = factory.Sequence(lambda n: f"Progetto di prova {n}")
    alliance = factory.SubFactory(AllianceFactory)
    ats = factory.LazyAttribute(lambda o: o.alliance.ats)
    period = factory.LazyFunction(
        lambda: ProgrammingPeriod.objects.get(slug="2020-2023")
    )
    summary = "Servizi di conciliazione per le famiglie."
    status = ProjectStatus.FUNDED
    origin = ProjectOrigin.CALL

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.areas.set(extracted)
