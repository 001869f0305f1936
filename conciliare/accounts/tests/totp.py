"""Compute the codes an authenticator app would show (for tests)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from conciliare.accounts.services import DEMO_TOTP_SECRET


def totp_code(secret: str = DEMO_TOTP_SECRET, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (``offset`` periods away)."""
    counter = int(time.time()) // 30 + offset
    return str(format_hotp_value(hotp_value(secret, counter)))
