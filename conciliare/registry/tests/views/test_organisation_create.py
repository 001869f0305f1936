from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from conciliare.audit.models import AuditEvent
from conciliare.registry.models import Organisation
from conciliare.registry.tests.factories import (
    OrganisationFactory,
    with_wrong_check_digit,
)
from conciliare.territory.models import Ambito, Comune

pytestmark = pytest.mark.django_db

URL = reverse("registry:organisation-create")


def _post_data(**overrides):
    data = {
        "legal_name": "Associazione Tempo Libero",
        "tax_code": "00743110157",
        "vat_number": "",
        "legal_form": "association",
        "typology": "private_nonprofit",
        "size_class": "micro",
        "address": "Piazza San Magno 1",
        "postal_code": "20025",
        "comune": str(Comune.objects.get(name="Legnano").pk),
        "ambito": "",
        "pec": "",
        "email": "info@tempolibero.example.org",
        "phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_form_has_a_label_for_every_field(client, login_as):
    login_as("ats_officer")

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    for name in _post_data():
        assert f'for="id_{name}"' in html
    assert "is_synthetic" not in html
    assert "Legnano (MI)" in html


def test_an_officer_registers_an_organisation(client, login_as):
    # given
    officer = login_as("ats_officer")

    # when
    response = client.post(URL, _post_data(tax_code="007 4311 0157"))

    # then
    organisation = Organisation.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.tax_code == "00743110157"
    assert organisation.ambito == Ambito.objects.get(slug="legnanese")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ente «Associazione Tempo Libero» registrato."
    ]
    assert AuditEvent.objects.for_object(organisation).get().actor == officer


def test_a_wrong_check_digit_is_shown_on_the_field_keeping_the_input(client, login_as):
    # given
    login_as("ats_officer")
    wrong = with_wrong_check_digit("00743110157")

    # when
    response = client.post(URL, _post_data(tax_code=wrong))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert (
        '<div class="invalid-feedback d-block" id="id_tax_code_error">'
        f"Il codice fiscale {wrong} non è valido: la cifra di controllo è errata."
        "</div>"
    ) in html
    assert f'value="{wrong}"' in html
    assert 'value="Associazione Tempo Libero"' in html
    assert not Organisation.objects.exists()


def test_a_wrong_vat_check_digit_is_shown_on_its_field(client, login_as):
    login_as("ats_officer")

    response = client.post(URL, _post_data(tax_code="", vat_number="00743110158"))

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {
        "vat_number": [
            "La partita IVA 00743110158 non è valida: la cifra di controllo è errata."
        ]
    }


def test_a_duplicate_tax_code_is_shown_on_the_field_and_nothing_is_saved(
    client, login_as
):
    # given
    OrganisationFactory.create(legal_name="Comune di Legnano", tax_code="00743110157")
    login_as("ats_officer")

    # when
    response = client.post(URL, _post_data())

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {
        "tax_code": [
            "Esiste già un ente con questo codice fiscale: "
            "Comune di Legnano (00743110157)."
        ]
    }
    assert 'aria-describedby="id_tax_code_error id_tax_code_helptext"' in html
    assert 'value="Associazione Tempo Libero"' in html
    assert Organisation.objects.count() == 1


def test_missing_tax_code_and_vat_number_is_a_field_error(client, login_as):
    login_as("ats_officer")

    response = client.post(URL, _post_data(tax_code="", vat_number=""))

    assert response.context["form"].errors == {
        "tax_code": ["Indicare il codice fiscale oppure la partita IVA."]
    }


def test_required_fields_and_bad_values_are_explained_in_italian(client, login_as):
    login_as("ats_officer")

    response = client.post(
        URL,
        _post_data(
            legal_name="", comune="", postal_code="2002", email="no", typology="x"
        ),
    )

    errors = response.context["form"].errors
    assert errors["legal_name"] == ["Questo campo è obbligatorio."]
    assert errors["comune"] == ["Questo campo è obbligatorio."]
    assert errors["postal_code"] == ["Il CAP ha 5 cifre."]
    assert errors["email"] == ["Inserisci un indirizzo email valido."]
    assert len(errors["typology"]) == 1


@pytest.mark.parametrize("who", ["committee_member", "org_representative", "citizen"])
def test_registering_is_forbidden_to_others(client, login_as, who):
    login_as(who)

    assert client.get(URL).status_code == HTTPStatus.FORBIDDEN
    assert client.post(URL, _post_data()).status_code == HTTPStatus.FORBIDDEN
    assert not Organisation.objects.filter(tax_code="00743110157").exists()
