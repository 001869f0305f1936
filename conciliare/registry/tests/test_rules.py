"""Permission matrices of the registry rules, and their selector twins."""

import pytest
from django.contrib.auth.models import AnonymousUser

from conciliare.accounts.tests.factories import ROLES
from conciliare.registry.selectors import organisation_visible_to
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# ROLES plus the case that matters most: a representative of another ente.
WHO = [*ROLES, "other_representative"]


@pytest.fixture
def actor(make_actor):
    def _actor(who, organisation):
        if who == "other_representative":
            return make_actor(
                "org_representative", organisation=OrganisationFactory.create()
            )
        user = make_actor(who, organisation=organisation)
        return AnonymousUser() if user is None else user

    return _actor


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("org_representative", False),
        ("other_representative", False),
        ("committee_member", True),
        ("ats_officer", True),
        ("regional_officer", True),
    ],
)
def test_view_organisation_list_rule(actor, who, allowed):
    # given
    user = actor(who, OrganisationFactory.create())

    # when / then
    assert user.has_perm("registry.view_organisation_list") is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("org_representative", True),
        ("other_representative", False),
        ("committee_member", True),
        ("ats_officer", True),
        ("regional_officer", True),
    ],
)
def test_view_organisation_rule(actor, who, allowed):
    # given
    organisation = OrganisationFactory.create()
    user = actor(who, organisation)

    # when / then
    assert user.has_perm("registry.view_organisation", organisation) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("org_representative", False),
        ("other_representative", False),
        ("committee_member", False),
        ("ats_officer", True),
        ("regional_officer", True),
    ],
)
def test_add_organisation_rule(actor, who, allowed):
    # given
    user = actor(who, OrganisationFactory.create())

    # when / then
    assert user.has_perm("registry.add_organisation") is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("org_representative", True),
        ("other_representative", False),
        ("committee_member", False),
        ("ats_officer", True),
        ("regional_officer", True),
    ],
)
def test_change_organisation_rule(actor, who, allowed):
    # given
    organisation = OrganisationFactory.create()
    user = actor(who, organisation)

    # when / then
    assert user.has_perm("registry.change_organisation", organisation) is allowed


def test_ats_officer_of_another_ats_may_still_change_any_organisation(make_actor):
    # given: the registry is regional, not split by ATS
    organisation = OrganisationFactory.create()  # in Milano
    officer = make_actor("ats_officer", ats_slug="brescia")

    # when / then
    assert officer.has_perm("registry.change_organisation", organisation) is True


def test_object_rules_without_an_object_deny_representatives(make_actor):
    # given
    representative = make_actor("org_representative")

    # when / then
    assert representative.has_perm("registry.view_organisation") is False
    assert representative.has_perm("registry.change_organisation") is False


@pytest.mark.parametrize("who", WHO)
def test_visible_to_agrees_with_the_view_rule(actor, who):
    # given
    organisation = OrganisationFactory.create()
    elsewhere = OrganisationFactory.create()
    user = actor(who, organisation)

    # when
    visible = set(organisation_visible_to(user=user))

    # then
    for candidate in (organisation, elsewhere):
        assert (candidate in visible) is user.has_perm(
            "registry.view_organisation", candidate
        )
