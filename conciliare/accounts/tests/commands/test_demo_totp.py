import time
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import CommandError, call_command

from conciliare.accounts.services import DEMO_TOTP_SECRET, totp_enrol_demo
from conciliare.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _code_at(seconds: float) -> str:
    return str(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(seconds) // 30)))


def test_it_prints_the_current_code_of_a_demo_account():
    # given
    person = make_user(email="ats.milano@conciliare.demo")
    totp_enrol_demo(user=person, secret=DEMO_TOTP_SECRET)
    out = StringIO()
    # when
    before = time.time()
    call_command("demo_totp", "ATS.Milano@conciliare.demo", stdout=out)
    after = time.time()
    # then (a period may end while the command runs)
    assert out.getvalue().strip() in {_code_at(before), _code_at(after)}
    assert len(out.getvalue().strip()) == 6


def test_an_unknown_address_is_a_clear_error():
    with pytest.raises(CommandError, match="No account with e-mail nobody@"):
        call_command("demo_totp", "nobody@example.org")


def test_an_account_without_totp_is_a_clear_error():
    make_user(email="cittadino@conciliare.demo")
    with pytest.raises(CommandError, match="has no authenticator app"):
        call_command("demo_totp", "cittadino@conciliare.demo")


def test_codes_of_a_secret_other_than_the_demo_one_are_not_printed():
    person = make_user(email="persona@example.org")
    totp_enrol_demo(user=person, secret="MFRGGZDFMZTWQ2LK")
    out = StringIO()
    with pytest.raises(CommandError, match="not the demo secret"):
        call_command("demo_totp", "persona@example.org", stdout=out)
    assert out.getvalue() == ""
