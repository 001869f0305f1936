import pytest

from conciliare.registry.models import SizeClass, Typology
from conciliare.registry.selectors import organisation_list
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import ATS, Ambito, Comune

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_actor):
    user = make_actor("ats_officer")
    user.roles  # noqa: B018 (load the cached roles before counting queries)
    return user


def test_search_matches_part_of_the_legal_name_ignoring_case(officer):
    # given
    girasole = OrganisationFactory.create(legal_name="Cooperativa Il Girasole")
    OrganisationFactory.create(legal_name="Comune di Legnano")

    # when / then
    assert list(organisation_list(user=officer, search="girasole")) == [girasole]


def test_search_matches_a_whole_tax_code_typed_loosely(officer):
    # given
    wanted = OrganisationFactory.create(tax_code="00743110157")
    OrganisationFactory.create()

    # when / then
    assert list(organisation_list(user=officer, search=" 007 4311 0157")) == [wanted]
    assert list(organisation_list(user=officer, search="0074311")) == []


def test_search_matches_a_vat_number_with_its_country_prefix(officer):
    # given
    wanted = OrganisationFactory.create(tax_code="", vat_number="00743110157")
    OrganisationFactory.create()

    # when / then
    assert list(organisation_list(user=officer, search="IT00743110157")) == [wanted]


def test_filters_by_typology_and_size(officer):
    # given
    wanted = OrganisationFactory.create(
        typology=Typology.TRADE_UNION, size_class=SizeClass.LARGE
    )
    OrganisationFactory.create(
        typology=Typology.TRADE_UNION, size_class=SizeClass.SMALL
    )
    OrganisationFactory.create(typology=Typology.EDUCATION, size_class=SizeClass.LARGE)

    # when
    found = organisation_list(
        user=officer, typology=Typology.TRADE_UNION, size_class=SizeClass.LARGE
    )

    # then
    assert list(found) == [wanted]


def test_filters_by_ambito_and_by_ats(officer):
    # given
    legnano = OrganisationFactory.create(comune=Comune.objects.get(name="Legnano"))
    brescia = OrganisationFactory.create(comune=Comune.objects.get(name="Brescia"))
    no_ambito = OrganisationFactory.create(
        comune=Comune.objects.get(name="Montichiari"), ambito=None
    )

    # when / then
    legnanese = Ambito.objects.get(slug="legnanese")
    assert list(organisation_list(user=officer, ambito=legnanese)) == [legnano]
    assert list(organisation_list(user=officer, ambito=legnanese.pk)) == [legnano]
    assert set(
        organisation_list(user=officer, ats=ATS.objects.get(slug="brescia"))
    ) == {brescia, no_ambito}
    assert list(
        organisation_list(user=officer, ats=ATS.objects.get(slug="milano"))
    ) == [legnano]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("legal_name", ["Alfa", "Beta", "Gamma"]),
        ("-legal_name", ["Gamma", "Beta", "Alfa"]),
        ("typology", ["Gamma", "Alfa", "Beta"]),
        ("comune", ["Beta", "Gamma", "Alfa"]),
        ("-created_at", ["Gamma", "Beta", "Alfa"]),
        ("comune__province__region; DROP", ["Alfa", "Beta", "Gamma"]),
    ],
)
def test_ordering_is_limited_to_a_whitelist(officer, ordering, expected):
    # given (created in this order: Alfa, Beta, Gamma)
    OrganisationFactory.create(
        legal_name="Alfa",
        typology=Typology.PRIVATE_NONPROFIT,
        comune=Comune.objects.get(name="Milano"),
    )
    OrganisationFactory.create(
        legal_name="Beta",
        typology=Typology.TRADE_UNION,
        comune=Comune.objects.get(name="Brescia"),
    )
    OrganisationFactory.create(
        legal_name="Gamma",
        typology=Typology.EMPLOYER_ASSOCIATION,
        comune=Comune.objects.get(name="Legnano"),
    )

    # when
    names = [o.legal_name for o in organisation_list(user=officer, ordering=ordering)]

    # then
    assert names == expected


def test_the_list_preloads_comune_province_ambito_and_ats(
    officer, django_assert_num_queries
):
    # given
    OrganisationFactory.create_batch(5)
    OrganisationFactory.create(comune=Comune.objects.get(name="Brescia"))
    organisations = organisation_list(user=officer)

    # when / then: one query, however many rows
    with django_assert_num_queries(1):
        shown = [
            (str(o.comune), o.comune.province.code, o.ambito and o.ambito.ats.slug)
            for o in organisations
        ]
    assert len(shown) == 6
    assert all(ats_slug for _comune, _province, ats_slug in shown)


def test_the_list_holds_only_a_representative_own_organisation(make_actor):
    # given
    own = OrganisationFactory.create()
    OrganisationFactory.create()
    representative = make_actor("org_representative", organisation=own)

    # when / then: what they may see (the HTML list itself is staff only)
    assert list(organisation_list(user=representative)) == [own]
