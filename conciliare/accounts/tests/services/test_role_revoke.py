import pytest
from django.core.exceptions import PermissionDenied

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.accounts.services import role_revoke
from conciliare.accounts.tests.factories import ROLES, ats, make_user
from conciliare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_regional_officer_revokes_a_role_and_it_is_audited(make_actor):
    # given
    actor = make_actor(Role.REGIONAL_OFFICER)
    person = make_user(Role.COMMITTEE_MEMBER, ats=ats("brescia"))
    assignment = person.roles[0]
    description = str(assignment)
    # when
    role_revoke(actor=actor, assignment=assignment)
    # then
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert person.roles == []
    event = AuditEvent.objects.for_object(person).get()
    assert (event.actor, event.verb, event.from_state, event.note) == (
        actor,
        "role.revoke",
        Role.COMMITTEE_MEMBER,
        description,
    )


@pytest.mark.parametrize(
    "who", [w for w in ROLES if w not in ("anonymous", Role.REGIONAL_OFFICER)]
)
def test_nobody_else_may_revoke_roles(make_actor, who):
    # given
    actor = make_actor(who)
    person = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    # when / then
    with pytest.raises(PermissionDenied):
        role_revoke(actor=actor, assignment=person.roles[0])
    assert RoleAssignment.objects.filter(user=person).count() == 1
    assert not AuditEvent.objects.for_object(person).exists()
