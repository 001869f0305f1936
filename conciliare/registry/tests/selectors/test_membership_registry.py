import pytest

from conciliare.accounts.tests.factories import make_user
from conciliare.registry.membership_selectors import (
    membership_register_page_rows,
    membership_registry,
)
from conciliare.registry.models import MembershipStatus, SizeClass
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import Ambito, Comune, InterventionArea

pytestmark = pytest.mark.django_db


def _officer(make_actor):
    return make_actor("ats_officer")


def test_filters_by_size_class_area_and_ambito(make_actor):
    # given
    network = NetworkFactory.create()
    area, _created = InterventionArea.objects.get_or_create(
        period=network.period, number=91, defaults={"name": "Area di prova"}
    )
    large = make_membership(
        network=network,
        status=MembershipStatus.ACTIVE,
        organisation=OrganisationFactory.create(size_class=SizeClass.LARGE),
    )
    large.areas.set([area])
    small = make_membership(network=network, status=MembershipStatus.ACTIVE)
    user = _officer(make_actor)

    # when
    by_size = membership_registry(
        user=user, network=network, size_class=SizeClass.LARGE
    )
    by_area = membership_registry(user=user, network=network, area=area)
    by_ambito = membership_registry(
        user=user, network=network, ambito=small.organisation.ambito
    )

    # then
    assert list(by_size) == [large]
    assert list(by_area) == [large]
    assert set(by_ambito) == {large, small}


def test_an_unknown_ambito_gives_nothing(make_actor):
    network = NetworkFactory.create()
    make_membership(network=network, status=MembershipStatus.ACTIVE)
    other = Ambito.objects.exclude(
        pk=Comune.objects.get(name="Milano").ambito_id
    ).first()

    rows = membership_registry(user=_officer(make_actor), network=network, ambito=other)

    assert not rows.exists()


def test_status_live_all_and_one(make_actor):
    network = NetworkFactory.create()
    requested = make_membership(network=network)
    rejected = make_membership(
        network=network, status=MembershipStatus.REJECTED, decision_reason="No"
    )
    user = _officer(make_actor)

    assert list(membership_registry(user=user, network=network)) == [requested]
    assert set(membership_registry(user=user, network=network, status="")) == {
        requested,
        rejected,
    }
    assert list(
        membership_registry(
            user=user, network=network, status=MembershipStatus.REJECTED
        )
    ) == [rejected]


def test_sorting_by_name_and_unknown_ordering(make_actor):
    network = NetworkFactory.create()
    b = make_membership(
        network=network,
        organisation=OrganisationFactory.create(legal_name="Beta"),
    )
    a = make_membership(
        network=network,
        organisation=OrganisationFactory.create(legal_name="Alfa"),
    )
    user = _officer(make_actor)

    assert list(membership_registry(user=user, network=network, ordering="-name")) == [
        b,
        a,
    ]
    assert list(membership_registry(user=user, network=network, ordering="bogus")) == [
        a,
        b,
    ]


def test_other_ats_officers_see_nothing(make_actor):
    network = NetworkFactory.create()
    make_membership(network=network)

    rows = membership_registry(
        user=make_actor("ats_officer", ats_slug="brescia"), network=network
    )

    assert not rows.exists()
    assert not membership_registry(user=make_user(), network=network).exists()


def test_the_register_page_loads_only_the_columns_it_shows(make_actor):
    network = NetworkFactory.create()
    make_membership(network=network, status=MembershipStatus.ACTIVE)

    (row,) = membership_register_page_rows(
        membership_registry(user=_officer(make_actor), network=network)
    )

    assert {"contact_email", "legal_representative", "created_at"} <= (
        row.get_deferred_fields()
    )
    assert row.organisation.comune.name  # shown, loaded with the row
