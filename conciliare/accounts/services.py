import binascii
from base64 import b32decode

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.audit.services import event_record
from conciliare.core.permissions import ensure_perm

SYSTEM_EMAIL = "sistema@conciliare.invalid"
#: The published secret of the demo staff accounts (`make totp EMAIL=...`).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 (published on purpose)


def system_user() -> User:
    """The service account that background jobs act as, so no event lacks an actor."""
    user, _created = User.objects.get_or_create(
        email=SYSTEM_EMAIL,
        defaults={"full_name": "Sistema Conciliare", "is_active": False},
    )
    return user


@transaction.atomic
def role_assign(
    *,
    actor: User,
    user: User,
    role: Role,
    ats_id: int | None = None,
    organisation_id: int | None = None,
) -> RoleAssignment:
    ensure_perm(actor, "accounts.assign_role", None)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, ats_id=ats_id, organisation_id=organisation_id
    )
    if created:
        event_record(
            actor=actor,
            verb="role.assign",
            target=user,
            to_state=role,
            note=str(assignment),
        )
    user.__dict__.pop("roles", None)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    ensure_perm(actor, "accounts.assign_role", None)
    user = assignment.user
    note = str(assignment)
    role = assignment.role
    assignment.delete()
    event_record(
        actor=actor, verb="role.revoke", target=user, from_state=role, note=note
    )
    user.__dict__.pop("roles", None)


@transaction.atomic
def totp_enrol_demo(*, user: User, secret: str) -> Authenticator:
    """Enrol ``user`` in TOTP with a known ``secret``: demo accounts only.

    People enrol themselves through allauth's pages (scanning a QR code); the
    demo data needs staff accounts whose codes anyone can compute from the
    published secret. The authenticator is made by allauth's own
    ``TOTP.activate`` so the secret is stored as allauth expects (through the
    MFA adapter's ``encrypt``), and recovery codes are added as allauth does
    on interactive enrolment. Idempotent: an existing authenticator is kept.
    The actor is the system user, since no person performs the enrolment.
    """
    try:
        b32decode(secret, casefold=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("a TOTP secret must be base32-encoded") from error
    existing = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).first()
    if existing is not None:
        return existing
    authenticator: Authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    event_record(
        actor=system_user(),
        verb="mfa.totp_enrol",
        target=user,
        to_state="totp",
        note="demo secret",
    )
    return authenticator
