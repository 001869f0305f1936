"""Role predicates shared by every app's rules.py (django-rules).

Object predicates expect the object to expose ``ats_id`` (an ATS-scoped
object) or ``organisation_ids`` / ``pk`` for organisations; each app's rules
adapt their objects to these helpers.
"""

from typing import Any

import rules

from conciliare.accounts.models import Role


def _roles(user: Any) -> list[Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(user.roles)


@rules.predicate
def is_regional_officer(user: Any) -> bool:
    return any(a.role == Role.REGIONAL_OFFICER for a in _roles(user))


@rules.predicate
def is_ats_officer(user: Any) -> bool:
    return any(a.role == Role.ATS_OFFICER for a in _roles(user))


@rules.predicate
def is_committee_member(user: Any) -> bool:
    return any(a.role == Role.COMMITTEE_MEMBER for a in _roles(user))


@rules.predicate
def is_organisation_representative(user: Any) -> bool:
    return any(a.role == Role.ORGANISATION_REPRESENTATIVE for a in _roles(user))


@rules.predicate
def is_staff_member(user: Any) -> bool:
    """Regional officer, ATS officer or committee member."""
    return bool(_roles(user)) and user.is_staff_role


def ats_ids_of(user: Any, *roles: str) -> set[int]:
    return {a.ats_id for a in _roles(user) if a.role in roles and a.ats_id}


def organisation_ids_of(user: Any) -> set[int]:
    return {
        a.organisation_id
        for a in _roles(user)
        if a.role == Role.ORGANISATION_REPRESENTATIVE and a.organisation_id
    }


def object_ats_id(obj: Any) -> int | None:
    return getattr(obj, "ats_id", None)


@rules.predicate
def is_ats_officer_of(user: Any, obj: Any) -> bool:
    """An officer of the ATS that owns ``obj`` (``obj.ats_id``)."""
    ats_id = object_ats_id(obj)
    return ats_id is not None and ats_id in ats_ids_of(user, Role.ATS_OFFICER)


@rules.predicate
def is_committee_member_of(user: Any, obj: Any) -> bool:
    ats_id = object_ats_id(obj)
    return ats_id is not None and ats_id in ats_ids_of(user, Role.COMMITTEE_MEMBER)
