"""Publishing a new version of a network's Regolamento."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conciliare.audit.models import AuditEvent
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests import samples
from conciliare.documents.tests.factories import upload
from conciliare.registry.network_regulation_services import (
    network_regulation_publish,
)
from conciliare.registry.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "title": "Regolamento della Rete",
        "valid_from": date(2025, 3, 1),
        "act_number": "Decreto 12",
        "act_date": date(2025, 2, 20),
    }
    data.update(overrides)
    return data


def _publish(actor, network, **overrides):
    return network_regulation_publish(
        actor=actor, network=network, data=_data(**overrides), file=upload("reg.pdf")
    )


def test_the_first_version_is_a_public_regulation_of_the_network(
    make_actor, django_capture_on_commit_callbacks
):
    # given
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        regulation = _publish(officer, network)

    # then
    network.refresh_from_db()
    assert network.regulation == regulation
    assert regulation.kind == DocumentKind.REGULATION
    assert regulation.is_public is True
    assert (regulation.ats, regulation.period) == (network.ats, network.period)
    assert (regulation.act_number, regulation.act_date) == (
        "Decreto 12",
        date(2025, 2, 20),
    )
    assert regulation.valid_until is None
    event = AuditEvent.objects.get(verb="network.regulation_publish")
    assert event.actor == officer
    assert event.changes["regulation"] == [None, "Regolamento della Rete"]
    assert callbacks  # public pages forgotten once committed


def test_a_new_version_closes_the_previous_one_the_day_before(make_actor):
    # given a version in force since 1 March 2025
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    first = _publish(officer, network)

    # when a new version starts on 1 January 2026
    second = _publish(
        officer, network, title="Regolamento, revisione 1", valid_from=date(2026, 1, 1)
    )

    # then
    first.refresh_from_db()
    network.refresh_from_db()
    assert first.valid_until == date(2025, 12, 31)
    assert network.regulation == second
    assert second.valid_until is None
    assert AuditEvent.objects.for_object(first).filter(verb="document.update").exists()


@pytest.mark.parametrize("valid_from", [date(2025, 3, 1), date(2024, 12, 31)])
def test_a_version_not_after_the_one_in_force_is_refused(valid_from, make_actor):
    # given a version in force since 1 March 2025
    officer = make_actor("ats_officer")
    network = NetworkFactory.create()
    first = _publish(officer, network)

    # when / then
    with pytest.raises(ValidationError) as exc:
        _publish(officer, network, valid_from=valid_from)

    assert "dopo quella attuale" in exc.value.message_dict["valid_from"][0]
    first.refresh_from_db()
    network.refresh_from_db()
    assert first.valid_until is None
    assert network.regulation == first
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "ats_slug"),
    [
        ("ats_officer", "brescia"),
        ("regional_officer", "milano"),
        ("committee_member", "milano"),
        ("org_representative", "milano"),
        ("citizen", "milano"),
    ],
)
def test_only_officers_of_the_network_ats_publish(who, ats_slug, make_actor):
    network = NetworkFactory.create()

    with pytest.raises(PermissionDenied):
        _publish(make_actor(who, ats_slug=ats_slug), network)

    network.refresh_from_db()
    assert network.regulation is None
    assert not Document.objects.exists()


def test_the_regulation_must_be_a_pdf(make_actor):
    network = NetworkFactory.create()

    with pytest.raises(ValidationError) as exc:
        network_regulation_publish(
            actor=make_actor("ats_officer"),
            network=network,
            data=_data(),
            file=upload("reg.docx", samples.ooxml_bytes("docx")),
        )

    assert "PDF" in exc.value.message_dict["file"][0]
    assert not Document.objects.exists()
