"""The demo accounts, one per role, printed by `make run`."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from conciliare.accounts.models import Role, User
from conciliare.accounts.services import DEMO_TOTP_SECRET, role_assign, totp_enrol_demo
from conciliare.registry.models import Organisation
from conciliare.territory.models import ATS

DEMO_PASSWORD = "conciliare-demo"  # noqa: S105 (published demo password)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str | None
    ats_slug: str | None = None
    organisation_tax_code: str | None = None
    description: str = ""


def demo_accounts(*, irene_tax_code: str) -> list[DemoAccount]:
    return [
        DemoAccount(
            "admin@conciliare.demo",
            "Amministratore tecnico",
            None,
            description="superuser (pannello /admin/)",
        ),
        DemoAccount(
            "regione@conciliare.demo",
            "Giulia Ferri",
            Role.REGIONAL_OFFICER,
            description="funzionaria di Regione Lombardia",
        ),
        DemoAccount(
            "ats.milano@conciliare.demo",
            "Marco Colombo",
            Role.ATS_OFFICER,
            ats_slug="milano",
            description="funzionario di ATS Milano",
        ),
        DemoAccount(
            "ats.brescia@conciliare.demo",
            "Laura Bonetti",
            Role.ATS_OFFICER,
            ats_slug="brescia",
            description="funzionaria di ATS Brescia",
        ),
        DemoAccount(
            "comitato.milano@conciliare.demo",
            "Paolo Rossi",
            Role.COMMITTEE_MEMBER,
            ats_slug="milano",
            description="componente del Comitato di ATS Milano",
        ),
        DemoAccount(
            "elena.sala@conciliare.demo",
            "Elena Sala",
            None,
            description="componente del Comitato di ATS Milano (CISL Milano Metropoli)",
        ),
        DemoAccount(
            "marta.riva@conciliare.demo",
            "Marta Riva",
            None,
            description=(
                "componente del Comitato di ATS Milano 2020-2023 "
                "(Confindustria Alto Milanese)"
            ),
        ),
        DemoAccount(
            "luca.moretti@conciliare.demo",
            "Luca Moretti",
            None,
            description=(
                "componente del Comitato di ATS Milano 2020-2023 "
                "(Confcommercio Abbiategrasso)"
            ),
        ),
        DemoAccount(
            "irene@conciliare.demo",
            "Anna Galli",
            Role.ORGANISATION_REPRESENTATIVE,
            organisation_tax_code=irene_tax_code,
            description="referente dell'Associazione IRENE",
        ),
        DemoAccount(
            "cittadino@conciliare.demo", "Sara Brambilla", None, description="cittadina"
        ),
    ]


def ensure_demo_users(*, irene_tax_code: str) -> dict[str, tuple[DemoAccount, User]]:
    """Create (once) every demo person with a verified e-mail and the demo password."""
    accounts = demo_accounts(irene_tax_code=irene_tax_code)
    return {
        account.email: (account, _ensure_user(account, superuser=index == 0))
        for index, account in enumerate(accounts)
    }


def ensure_demo_roles(users: dict[str, tuple[DemoAccount, User]]) -> None:
    """Assign each demo role (once) and enrol TOTP for staff with the demo secret."""
    admin = users["admin@conciliare.demo"][1]
    for account, user in users.values():
        if account.role is None:
            continue
        role_assign(
            actor=admin,
            user=user,
            role=Role(account.role),
            ats_id=ATS.objects.get(slug=account.ats_slug).pk
            if account.ats_slug
            else None,
            organisation_id=(
                Organisation.objects.get(tax_code=account.organisation_tax_code).pk
                if account.organisation_tax_code
                else None
            ),
        )
    for _account, user in users.values():
        user.__dict__.pop("roles", None)
        if user.is_staff_role or user.is_superuser:
            totp_enrol_demo(user=user, secret=DEMO_TOTP_SECRET)


def _ensure_user(account: DemoAccount, *, superuser: bool) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        manager = User.objects
        create = manager.create_superuser if superuser else manager.create_user
        user = create(account.email, DEMO_PASSWORD, full_name=account.full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    return user
