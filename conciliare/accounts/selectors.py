from django.db.models import QuerySet

from conciliare.accounts.models import RoleAssignment, User


def role_list_for_user(*, user: User) -> list[RoleAssignment]:
    return user.roles


def user_list_for_ats(*, ats_id: int) -> QuerySet[User]:
    return User.objects.filter(role_assignments__ats_id=ats_id).distinct()
