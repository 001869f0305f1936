from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model


def ensure_perm(user: Any, perm: str, obj: Model | None = None) -> None:
    """Raise PermissionDenied unless ``user`` holds ``perm`` (on ``obj``)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
