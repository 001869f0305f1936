"""Checking the rows of a member list: every bad row reported with its row
number, column and message; good rows cleaned for saving."""

import datetime

import pytest

from conciliare.registry.membership_import_checks import RowChecker
from conciliare.registry.membership_import_reading import ImportRow
from conciliare.registry.models import (
    LegalForm,
    MembershipStatus,
    SizeClass,
    Typology,
)
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
    with_wrong_check_digit,
)
from conciliare.registry.tests.membership_import_files import member_row
from conciliare.territory.models import Comune

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 4)


def _check(*rows):
    """Check ``rows`` (numbered from 2, as under a header) for Milano's network."""
    checker = RowChecker(network=NetworkFactory.create(), today=TODAY)
    return checker.check_all(
        ImportRow(number=number, values=values)
        for number, values in enumerate(rows, start=2)
    )


def _errors(*rows):
    _good, errors = _check(*rows)
    return [(error.row, error.column, error.message) for error in errors]


def test_a_good_row_is_cleaned():
    # given
    row = member_row(
        1,
        tipologia="private_company",
        dimensione="Media (50-249 addetti)",
        comune="015118",
        forma_giuridica="srl",
        partita_iva="",
        cap="20025",
        email_referente=" luca@example.org ",
        consenso_elenco="SI",
    )

    # when
    good, errors = _check(row)

    # then
    assert errors == []
    (checked,) = good
    legnano = Comune.objects.get(name="Legnano")
    assert checked.number == 2
    assert checked.tax_code == row["codice_fiscale"]
    assert checked.typology == Typology.PRIVATE_COMPANY
    assert checked.size_class == SizeClass.MEDIUM
    assert checked.legal_form == LegalForm.SRL
    assert (checked.comune_id, checked.ambito_id) == (legnano.pk, legnano.ambito_id)
    assert checked.member_since == datetime.date(2021, 3, 15)
    assert checked.contact_email == "luca@example.org"
    assert checked.directory_consent is True


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("tipologia", "soggetti privati (aziende)", Typology.PRIVATE_COMPANY),
        ("tipologia", "PUBLIC_BODY", Typology.PUBLIC_BODY),
        ("dimensione", "Grande", SizeClass.LARGE),
        ("dimensione", "micro", SizeClass.MICRO),
        ("dimensione", "small", SizeClass.SMALL),
    ],
)
def test_choices_accept_the_value_or_the_italian_label(column, value, expected):
    good, errors = _check(member_row(1, **{column: value}))

    assert errors == []
    attribute = "typology" if column == "tipologia" else "size_class"
    assert getattr(good[0], attribute) == expected


def test_spreadsheet_numbers_and_dates_are_understood():
    # given what Excel makes of codes and dates
    good, errors = _check(
        member_row(1, codice_fiscale=743110157, comune=15146, cap=1234),
        member_row(2, membro_dal=datetime.datetime(2020, 1, 31)),
        member_row(3, membro_dal=44197),  # 2021-01-01 as an Excel serial
        member_row(4, membro_dal="2019-06-30", consenso_elenco=""),
        member_row(5, comune="Palazzolo sull’Oglio", consenso_elenco="no"),
    )

    # then
    assert errors == []
    assert good[0].tax_code == "00743110157"
    assert good[0].comune_id == Comune.objects.get(istat_code="015146").pk
    assert good[0].postal_code == "01234"
    assert [row.member_since for row in good[1:4]] == [
        datetime.date(2020, 1, 31),
        datetime.date(2021, 1, 1),
        datetime.date(2019, 6, 30),
    ]
    assert good[3].directory_consent is False
    assert good[4].comune_id == Comune.objects.get(name="Palazzolo sull'Oglio").pk


def test_legal_form_defaults_to_other_and_member_since_may_be_empty():
    good, _errors = _check(member_row(1, membro_dal=""))

    assert good[0].legal_form == LegalForm.OTHER
    assert good[0].member_since is None


def test_a_wrong_tax_code_is_reported_with_its_row():
    # given
    bad_code = with_wrong_check_digit(member_row(2)["codice_fiscale"])

    # when
    errors = _errors(member_row(1), member_row(2, codice_fiscale=bad_code))

    # then
    assert errors == [
        (
            3,
            "codice_fiscale",
            f"Il codice fiscale {bad_code} non è valido: la cifra di controllo è "
            "errata.",
        )
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("tipologia", "Aziende agricole", "Tipologia «Aziende agricole» non ricon"),
        ("dimensione", "enorme", "Dimensione «enorme» non riconosciuta"),
        ("comune", "Atlantide", "Comune «Atlantide» non trovato"),
        ("comune", "999999", "Nessun comune ha il codice ISTAT 999999"),
        ("denominazione", "", "Valore obbligatorio"),
        ("codice_fiscale", "", "Valore obbligatorio"),
        ("tipologia", "  ", "Valore obbligatorio"),
        ("email_referente", "luca@", "L'indirizzo e-mail «luca@» non è valido"),
        ("pec", "senza-chiocciola", "«senza-chiocciola» non è valido"),
        ("membro_dal", "31/02/2021", "Data «31/02/2021» non valida"),
        ("membro_dal", "ieri", "Data «ieri» non valida"),
        ("membro_dal", "01/01/2027", "è nel futuro"),
        ("consenso_elenco", "forse", "Valore «forse» non valido"),
        ("forma_giuridica", "tribù", "Forma giuridica «tribù» non riconosciuta"),
        ("partita_iva", "12345678901", "La partita IVA 12345678901 non è valida"),
        ("cap", "2012A", "Il CAP «2012A» deve avere 5 cifre"),
        ("denominazione", "x" * 256, "supera i 255 caratteri"),
    ],
)
def test_each_bad_value_is_reported_with_row_column_and_message(column, value, message):
    # when the third data row (row 4 of the sheet) has the bad value
    errors = _errors(member_row(1), member_row(2), member_row(3, **{column: value}))

    # then
    assert len(errors) == 1
    row, reported_column, text = errors[0]
    assert (row, reported_column) == (4, column)
    assert message in text


def test_a_tax_code_repeated_in_the_file_is_reported_on_the_repeat():
    code = member_row(1)["codice_fiscale"]

    errors = _errors(member_row(1), member_row(2), member_row(3, codice_fiscale=code))

    assert errors == [
        (
            4,
            "codice_fiscale",
            f"Codice fiscale {code} ripetuto: compare già alla riga 2.",
        )
    ]


@pytest.mark.parametrize(
    ("status", "reported"),
    [
        (MembershipStatus.ACTIVE, True),
        (MembershipStatus.REQUESTED, True),
        (MembershipStatus.PRESUMED, True),
        (MembershipStatus.WITHDRAWN, False),
    ],
)
def test_an_organisation_already_a_live_member_is_reported(status, reported):
    # given an organisation of the file with a membership of the network
    organisation = OrganisationFactory.create(tax_code=member_row(1)["codice_fiscale"])
    make_membership(
        network=NetworkFactory.create(), organisation=organisation, status=status
    )

    # when
    errors = _errors(member_row(1))

    # then
    if reported:
        assert errors == [
            (
                2,
                "codice_fiscale",
                f"L'ente con codice fiscale {organisation.tax_code} è già aderente "
                "alla rete o ha una richiesta di adesione in corso.",
            )
        ]
    else:
        assert errors == []


def test_a_row_reports_every_problem_it_has():
    errors = _errors(member_row(1, tipologia="?", dimensione="?", comune="?"))

    assert [column for _row, column, _message in errors] == [
        "tipologia",
        "dimensione",
        "comune",
    ]


def test_checking_many_rows_costs_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    network = NetworkFactory.create()
    rows = [ImportRow(number=n, values=member_row(n)) for n in range(2, 502)]

    with django_assert_max_num_queries(3):
        good, errors = RowChecker(network=network, today=TODAY).check_all(rows)

    assert (len(good), errors) == (500, [])
