"""RoleAssignment's constraints hold in the database itself."""

import pytest
from django.db import IntegrityError, transaction

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(**fields)


@pytest.mark.parametrize("role", [Role.ATS_OFFICER, Role.COMMITTEE_MEMBER])
def test_an_ats_role_without_an_ats_is_refused(role):
    _refused(user=make_user(), role=role)


def test_an_ats_role_with_an_organisation_too_is_refused():
    _refused(
        user=make_user(),
        role=Role.ATS_OFFICER,
        ats=ats("milano"),
        organisation=OrganisationFactory(),
    )


def test_a_regional_officer_with_an_ats_is_refused():
    _refused(user=make_user(), role=Role.REGIONAL_OFFICER, ats=ats("milano"))


def test_an_organisation_representative_without_an_organisation_is_refused():
    _refused(user=make_user(), role=Role.ORGANISATION_REPRESENTATIVE)


def test_an_unknown_role_is_refused():
    _refused(user=make_user(), role="mayor")


def test_a_regional_officer_twice_is_refused():
    user = make_user(Role.REGIONAL_OFFICER)
    _refused(user=user, role=Role.REGIONAL_OFFICER)


def test_the_same_ats_role_twice_in_one_ats_is_refused():
    user = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    _refused(user=user, role=Role.ATS_OFFICER, ats=ats("milano"))


def test_the_same_organisation_twice_is_refused():
    organisation = OrganisationFactory()
    user = make_user(Role.ORGANISATION_REPRESENTATIVE, organisation=organisation)
    _refused(
        user=user, role=Role.ORGANISATION_REPRESENTATIVE, organisation=organisation
    )


def test_one_person_may_hold_several_scoped_roles():
    # given
    user = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    # when
    RoleAssignment.objects.create(user=user, role=Role.ATS_OFFICER, ats=ats("brescia"))
    RoleAssignment.objects.create(
        user=user, role=Role.COMMITTEE_MEMBER, ats=ats("milano")
    )
    # then
    assert RoleAssignment.objects.filter(user=user).count() == 3


@pytest.mark.parametrize(
    ("role", "staff"),
    [
        (None, False),
        (Role.ORGANISATION_REPRESENTATIVE, False),
        (Role.COMMITTEE_MEMBER, True),
        (Role.ATS_OFFICER, True),
        (Role.REGIONAL_OFFICER, True),
    ],
)
def test_staff_roles_are_regional_ats_and_committee(make_actor, role, staff):
    user = make_actor(role or "citizen")
    assert user.is_staff_role is staff


def test_an_assignment_reads_as_role_and_scope():
    user = make_user(Role.ATS_OFFICER, ats=ats("milano"))
    regional = make_user(Role.REGIONAL_OFFICER)
    assert str(user.roles[0]) == f"Funzionario ATS · {ats('milano')}"
    assert str(regional.roles[0]) == "Funzionario regionale · Regione Lombardia"
