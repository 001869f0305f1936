import factory
from allauth.account.models import EmailAddress

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.territory.models import ATS


class UserFactory(factory.django.DjangoModelFactory[User]):
    """Typed code: ``make_user()`` or ``UserFactory.create()`` give a User."""

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
            # With ACCOUNT_EMAIL_VERIFICATION="mandatory" allauth only lets in
            # people whose address is verified.
            EmailAddress.objects.create(
                user=obj, email=obj.email, verified=True, primary=True
            )


def make_user(
    role: str | None = None, *, ats: ATS | None = None, organisation=None, **kwargs
) -> User:
    """A person holding ``role`` (None: a citizen) scoped to ``ats``/``organisation``."""
    user = UserFactory.create(**kwargs)
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
