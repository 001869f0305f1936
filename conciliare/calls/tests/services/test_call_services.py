from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.tests.factories import complete_application
from conciliare.audit.models import AuditEvent
from conciliare.calls.models import CallStatus, GuidanceDocument, GuidanceStatus
from conciliare.calls.services import (
    call_amend,
    call_create,
    call_initial,
    call_publish,
    calls_close_due,
)
from conciliare.calls.tests.factories import call_data, make_call
from conciliare.territory.models import ProgrammingPeriod

pytestmark = pytest.mark.django_db


def _officer(slug="milano"):
    return make_user(Role.ATS_OFFICER, ats=ats(slug))


def test_a_new_call_starts_from_the_documented_examples():
    officer = _officer("brianza")
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    call = call_create(
        actor=officer, ats=ats("brianza"), period=period, data=call_data()
    )
    # ATS Brianza's call: 337,126.00 split 80/20 to the cent
    assert call.projects_budget == Decimal("269700.80")
    assert call.system_action_budget == Decimal("67425.20")
    assert call.min_cofinancing_share == Decimal("30.00")
    assert call.max_grant == Decimal("50000.00")
    assert call.composition_rules.min_partners == 4
    assert call.composition_rules.period is None  # its own copy
    assert call.criteria.count() == 5
    assert [a.name for a in call.required_attachments.all()] == [
        "Accordo di partenariato sottoscritto",
        "Dichiarazioni sottoscritte dei partner",
    ]
    assert call.areas.count() == 6
    assert AuditEvent.objects.filter(
        verb="call.create", object_id=str(call.pk)
    ).exists()


def test_the_activities_deadline_defaults_to_the_periods_while_still_ahead():
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    assert period.activities_end_by is not None
    assert period.activities_end_by.isoformat() == "2023-05-31"
    # 31/05/2023 has passed: a call made now must say its own date
    assert call_initial(period=period)["activities_end_by"] is None
    later = ProgrammingPeriod.objects.get(slug="2025-2027")
    later.activities_end_by = timezone.localdate() + timedelta(days=400)
    later.save()
    assert call_initial(period=later)["activities_end_by"] == later.activities_end_by
    data = call_data()
    del data["activities_end_by"]
    with pytest.raises(ValidationError) as exc:
        call_create(actor=_officer(), ats=ats("milano"), period=period, data=data)
    assert "activities_end_by" in exc.value.message_dict


def test_an_officer_of_another_ats_cannot_create_a_call():
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    with pytest.raises(PermissionDenied):
        call_create(
            actor=_officer("brescia"),
            ats=ats("milano"),
            period=period,
            data=call_data(),
        )


def test_bad_dates_and_grant_limits_are_refused_by_field():
    period = ProgrammingPeriod.objects.get(slug="2020-2023")
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        call_create(
            actor=_officer(),
            ats=ats("milano"),
            period=period,
            data=call_data(
                opens_at=now,
                closes_at=now - timedelta(hours=1),
                min_grant=Decimal(9000),
                max_grant=Decimal(5000),
            ),
        )
    assert set(exc.value.message_dict) >= {"closes_at", "max_grant"}


def test_publishing_needs_the_adopted_dti():
    call = make_call(ats_slug="insubria", published=False)
    GuidanceDocument.objects.filter(pk=call.guidance_id).update(
        status=GuidanceStatus.DRAFT, act_number="", act_date=None, adopted_at=None
    )
    officer = _officer("insubria")
    with pytest.raises(ValidationError) as exc:
        call_publish(actor=officer, call=call)
    assert "Documento Territoriale di Indirizzo" in str(exc.value)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_publishing_records_the_time_and_the_event():
    call = make_call(published=False)
    call = call_publish(actor=_officer(), call=call)
    assert call.status == CallStatus.PUBLISHED
    assert call.published_at is not None
    assert AuditEvent.objects.filter(
        verb="call.publish", object_id=str(call.pk)
    ).exists()


def test_an_amendment_is_recorded_with_its_reason_and_told_to_those_with_drafts(
    django_capture_on_commit_callbacks,
):
    call = make_call()
    complete_application(call=call)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call = call_amend(
            actor=_officer(),
            call=call,
            data={"max_grant": Decimal("60000.00")},
            reason="Aumento del contributo massimo (decreto 12/2020).",
        )
    amendment = call.amendments.get()
    assert amendment.number == 1
    assert amendment.changes == {"max_grant": ["50000.00", "60000.00"]}
    assert mail.outbox, "people with drafts are told"
    assert "Aumento del contributo massimo" in mail.outbox[0].body


def test_an_amendment_needs_a_reason_and_a_change():
    call = make_call()
    with pytest.raises(ValidationError):
        call_amend(
            actor=_officer(),
            call=call,
            data={"max_grant": Decimal("60000")},
            reason=" ",
        )
    with pytest.raises(ValidationError):
        call_amend(
            actor=_officer(),
            call=call,
            data={"max_grant": call.max_grant},
            reason="Nulla",
        )


def test_a_draft_call_cannot_be_amended_only_changed():
    call = make_call(published=False)
    with pytest.raises(PermissionDenied):
        call_amend(
            actor=_officer(), call=call, data={"title": "Altro"}, reason="Motivo"
        )


def test_calls_past_their_close_time_are_closed():
    call = make_call()
    assert calls_close_due() == []
    # asked about a later moment, the service still checks the real clock
    assert calls_close_due(now=call.closes_at + timedelta(seconds=1)) == []
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.opens_at = call.closes_at - timedelta(days=10)
    call.save()
    [closed_call] = calls_close_due()
    assert closed_call.status == CallStatus.CLOSED
    assert closed_call.closed_at == call.closes_at
    assert AuditEvent.objects.filter(verb="call.close", object_id=str(call.pk)).exists()
