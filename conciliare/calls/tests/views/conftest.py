import pytest


@pytest.fixture
def sign_in(client):
    """``sign_in(user)``: the test client is signed in as ``user`` (TOTP
    enrolled for staff, as the MFA middleware requires)."""
    from allauth.mfa.models import Authenticator

    def _sign_in(user):
        if user.is_staff_role:
            Authenticator.objects.get_or_create(
                user=user,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}},
            )
        client.force_login(user)
        return user

    return _sign_in
