"""Print the demo accounts (used by `make run`)."""

from typing import Any

from django.core.management.base import BaseCommand

from conciliare.accounts.services import DEMO_TOTP_SECRET
from conciliare.demo.accounts import DEMO_PASSWORD, demo_accounts
from conciliare.demo.synthetic import placeholder_tax_code


class Command(BaseCommand):
    help = "Print the demo accounts, their roles and how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Demo accounts (password for all: {DEMO_PASSWORD})"
            )
        )
        for account in demo_accounts(irene_tax_code=placeholder_tax_code(1)):
            self.stdout.write(f"  {account.email:<36} {account.description}")
        # the lead bodies' representatives made by load_demo (demo/call_drafts.py,
        # demo/monitoring_cycle.py)
        for email, description in (
            (
                "arche@conciliare.demo",
                "referente di Fondazione Archè (bozza nell'avviso aperto di "
                "ATS Milano; rendiconto finale da verificare)",
            ),
            (
                "magnago@conciliare.demo",
                "referente del Comune di Magnago (bozza nell'avviso aperto di "
                "ATS Milano)",
            ),
            (
                "spazioaperto@conciliare.demo",
                "referente di Spazio Aperto Servizi (saldo ridotto in proporzione)",
            ),
            (
                "lodigiano@conciliare.demo",
                "referente dell'Azienda Speciale Consortile del Lodigiano",
            ),
        ):
            self.stdout.write(f"  {email:<36} {description}")
        self.stdout.write(
            "\nStaff accounts (Region, ATS, committee, admin) use two-factor sign-in.\n"
            "Get the current code with:  make totp EMAIL=ats.milano@conciliare.demo\n"
            f"(or add the demo secret {DEMO_TOTP_SECRET} to any authenticator app).\n"
        )
