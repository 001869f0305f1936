import pytest
from django.core.exceptions import PermissionDenied

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.accounts.services import role_assign
from conciliare.accounts.tests.factories import ROLES, ats, make_user
from conciliare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_regional_officer_assigns_a_role_and_it_is_audited(make_actor):
    # given
    actor = make_actor(Role.REGIONAL_OFFICER)
    person = make_user()
    assert person.roles == []
    # when
    assignment = role_assign(
        actor=actor, user=person, role=Role.ATS_OFFICER, ats_id=ats("milano").pk
    )
    # then
    assert (assignment.role, assignment.ats) == (Role.ATS_OFFICER, ats("milano"))
    assert person.roles == [assignment]  # the cached list was refreshed
    event = AuditEvent.objects.for_object(person).get()
    assert (event.actor, event.verb, event.to_state) == (
        actor,
        "role.assign",
        Role.ATS_OFFICER,
    )
    assert event.note == str(assignment)


def test_assigning_a_role_held_already_changes_nothing(make_actor):
    # given
    actor = make_actor(Role.REGIONAL_OFFICER)
    person = make_user()
    first = role_assign(actor=actor, user=person, role=Role.REGIONAL_OFFICER)
    # when
    again = role_assign(actor=actor, user=person, role=Role.REGIONAL_OFFICER)
    # then
    assert again == first
    assert AuditEvent.objects.for_object(person).count() == 1


def test_a_superuser_may_assign_roles():
    actor = make_user(is_superuser=True)
    person = make_user()
    role_assign(actor=actor, user=person, role=Role.REGIONAL_OFFICER)
    assert person.has_role(Role.REGIONAL_OFFICER)


@pytest.mark.parametrize(
    "who", [w for w in ROLES if w not in ("anonymous", Role.REGIONAL_OFFICER)]
)
def test_nobody_else_may_assign_roles(make_actor, who):
    # given
    actor = make_actor(who)
    person = make_user()
    # when / then
    with pytest.raises(PermissionDenied):
        role_assign(actor=actor, user=person, role=Role.REGIONAL_OFFICER)
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert not AuditEvent.objects.for_object(person).exists()
