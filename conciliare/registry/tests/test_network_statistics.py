"""Selectors of the networks and their statistics (figures by the database)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conciliare.registry.models import MembershipStatus, SizeClass, Typology
from conciliare.registry.network_selectors import (
    network_directory,
    network_get_public,
    network_list_public,
)
from conciliare.registry.statistics_selectors import (
    membership_statistics,
    regional_statistics,
)
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import ATS, Comune, ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _member(
    network, *, status=MembershipStatus.ACTIVE, year=2025, consent=False, **org
):
    membership = make_membership(
        network=network,
        organisation=OrganisationFactory.create(**org),
        status=status,
        directory_consent=consent,
        decision_reason="motivo",
    )
    # the request was filed this year; the organisation is a member since then
    membership.__class__.objects.filter(pk=membership.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 1)),
        member_since=datetime.date(year, 3, 1) if membership.member_since else None,
    )
    return membership


def _counts(rows):
    return {row["key"]: row["count"] for row in rows}


def test_statistics_count_active_and_presumed_members_only():
    # given
    network = NetworkFactory.create()
    _member(network, typology=Typology.TRADE_UNION, size_class=SizeClass.LARGE)
    _member(
        network,
        status=MembershipStatus.PRESUMED,
        typology=Typology.TRADE_UNION,
        size_class=SizeClass.MICRO,
        year=2024,
    )
    _member(network, typology=Typology.PRIVATE_COMPANY, size_class=SizeClass.MICRO)
    for status in (
        MembershipStatus.REQUESTED,
        MembershipStatus.REJECTED,
        MembershipStatus.WITHDRAWN,
        MembershipStatus.EXCLUDED,
    ):
        _member(
            network,
            status=status,
            typology=Typology.EDUCATION,
        )

    # when
    stats = membership_statistics(network=network)

    # then
    assert stats["total"] == 3
    assert [row["key"] for row in stats["typology"]] == list(Typology.values)
    assert _counts(stats["typology"]) == {
        **dict.fromkeys(Typology.values, 0),
        Typology.TRADE_UNION: 2,
        Typology.PRIVATE_COMPANY: 1,
    }
    assert stats["typology"][3]["label"] == "Associazioni sindacali"
    assert stats["typology"][3]["percent"] == 67
    assert _counts(stats["size_class"]) == {
        SizeClass.MICRO: 2,
        SizeClass.SMALL: 0,
        SizeClass.MEDIUM: 0,
        SizeClass.LARGE: 1,
    }
    assert _counts(stats["join_year"]) == {"2024": 1, "2025": 2}


def test_statistics_by_ambito_most_members_first():
    # given
    network = NetworkFactory.create()
    legnano = Comune.objects.get(name="Legnano")
    milano = Comune.objects.get(name="Milano")
    _member(network, comune=legnano)
    _member(network, comune=milano)
    _member(network, comune=milano)

    # when
    rows = membership_statistics(network=network)["ambito"]

    # then
    assert [row["count"] for row in rows] == [2, 1]
    assert legnano.ambito is not None
    assert rows[1]["label"] == legnano.ambito.name


def test_statistics_of_an_empty_network_list_every_typology_with_zeros():
    stats = membership_statistics(network=NetworkFactory.create())

    assert stats["total"] == 0
    assert len(stats["typology"]) == 7
    assert all(row["count"] == 0 and row["percent"] == 0 for row in stats["typology"])
    assert stats["ambito"] == []


@pytest.mark.parametrize("members", [5, 60])
def test_statistics_take_three_queries_whatever_the_members(members):
    # given
    network = NetworkFactory.create()
    for _ in range(members):
        _member(network)

    # when
    with CaptureQueriesContext(connection) as queries:
        membership_statistics(network=network)

    # then
    assert len(queries) == 3


def test_regional_statistics_list_every_ats_with_region_totals():
    # given
    period = ProgrammingPeriod.objects.get(slug="2025-2027")
    milano = NetworkFactory.create()
    brescia = NetworkFactory.create(ats=ATS.objects.get(slug="brescia"))
    old = NetworkFactory.create(period=ProgrammingPeriod.objects.get(slug="2020-2023"))
    _member(milano, typology=Typology.PUBLIC_BODY)
    _member(milano, typology=Typology.TRADE_UNION)
    _member(brescia, typology=Typology.PUBLIC_BODY)
    _member(brescia, status=MembershipStatus.REQUESTED)
    _member(old, typology=Typology.PUBLIC_BODY)

    # when
    with CaptureQueriesContext(connection) as queries:
        stats = regional_statistics(period=period)

    # then
    assert len(queries) == 1
    assert len(stats["rows"]) == 8
    by_ats = {row["ats_slug"]: row for row in stats["rows"]}
    assert by_ats["milano"]["total"] == 2
    assert by_ats["milano"]["counts"][0] == 1
    assert by_ats["brescia"]["total"] == 1
    assert by_ats["pavia"]["total"] == 0
    assert stats["totals"][0] == 2
    assert stats["total"] == 3
    assert len(stats["typologies"]) == 7


def test_network_list_counts_members_in_one_query():
    # given
    network = NetworkFactory.create()
    _member(network)
    _member(network, status=MembershipStatus.REQUESTED)
    NetworkFactory.create(period=ProgrammingPeriod.objects.get(slug="2020-2023"))

    # when
    with CaptureQueriesContext(connection) as queries:
        networks = list(network_list_public())
        [(n.ats.name, n.period.name) for n in networks]

    # then
    assert len(queries) == 1
    assert networks[0] == network  # newest period first
    assert networks[0].members_count == 1
    assert networks[1].members_count == 0


def test_network_get_public_finds_by_slugs_or_404():
    from django.http import Http404

    network = NetworkFactory.create()

    assert network_get_public(ats_slug="milano", period_slug="2025-2027") == network
    with pytest.raises(Http404):
        network_get_public(ats_slug="brescia", period_slug="2025-2027")


def test_directory_lists_consenting_members_matching_the_name():
    # given
    network = NetworkFactory.create()
    _member(network, legal_name="Cooperativa Il Girasole", consent=True)
    _member(network, legal_name="Comune di Rho")  # no consent
    _member(network, legal_name="Comune di Legnano", consent=True)
    _member(
        network,
        legal_name="Comune di Magenta",
        consent=True,
        status=MembershipStatus.WITHDRAWN,
    )

    # when
    names = [
        m.organisation.legal_name
        for m in network_directory(network=network, q="comune")
    ]

    # then
    assert names == ["Comune di Legnano"]
