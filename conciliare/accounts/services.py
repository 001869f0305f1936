from django.db import transaction

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.audit.services import event_record
from conciliare.core.permissions import ensure_perm

SYSTEM_EMAIL = "sistema@conciliare.invalid"


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
