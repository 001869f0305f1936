import pytest
from django.db import DatabaseError, connection, transaction

from conciliare.accounts.tests.factories import UserFactory
from conciliare.audit.models import AppendOnlyError, AuditEvent
from conciliare.audit.selectors import event_list_for_object
from conciliare.audit.services import changes_between, event_record
from conciliare.territory.models import ATS

pytestmark = pytest.mark.django_db


def test_event_record_stores_who_what_from_to_and_note():
    # given
    actor = UserFactory.create()
    ats = ATS.objects.get(slug="milano")

    # when
    event = event_record(
        actor=actor,
        verb="ats.update",
        target=ats,
        from_state="a",
        to_state="b",
        changes={"name": ["x", "y"]},
        note="perché",
    )

    # then
    stored = event_list_for_object(target=ats).get()
    assert stored == event
    assert (stored.actor, stored.verb, stored.from_state, stored.to_state) == (
        actor,
        "ats.update",
        "a",
        "b",
    )
    assert stored.object_repr == ats.name
    assert stored.changes == {"name": ["x", "y"]}
    assert stored.note == "perché"


def test_events_of_one_object_are_not_shown_on_another():
    actor = UserFactory()
    milano, brescia = ATS.objects.get(slug="milano"), ATS.objects.get(slug="brescia")
    event_record(actor=actor, verb="x", target=milano)
    assert not event_list_for_object(target=brescia).exists()


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = event_record(
        actor=UserFactory(), verb="x", target=ATS.objects.get(slug="milano")
    )
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.note == ""


@pytest.mark.postgres
def test_postgresql_refuses_raw_updates_of_events():
    event = event_record(
        actor=UserFactory(), verb="x", target=ATS.objects.get(slug="milano")
    )
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE audit_auditevent SET note = 'x' WHERE id = %s", [event.pk]
        )


def test_changes_between_lists_only_fields_that_changed():
    assert changes_between({"a": 1, "b": "x"}, {"a": 2, "b": "x"}) == {"a": [1, 2]}
