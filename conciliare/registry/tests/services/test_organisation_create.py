import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.registry.models import Organisation
from conciliare.registry.services import organisation_create
from conciliare.registry.tests.factories import (
    OrganisationFactory,
    organisation_data,
    with_wrong_check_digit,
)
from conciliare.territory.models import Ambito

pytestmark = pytest.mark.django_db


def test_organisation_create_saves_normalised_data_with_the_comune_ambito(
    make_actor,
):
    # given
    officer = make_actor("ats_officer")
    data = organisation_data(tax_code=" 007 4311 0157 ", vat_number="it00743110157")

    # when
    organisation = organisation_create(actor=officer, data=data)

    # then
    organisation.refresh_from_db()
    assert organisation.tax_code == "00743110157"
    assert organisation.vat_number == "00743110157"
    assert organisation.ambito == Ambito.objects.get(slug="legnanese")
    assert organisation.is_synthetic is False


def test_organisation_create_keeps_an_ambito_given_explicitly(make_actor):
    # given
    officer = make_actor("regional_officer")
    castanese = Ambito.objects.get(slug="castanese")

    # when
    organisation = organisation_create(
        actor=officer, data=organisation_data(ambito=castanese)
    )

    # then
    assert organisation.ambito == castanese


def test_organisation_create_records_an_audit_event_with_actor_and_changes(
    make_actor,
):
    # given
    officer = make_actor("ats_officer")

    # when
    organisation = organisation_create(actor=officer, data=organisation_data())

    # then
    event = AuditEvent.objects.for_object(organisation).get()
    assert (event.actor, event.verb) == (officer, "organisation.create")
    assert event.changes["legal_name"] == [None, "Cooperativa Sociale Il Girasole"]
    assert event.changes["tax_code"] == [None, "00743110157"]
    assert event.changes["comune"] == [None, "Legnano (MI)"]
    assert event.changes["ambito"] == [None, "Legnanese"]
    assert "vat_number" not in event.changes  # blank values are not noise


def test_organisation_create_invalidates_public_pages_after_commit(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    officer = make_actor("ats_officer")
    cache.set("public-pages:generation", 7, timeout=None)

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organisation_create(actor=officer, data=organisation_data())

    # then
    assert len(callbacks) == 1
    assert cache.get("public-pages:generation") == 8


def test_organisation_create_refuses_a_wrong_check_digit_on_the_field(make_actor):
    # given
    officer = make_actor("ats_officer")
    wrong = with_wrong_check_digit("00743110157")

    # when
    with pytest.raises(ValidationError) as exc_info:
        organisation_create(actor=officer, data=organisation_data(tax_code=wrong))

    # then
    assert exc_info.value.message_dict == {
        "tax_code": [
            f"Il codice fiscale {wrong} non è valido: la cifra di controllo è errata."
        ]
    }
    assert not Organisation.objects.exists()


def test_organisation_create_refuses_a_duplicate_tax_code_and_saves_nothing(
    make_actor,
):
    # given
    existing = OrganisationFactory.create(legal_name="Comune di Legnano")
    officer = make_actor("ats_officer")

    # when
    with pytest.raises(ValidationError) as exc_info:
        organisation_create(
            actor=officer,
            data=organisation_data(tax_code=existing.tax_code.lower()),
        )

    # then
    assert exc_info.value.message_dict == {
        "tax_code": [
            "Esiste già un ente con questo codice fiscale: "
            f"Comune di Legnano ({existing.tax_code})."
        ]
    }
    assert list(Organisation.objects.all()) == [existing]
    assert not AuditEvent.objects.exists()


def test_organisation_create_converts_a_racing_duplicate_into_a_field_error(
    make_actor, monkeypatch
):
    # given: another writer saved the same tax code after our validation
    existing = OrganisationFactory.create()
    officer = make_actor("ats_officer")
    monkeypatch.setattr("conciliare.registry.services._validate", lambda *a, **kw: None)

    # when
    with pytest.raises(ValidationError) as exc_info:
        organisation_create(
            actor=officer, data=organisation_data(tax_code=existing.tax_code)
        )

    # then
    assert list(exc_info.value.message_dict) == ["tax_code"]
    assert "Esiste già un ente" in exc_info.value.message_dict["tax_code"][0]
    assert Organisation.objects.count() == 1


def test_organisation_create_needs_a_tax_code_or_a_vat_number(make_actor):
    # given
    officer = make_actor("ats_officer")

    # when
    with pytest.raises(ValidationError) as exc_info:
        organisation_create(
            actor=officer, data=organisation_data(tax_code="", vat_number="")
        )

    # then
    assert exc_info.value.message_dict == {
        "tax_code": ["Indicare il codice fiscale oppure la partita IVA."]
    }


def test_organisation_create_accepts_a_vat_number_alone(make_actor):
    # given
    officer = make_actor("ats_officer")

    # when
    organisation = organisation_create(
        actor=officer, data=organisation_data(tax_code="", vat_number="00743110157")
    )

    # then
    assert (organisation.tax_code, organisation.vat_number) == ("", "00743110157")


def test_organisation_create_reports_every_invalid_field_at_once(make_actor):
    # given
    officer = make_actor("ats_officer")

    # when
    with pytest.raises(ValidationError) as exc_info:
        organisation_create(
            actor=officer,
            data=organisation_data(legal_name="", typology="nowhere", pec="not-mail"),
        )

    # then
    assert set(exc_info.value.message_dict) == {"legal_name", "typology", "pec"}


def test_organisation_create_rejects_unknown_keys(make_actor):
    officer = make_actor("ats_officer")

    with pytest.raises(ValueError, match="created_at"):
        organisation_create(actor=officer, data=organisation_data(created_at=None))


@pytest.mark.parametrize("who", ["citizen", "org_representative", "committee_member"])
def test_organisation_create_is_refused_without_permission(make_actor, who):
    # given
    user = make_actor(who)
    before = Organisation.objects.count()

    # when / then
    with pytest.raises(PermissionDenied):
        organisation_create(actor=user, data=organisation_data())
    assert Organisation.objects.count() == before
