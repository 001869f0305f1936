from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from conciliare.accounts.models import RoleAssignment, User


def role_list_for_user(*, user: User) -> list[RoleAssignment]:
    return user.roles


def user_list_for_ats(*, ats_id: int) -> QuerySet[User]:
    return User.objects.filter(role_assignments__ats_id=ats_id).distinct()


def totp_is_enrolled(*, user: User) -> bool:
    """Whether ``user`` has an authenticator app (TOTP) enrolled.

    Asked on every request of a staff member: the authentication backend
    loads it with the user (``backends._NoModelPermissions.get_user``), and
    otherwise the answer is kept on the user object for the request.
    """
    # getattr/setattr, not __dict__: request.user is a lazy proxy of the user
    cached: bool | None = getattr(user, "_totp_is_enrolled", None)
    if cached is None:
        cached = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
        setattr(user, "_totp_is_enrolled", cached)  # noqa: B010
    return cached
