"""`manage.py demo_totp EMAIL`: the current sign-in code of a demo account."""

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError, CommandParser

from conciliare.accounts.models import User
from conciliare.accounts.services import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current two-factor (TOTP) code of a demo account enrolled "
        "with the published demo secret."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mail address of the demo account")

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with e-mail {email}.")
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(
                f"{user.email} has no authenticator app (TOTP) enrolled: "
                "only the demo staff accounts have one (`make run` creates them)."
            )
        secret = decrypt(authenticator.data["secret"])
        if secret.upper() != DEMO_TOTP_SECRET:
            raise CommandError(
                f"{user.email} uses a TOTP secret of their own, not the demo "
                "secret: read the code from their authenticator app."
            )
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
