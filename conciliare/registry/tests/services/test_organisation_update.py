import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.registry.models import SizeClass
from conciliare.registry.services import organisation_update
from conciliare.registry.tests.factories import OrganisationFactory
from conciliare.territory.models import Comune

pytestmark = pytest.mark.django_db


def test_organisation_update_changes_the_fields_and_audits_old_and_new(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    organisation = OrganisationFactory.create(legal_name="Vecchio nome")
    officer = make_actor("ats_officer")

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        updated = organisation_update(
            actor=officer,
            organisation=organisation,
            data={"legal_name": "Nuovo nome", "size_class": SizeClass.MEDIUM},
        )

    # then
    organisation.refresh_from_db()
    assert (organisation.legal_name, organisation.size_class) == (
        "Nuovo nome",
        SizeClass.MEDIUM,
    )
    assert updated == organisation
    event = AuditEvent.objects.for_object(organisation).get()
    assert (event.actor, event.verb) == (officer, "organisation.update")
    assert event.changes == {
        "legal_name": ["Vecchio nome", "Nuovo nome"],
        "size_class": [SizeClass.SMALL, SizeClass.MEDIUM],
    }
    assert len(callbacks) == 1


def test_organisation_update_by_its_representative(make_actor):
    # given
    organisation = OrganisationFactory.create()
    representative = make_actor("org_representative", organisation=organisation)

    # when
    organisation_update(
        actor=representative, organisation=organisation, data={"phone": "02 1234"}
    )

    # then
    organisation.refresh_from_db()
    assert organisation.phone == "02 1234"


@pytest.mark.parametrize("who", ["citizen", "committee_member", "org_representative"])
def test_organisation_update_is_refused_without_permission(make_actor, who):
    # given: "org_representative" represents another organisation
    organisation = OrganisationFactory.create(legal_name="Invariato")
    user = make_actor(who)

    # when / then
    with pytest.raises(PermissionDenied):
        organisation_update(
            actor=user, organisation=organisation, data={"legal_name": "Cambiato"}
        )
    organisation.refresh_from_db()
    assert organisation.legal_name == "Invariato"
    assert not AuditEvent.objects.exists()


def test_organisation_update_without_changes_writes_nothing(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    organisation = OrganisationFactory.create()
    officer = make_actor("ats_officer")

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        organisation_update(
            actor=officer,
            organisation=organisation,
            data={"legal_name": organisation.legal_name},
        )

    # then
    assert not AuditEvent.objects.exists()
    assert callbacks == []


def test_organisation_update_refuses_another_organisation_tax_code(make_actor):
    # given
    taken = OrganisationFactory.create(legal_name="Primo ente")
    organisation = OrganisationFactory.create()
    original = organisation.tax_code
    officer = make_actor("regional_officer")

    # when
    with pytest.raises(ValidationError) as exc_info:
        organisation_update(
            actor=officer, organisation=organisation, data={"tax_code": taken.tax_code}
        )

    # then
    assert exc_info.value.message_dict == {
        "tax_code": [
            "Esiste già un ente con questo codice fiscale: "
            f"Primo ente ({taken.tax_code})."
        ]
    }
    organisation.refresh_from_db()
    assert organisation.tax_code == original


def test_organisation_update_keeps_its_own_tax_code(make_actor):
    # given
    organisation = OrganisationFactory.create()
    officer = make_actor("ats_officer")

    # when
    organisation_update(
        actor=officer,
        organisation=organisation,
        data={"tax_code": organisation.tax_code, "legal_name": "Altro"},
    )

    # then
    organisation.refresh_from_db()
    assert organisation.legal_name == "Altro"


def test_a_representative_is_not_told_who_holds_a_tax_code(make_actor):
    # given
    OrganisationFactory.create(legal_name="Ente riservato", tax_code="00743110157")
    organisation = OrganisationFactory.create()
    representative = make_actor("org_representative", organisation=organisation)

    # when
    with pytest.raises(ValidationError) as exc_info:
        organisation_update(
            actor=representative,
            organisation=organisation,
            data={"tax_code": "00743110157"},
        )

    # then
    assert exc_info.value.message_dict["tax_code"] == [
        "Esiste già un ente con questo codice fiscale: 00743110157."
    ]


def test_organisation_update_defaults_a_cleared_ambito_to_the_comune_one(make_actor):
    # given
    organisation = OrganisationFactory.create()
    brescia = Comune.objects.get(name="Brescia")
    officer = make_actor("ats_officer")

    # when
    organisation_update(
        actor=officer,
        organisation=organisation,
        data={"comune": brescia, "ambito": None},
    )

    # then
    organisation.refresh_from_db()
    assert organisation.ambito == brescia.ambito
    event = AuditEvent.objects.for_object(organisation).get()
    assert event.changes["comune"] == ["Milano (MI)", "Brescia (BS)"]
    assert event.changes["ambito"] == ["Milano Città", "Brescia"]


def test_organisation_update_ignores_unsaved_changes_to_the_instance(make_actor):
    # given: a bound ModelForm has already changed the instance in memory
    organisation = OrganisationFactory.create(legal_name="Nel database")
    organisation.legal_name = "Solo in memoria"
    officer = make_actor("ats_officer")

    # when
    organisation_update(
        actor=officer, organisation=organisation, data={"phone": "02 1"}
    )

    # then
    organisation.refresh_from_db()
    assert organisation.legal_name == "Nel database"
    event = AuditEvent.objects.for_object(organisation).get()
    assert event.changes == {"phone": ["", "02 1"]}
