"""The composition check of a partnership against a period's or a call's rules."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conciliare.partnerships.composition import (
    FailureCode,
    alliance_check,
    composition_check,
)
from conciliare.partnerships.models import CompositionRules
from conciliare.partnerships.tests.factories import PartnerFactory, make_alliance
from conciliare.registry.models import MembershipStatus, SizeClass, Typology
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _rules_2020():
    return CompositionRules.objects.get(period__slug="2020-2023")


def _public(**kwargs):
    return OrganisationFactory.create(typology=Typology.PUBLIC_BODY, **kwargs)


def _firm(size=SizeClass.SMALL, **kwargs):
    return OrganisationFactory.create(
        typology=Typology.PRIVATE_COMPANY, size_class=size, **kwargs
    )


def _nonprofit(**kwargs):
    return OrganisationFactory.create(typology=Typology.PRIVATE_NONPROFIT, **kwargs)


def _codes(failures):
    return [failure.code for failure in failures]


def test_the_2020_defaults_are_met_by_a_public_lead_and_two_small_firms():
    # given a public lead, a micro and a small firm, a non-profit: 4 bodies
    lead = _public()
    partners = [_firm(SizeClass.MICRO), _firm(SizeClass.SMALL), _nonprofit()]

    # when
    failures = composition_check(lead=lead, partners=partners, rules=_rules_2020())

    # then
    assert failures == []


def test_a_lead_listed_among_the_partners_counts_once():
    lead = _public()
    partners = [lead, _firm(), _firm()]

    failures = composition_check(lead=lead, partners=partners, rules=_rules_2020())

    assert _codes(failures) == [FailureCode.MIN_PARTNERS]
    assert failures[0].message == (
        "Servono almeno 4 enti nel partenariato: ce ne sono 3."
    )


def test_a_company_may_not_lead_in_2020_and_the_message_names_who_may():
    lead = _firm(legal_name="Rossi Srl")
    partners = [_public(), _firm(), _nonprofit()]

    failures = composition_check(lead=lead, partners=partners, rules=_rules_2020())

    assert _codes(failures) == [FailureCode.LEAD_TYPOLOGY]
    message = failures[0].message
    assert "Soggetti pubblici (Ambiti territoriali)" in message
    assert "Soggetti privati (Organizzazioni No Profit)" in message
    assert "Rossi Srl" in message
    assert "Soggetti privati (Aziende)" in message


def test_a_nonprofit_may_lead_in_2020_but_not_in_2017():
    lead = _nonprofit()
    partners = [_public(), _firm(), _firm()]
    rules_2017 = CompositionRules.objects.get(period__slug="2017-2018")

    assert composition_check(lead=lead, partners=partners, rules=_rules_2020()) == []
    assert _codes(
        composition_check(lead=lead, partners=partners, rules=rules_2017)
    ) == [FailureCode.LEAD_TYPOLOGY]


def test_without_a_public_body_the_public_rule_fails():
    lead = _nonprofit()
    partners = [_nonprofit(), _firm(), _firm()]

    failures = composition_check(lead=lead, partners=partners, rules=_rules_2020())

    assert _codes(failures) == [FailureCode.MIN_PUBLIC_PARTNERS]
    assert failures[0].message == (
        "Serve almeno 1 ente pubblico nel partenariato: ce ne sono 0."
    )


def test_medium_firms_and_nonprofits_are_not_small_firms():
    lead = _public()
    partners = [_firm(SizeClass.MEDIUM), _firm(SizeClass.MICRO), _nonprofit()]
    # a non-profit of small size is not a company
    assert partners[2].size_class == SizeClass.SMALL

    failures = composition_check(lead=lead, partners=partners, rules=_rules_2020())

    assert _codes(failures) == [FailureCode.MIN_SMALL_FIRMS]
    assert failures[0].message == (
        "Servono almeno 2 micro o piccole imprese nel partenariato: ce n'è 1."
    )


def test_every_failed_rule_is_reported_in_order():
    lead = _firm(SizeClass.LARGE)

    failures = composition_check(lead=lead, partners=[], rules=_rules_2020())

    assert _codes(failures) == [
        FailureCode.LEAD_TYPOLOGY,
        FailureCode.MIN_PARTNERS,
        FailureCode.MIN_PUBLIC_PARTNERS,
        FailureCode.MIN_SMALL_FIRMS,
    ]


def test_a_custom_rule_set_of_a_call():
    # given a call's rules: companies may lead, 2 bodies, 2 public, no firms
    rules = CompositionRules.objects.create(
        name="Avviso di prova",
        lead_typologies=[Typology.PRIVATE_COMPANY],
        min_partners=2,
        min_public_partners=2,
        min_small_firms=0,
    )
    lead = _firm(SizeClass.LARGE)

    # when / then
    failures = composition_check(lead=lead, partners=[_public()], rules=rules)
    assert _codes(failures) == [FailureCode.MIN_PUBLIC_PARTNERS]
    assert failures[0].message == (
        "Servono almeno 2 enti pubblici nel partenariato: ce n'è 1."
    )
    assert (
        composition_check(lead=lead, partners=[_public(), _public()], rules=rules) == []
    )


def test_network_membership_is_checked_when_the_rule_says_so(
    django_assert_num_queries,
):
    # given the 2025-2027 rules requiring membership of the ATS network
    rules = CompositionRules.objects.get(period__slug="2025-2027")
    rules.partners_must_be_network_members = True
    rules.min_small_firms = 0
    rules.save()
    network = NetworkFactory.create()
    lead, member, presumed = _public(), _nonprofit(), _nonprofit()
    outsider = _nonprofit(legal_name="Associazione Esterna")
    rejected = _nonprofit(legal_name="Cooperativa Respinta")
    make_membership(network=network, organisation=lead, status=MembershipStatus.ACTIVE)
    make_membership(
        network=network, organisation=member, status=MembershipStatus.ACTIVE
    )
    make_membership(
        network=network, organisation=presumed, status=MembershipStatus.PRESUMED
    )
    make_membership(
        network=network,
        organisation=rejected,
        status=MembershipStatus.REJECTED,
        decision_reason="Dati incompleti",
    )

    # when: one query, whatever the number of partners
    with django_assert_num_queries(1):
        failures = composition_check(
            lead=lead,
            partners=[member, presumed, outsider, rejected],
            rules=rules,
            network=network,
        )

    # then
    assert _codes(failures) == [FailureCode.NOT_NETWORK_MEMBERS]
    assert "Associazione Esterna, Cooperativa Respinta" in failures[0].message
    assert "non vi aderiscono" in failures[0].message
    assert (
        composition_check(
            lead=lead,
            partners=[member, presumed, _public()],
            rules=rules,
            network=network,
        )[0].code
        == FailureCode.NOT_NETWORK_MEMBERS
    )  # the new public body is outside


def test_membership_rule_without_a_network_fails_clearly():
    rules = CompositionRules(
        name="x",
        min_partners=1,
        min_public_partners=0,
        min_small_firms=0,
        partners_must_be_network_members=True,
    )

    failures = composition_check(lead=_public(), partners=[], rules=rules)

    assert _codes(failures) == [FailureCode.NETWORK_MISSING]


def test_membership_is_not_queried_when_the_rule_does_not_ask(
    django_assert_num_queries,
):
    lead, partners = _public(), [_firm(), _firm(), _nonprofit()]
    rules = _rules_2020()

    with django_assert_num_queries(0):
        assert composition_check(lead=lead, partners=partners, rules=rules) == []


def test_alliance_check_reads_the_current_partners_only():
    # given an alliance with a public lead, two small firms, and a partner that left
    alliance = make_alliance(lead=_public(), partners=[_firm(), _firm()])
    gone = PartnerFactory.create(alliance=alliance, organisation=_nonprofit())
    gone.joined_on = timezone.localdate() - timedelta(days=30)
    gone.left_on = timezone.localdate() - timedelta(days=1)
    gone.save()

    # when / then: 3 current bodies
    failures = alliance_check(alliance=alliance, rules=_rules_2020())
    assert _codes(failures) == [FailureCode.MIN_PARTNERS]

    # on a day the fourth was still there, the alliance complied
    on = timezone.localdate() - timedelta(days=2)
    for partner in alliance.partners.all():
        if partner.pk != gone.pk:
            partner.joined_on = date(2020, 1, 1)
            partner.save()
    assert alliance_check(alliance=alliance, rules=_rules_2020(), on=on) == []


def test_alliance_check_finds_the_network_of_the_rules_period():
    rules = CompositionRules.objects.get(period__slug="2025-2027")
    rules.partners_must_be_network_members = True
    rules.min_partners = 1
    rules.min_public_partners = 0
    rules.min_small_firms = 0
    rules.save()
    network = NetworkFactory.create()
    alliance = make_alliance(
        lead=_public(),
        periods=[ProgrammingPeriod.objects.get(slug="2025-2027")],
    )

    failures = alliance_check(alliance=alliance, rules=rules)
    assert _codes(failures) == [FailureCode.NOT_NETWORK_MEMBERS]

    make_membership(
        network=network, organisation=alliance.lead, status=MembershipStatus.ACTIVE
    )
    assert alliance_check(alliance=alliance, rules=rules) == []
