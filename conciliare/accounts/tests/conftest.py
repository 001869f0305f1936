import pytest

from conciliare.accounts.services import DEMO_TOTP_SECRET, totp_enrol_demo


@pytest.fixture
def tolerant_totp_clock(settings):
    """Accept the codes of the neighbouring 30-second periods too.

    A code computed by the test at the very end of a period would otherwise
    be refused by the server a few milliseconds later.
    """
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def enrol_totp():
    """``enrol_totp(user)``: TOTP enrolled with the demo secret."""

    def enrol(user):
        totp_enrol_demo(user=user, secret=DEMO_TOTP_SECRET)
        return user

    return enrol
