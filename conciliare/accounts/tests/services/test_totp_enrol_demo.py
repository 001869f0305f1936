import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from conciliare.accounts.services import DEMO_TOTP_SECRET, totp_enrol_demo
from conciliare.accounts.tests.factories import make_user
from conciliare.accounts.tests.totp import totp_code
from conciliare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_enrolment_stores_the_secret_the_way_allauth_reads_it(tolerant_totp_clock):
    # given
    person = make_user()
    # when
    authenticator = totp_enrol_demo(user=person, secret=DEMO_TOTP_SECRET)
    # then allauth validates the codes computed from the secret
    assert authenticator.type == Authenticator.Type.TOTP
    assert TOTP(authenticator).validate_code(totp_code())
    assert not TOTP(authenticator).validate_code(totp_code(offset=5))


def test_enrolment_gives_recovery_codes_and_is_audited():
    # given
    person = make_user()
    # when
    totp_enrol_demo(user=person, secret=DEMO_TOTP_SECRET)
    # then
    assert set(person.authenticator_set.values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    event = AuditEvent.objects.for_object(person).get()
    assert (event.verb, event.actor.email) == (
        "mfa.totp_enrol",
        "sistema@conciliare.invalid",
    )


def test_enrolling_twice_keeps_the_first_authenticator():
    # given
    person = make_user()
    first = totp_enrol_demo(user=person, secret=DEMO_TOTP_SECRET)
    # when
    again = totp_enrol_demo(user=person, secret="MFRGGZDFMZTWQ2LK")
    # then
    assert again == first
    assert person.authenticator_set.filter(type=Authenticator.Type.TOTP).count() == 1
    assert AuditEvent.objects.for_object(person).count() == 1


def test_a_secret_that_is_not_base32_is_refused():
    person = make_user()
    with pytest.raises(ValueError, match="base32"):
        totp_enrol_demo(user=person, secret="not base32!")
    assert not person.authenticator_set.exists()
