from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.forms import model_to_dict
from django.urls import reverse

from conciliare.audit.models import AuditEvent
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(organisation) -> str:
    return reverse("registry:organisation-update", args=[organisation.pk])


def _post_data(organisation, **overrides):
    data = {
        key: "" if value is None else value
        for key, value in model_to_dict(organisation).items()
        if key not in {"id", "is_synthetic"}
    }
    data.update(overrides)
    return data


def test_the_form_is_filled_with_the_current_data(client, login_as):
    organisation = OrganisationFactory.create(legal_name="Ente da modificare")
    login_as("ats_officer")

    response = client.get(_url(organisation))

    assert response.status_code == HTTPStatus.OK
    assert 'value="Ente da modificare"' in response.content.decode()


def test_a_representative_updates_their_organisation(client, login_as):
    # given
    organisation = OrganisationFactory.create(phone="")
    representative = login_as("org_representative", organisation=organisation)

    # when
    response = client.post(_url(organisation), _post_data(organisation, phone="02 9"))

    # then
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == organisation.get_absolute_url()
    organisation.refresh_from_db()
    assert organisation.phone == "02 9"
    event = AuditEvent.objects.for_object(organisation).get()
    assert (event.actor, event.changes) == (representative, {"phone": ["", "02 9"]})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Dati dell'ente «{organisation.legal_name}» aggiornati."
    ]


def test_errors_keep_the_input_and_the_stored_name_in_the_title(client, login_as):
    # given
    taken = OrganisationFactory.create()
    organisation = OrganisationFactory.create(legal_name="Nome salvato")
    login_as("ats_officer")

    # when
    response = client.post(
        _url(organisation),
        _post_data(organisation, legal_name="Nome nuovo", tax_code=taken.tax_code),
    )

    # then
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Esiste già un ente con questo codice fiscale" in html
    assert 'value="Nome nuovo"' in html
    assert "<h1>Modifica i dati di Nome salvato</h1>" in html
    organisation.refresh_from_db()
    assert organisation.legal_name == "Nome salvato"


def test_a_committee_member_may_read_but_not_update(client, login_as):
    organisation = OrganisationFactory.create()
    login_as("committee_member")

    response = client.get(_url(organisation))

    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("who", ["citizen", "org_representative"])
def test_an_organisation_out_of_reach_is_404(client, login_as, who):
    organisation = OrganisationFactory.create(legal_name="Intoccabile")
    login_as(who)  # a representative of another organisation

    get = client.get(_url(organisation))
    post = client.post(_url(organisation), _post_data(organisation, legal_name="X"))

    assert (get.status_code, post.status_code) == (
        HTTPStatus.NOT_FOUND,
        HTTPStatus.NOT_FOUND,
    )
    organisation.refresh_from_db()
    assert organisation.legal_name == "Intoccabile"
