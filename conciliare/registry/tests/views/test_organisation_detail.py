from http import HTTPStatus

import pytest
from django.urls import reverse

from conciliare.registry.services import organisation_update
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(organisation) -> str:
    return reverse("registry:organisation-detail", args=[organisation.pk])


def test_an_officer_sees_every_field_the_edit_button_and_the_history(client, login_as):
    # given
    organisation = OrganisationFactory.create(
        legal_name="Fondazione Aurora",
        address="Via Dante 5",
        postal_code="20121",
        pec="aurora@pec.example.org",
        website="https://aurora.example.org",
    )
    officer = login_as("ats_officer")
    organisation_update(
        actor=officer, organisation=organisation, data={"phone": "02 555"}
    )

    # when
    response = client.get(_url(organisation))

    # then
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for value in (
        "Fondazione Aurora",
        organisation.tax_code,
        "Associazione",
        "Via Dante 5",
        "20121",
        "Milano (MI)",
        "Milano Città",
        "aurora@pec.example.org",
        "https://aurora.example.org",
        "02 555",
    ):
        assert value in html
    assert reverse("registry:organisation-update", args=[organisation.pk]) in html
    assert "Registro eventi" in html
    assert "organisation.update" in html


def test_a_committee_member_reads_but_has_no_edit_button(client, login_as):
    organisation = OrganisationFactory.create()
    login_as("committee_member")

    response = client.get(_url(organisation))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert reverse("registry:organisation-update", args=[organisation.pk]) not in html
    assert "Registro eventi" in html


def test_a_representative_sees_their_organisation_without_the_history(client, login_as):
    # given
    organisation = OrganisationFactory.create()
    login_as("org_representative", organisation=organisation)

    # when
    response = client.get(_url(organisation))

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert reverse("registry:organisation-update", args=[organisation.pk]) in html
    assert "Registro eventi" not in html
    list_url = reverse("registry:organisation-list")
    assert f'href="{list_url}"' not in html  # no crumb to the staff list


@pytest.mark.parametrize("who", ["citizen", "org_representative"])
def test_others_get_404_for_an_organisation_they_may_not_see(client, login_as, who):
    organisation = OrganisationFactory.create()
    login_as(who)  # a representative of another organisation

    response = client.get(_url(organisation))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_missing_organisation_is_404(client, login_as):
    login_as("regional_officer")

    response = client.get(reverse("registry:organisation-detail", args=[999_999]))

    assert response.status_code == HTTPStatus.NOT_FOUND
