import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from conciliare.registry.selectors import (
    organisation_get_for_user,
    organisation_visible_to,
)
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["committee_member", "ats_officer", "regional_officer"])
def test_staff_see_the_whole_registry(make_actor, who):
    # given
    organisations = OrganisationFactory.create_batch(3)
    user = make_actor(who)

    # when / then
    assert set(organisation_visible_to(user=user)) == set(organisations)


def test_a_representative_sees_only_their_organisation(make_actor):
    # given
    own = OrganisationFactory.create()
    OrganisationFactory.create()
    representative = make_actor("org_representative", organisation=own)

    # when / then
    assert list(organisation_visible_to(user=representative)) == [own]


@pytest.mark.parametrize("user", ["citizen", "anonymous"])
def test_others_see_nothing(make_actor, user):
    # given
    OrganisationFactory.create()
    actor = make_actor(user) or AnonymousUser()

    # when / then
    assert not organisation_visible_to(user=actor).exists()


def test_get_for_user_returns_a_visible_organisation_with_its_territory(
    make_actor, django_assert_num_queries
):
    # given
    organisation = OrganisationFactory.create()
    representative = make_actor("org_representative", organisation=organisation)
    # roles and Django's own permissions are cached on the user after one check
    representative.has_perm("registry.view_organisation_list")

    # when
    with django_assert_num_queries(1):
        found = organisation_get_for_user(user=representative, pk=organisation.pk)
        ambito = found.ambito
        assert ambito is not None
        territory = (found.comune.province.code, ambito.ats.slug)

    # then
    assert found == organisation
    assert territory == ("MI", "milano")


def test_get_for_user_is_404_for_missing_and_forbidden_alike(make_actor):
    # given
    hidden = OrganisationFactory.create()
    representative = make_actor("org_representative")

    # when / then
    with pytest.raises(Http404):
        organisation_get_for_user(user=representative, pk=hidden.pk)
    with pytest.raises(Http404):
        organisation_get_for_user(user=representative, pk=hidden.pk + 1000)
