from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from conciliare.accounts.models import RoleAssignment, User


def role_list_for_user(*, user: User) -> list[RoleAssignment]:
    return user.roles


def user_list_for_ats(*, ats_id: int) -> QuerySet[User]:
    return User.objects.filter(role_assignments__ats_id=ats_id).distinct()


def totp_is_enrolled(*, user: User) -> bool:
    """Whether ``user`` has an authenticator app (TOTP) enrolled."""
    return bool(
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )
