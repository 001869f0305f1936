import factory

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.territory.models import ATS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Persona {n}")
    password = factory.PostGenerationMethodCall("set_password", "password-di-prova-1")

    @factory.post_generation
    def post_save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def make_user(
    role: str | None = None, *, ats: ATS | None = None, organisation=None, **kwargs
) -> User:
    """A person holding ``role`` (None: a citizen) scoped to ``ats``/``organisation``."""
    user = UserFactory(**kwargs)
    if role is not None:
        RoleAssignment.objects.create(
            user=user, role=role, ats=ats, organisation=organisation
        )
    return user


def ats(slug: str = "milano") -> ATS:
    return ATS.objects.get(slug=slug)


ROLES = [
    "anonymous",
    "citizen",
    Role.ORGANISATION_REPRESENTATIVE.value,
    Role.COMMITTEE_MEMBER.value,
    Role.ATS_OFFICER.value,
    Role.REGIONAL_OFFICER.value,
]
