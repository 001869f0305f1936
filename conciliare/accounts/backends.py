"""Authentication backends that authenticate and nothing more.

Permissions have one vocabulary, django-rules (``rules.permissions.
ObjectPermissionBackend``): Django's model permissions and groups are not
used. Django's and allauth's backends would otherwise load a person's model
permissions (two queries) on the first ``has_perm`` of every request.
Superusers keep every permission through ``PermissionsMixin``.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef


class _NoModelPermissions:
    def get_user(self, user_id: Any) -> Any:
        """The signed-in person, with whether TOTP is enrolled in the same query
        (the MFA middleware asks on every request of a staff member)."""
        user_model = get_user_model()
        totp = Authenticator.objects.filter(
            user=OuterRef("pk"), type=Authenticator.Type.TOTP
        )
        user = (
            user_model._default_manager.annotate(_totp_is_enrolled=Exists(totp))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and user.is_active else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False


class EmailBackend(_NoModelPermissions, AuthenticationBackend):  # type: ignore[misc]
    """allauth's e-mail and password sign-in."""


class PasswordBackend(_NoModelPermissions, ModelBackend):
    """Django's sign-in (the admin login form), by e-mail and password."""
