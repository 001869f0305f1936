"""The plan's steps: approved by an act of the ATS, sent to the Region,
validated or returned with remarks; each refused out of order or to the
wrong person."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.tests.factories import pdf_file
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import InvalidTransition
from conciliare.documents.models import DocumentKind
from conciliare.plans.models import FundingSource, PlanStatus, PlanVersion
from conciliare.plans.plan_content_services import system_action_add
from conciliare.plans.plan_services import (
    plan_approve,
    plan_approve_blockers,
    plan_return,
    plan_send,
    plan_validate,
)
from conciliare.plans.tests.factories import approve, make_plan

pytestmark = pytest.mark.django_db


def _officer(version: PlanVersion):
    return make_user(Role.ATS_OFFICER, ats=version.plan.ats)


def _approve(version, **overrides):
    values = {
        "actor": _officer(version),
        "version": version,
        "act_number": "390",
        "act_date": timezone.localdate(),
        "act_file": pdf_file("delibera.pdf"),
    }
    values.update(overrides)
    return plan_approve(**values)


def _action(version, budget="10000.00", title="Sportello di rete"):
    return system_action_add(
        actor=_officer(version),
        version=version,
        data={
            "title": title,
            "description": "Coordinamento della Rete territoriale.",
            "budget": Decimal(budget),
        },
    )


def test_approval_publishes_the_act_and_freezes_the_content(
    django_capture_on_commit_callbacks,
):
    version = make_plan(funded=2)
    _action(version)
    with django_capture_on_commit_callbacks(execute=True):
        version = _approve(version)

    version.refresh_from_db()
    assert version.status == PlanStatus.APPROVED
    assert (version.act_number, version.act_date) == ("390", timezone.localdate())
    assert version.act_document.kind == DocumentKind.ACT
    assert version.act_document.is_public
    assert version.snapshot["totals"]["grants"] == "100000.00"
    assert version.snapshot["totals"]["system_actions"] == "10000.00"
    assert version.snapshot["totals"]["committed"] == "110000.00"
    assert [a["title"] for a in version.snapshot["system_actions"]] == [
        "Sportello di rete"
    ]
    # the worker produced the plan's PDF, public
    assert version.document is not None
    assert version.document.kind == DocumentKind.PLAN
    assert version.document.is_public
    assert version.document.file.read().startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="plan.approve").count() == 1


def test_approval_needs_the_act_number_date_and_file():
    version = make_plan(funded=1)
    with pytest.raises(ValidationError) as caught:
        _approve(version, act_number=" ", act_date=None, act_file=None)
    assert set(caught.value.message_dict) == {"act_number", "act_date", "act_file"}
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_an_act_dated_in_the_future_is_refused():
    version = make_plan(funded=1)
    with pytest.raises(ValidationError) as caught:
        _approve(version, act_date=timezone.localdate() + timedelta(days=1))
    assert "act_date" in caught.value.message_dict


def test_an_empty_plan_cannot_be_approved():
    version = make_plan(funded=1)
    version.funded_projects.all().delete()
    blockers = plan_approve_blockers(version=version)
    assert any("almeno un progetto" in b for b in blockers)
    with pytest.raises(ValidationError, match="almeno un progetto"):
        _approve(version)


def test_system_actions_over_the_calls_share_are_refused():
    version = make_plan(funded=1)
    call = version.plan.call
    assert call is not None
    share = call.system_action_budget
    _action(version, budget=str(share + Decimal("0.01")))
    with pytest.raises(ValidationError, match="superano la quota dell'avviso"):
        _approve(version)


def test_more_committed_than_the_funding_is_refused():
    version = make_plan(funded=2)
    FundingSource.objects.filter(version=version).update(amount=Decimal("40000.00"))
    with pytest.raises(ValidationError, match="superano le fonti di finanziamento"):
        _approve(version)


def test_a_plan_cannot_be_validated_before_it_is_approved_and_sent():
    version = make_plan(funded=1)
    regional = make_user(Role.REGIONAL_OFFICER)
    with pytest.raises(InvalidTransition):
        plan_validate(actor=regional, version=version)
    version = approve(version)
    with pytest.raises(InvalidTransition):
        plan_validate(actor=regional, version=version)
    version.refresh_from_db()
    assert version.status == PlanStatus.APPROVED


def test_a_draft_cannot_be_sent():
    version = make_plan(funded=1)
    with pytest.raises(InvalidTransition):
        plan_send(actor=_officer(version), version=version)


def test_sending_tells_the_regional_officers(django_capture_on_commit_callbacks):
    regional = make_user(Role.REGIONAL_OFFICER)
    version = make_plan(funded=1, status="approved")
    with django_capture_on_commit_callbacks(execute=True):
        version = plan_send(actor=_officer(version), version=version)
    assert version.status == PlanStatus.SENT
    assert version.sent_at is not None
    assert any(regional.email in message.to for message in mail.outbox)


@pytest.mark.parametrize("who", ["same_ats", "other_ats", "committee"])
def test_only_a_regional_officer_validates(who):
    version = make_plan(funded=1, status="sent")
    actor = {
        "same_ats": lambda: _officer(version),
        "other_ats": lambda: make_user(Role.ATS_OFFICER, ats=ats("brianza")),
        "committee": lambda: make_user(Role.COMMITTEE_MEMBER, ats=version.plan.ats),
    }[who]()
    with pytest.raises(PermissionDenied):
        plan_validate(actor=actor, version=version)
    with pytest.raises(PermissionDenied):
        plan_return(actor=actor, version=version, remarks="No.")


def test_a_regional_officer_validates_a_sent_plan(django_capture_on_commit_callbacks):
    version = make_plan(funded=1, status="sent")
    officer = _officer(version)
    regional = make_user(Role.REGIONAL_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        version = plan_validate(actor=regional, version=version)
    assert version.status == PlanStatus.VALIDATED
    assert version.validated_by == regional
    assert any(officer.email in message.to for message in mail.outbox)


def test_returning_needs_remarks():
    version = make_plan(funded=1, status="sent")
    with pytest.raises(ValidationError) as caught:
        plan_return(
            actor=make_user(Role.REGIONAL_OFFICER), version=version, remarks="  "
        )
    assert "remarks" in caught.value.message_dict
    version.refresh_from_db()
    assert version.status == PlanStatus.SENT


def test_a_returned_plan_is_corrected_and_approved_again():
    version = make_plan(funded=1, status="returned")
    assert version.remarks == "Precisare le azioni di sistema."
    _action(version)  # editable again
    version = _approve(version, act_number="412")
    assert version.status == PlanStatus.APPROVED
    assert version.act_number == "412"
    assert len(version.snapshot["system_actions"]) == 1
    version = plan_send(actor=_officer(version), version=version)
    version = plan_validate(actor=make_user(Role.REGIONAL_OFFICER), version=version)
    assert version.status == PlanStatus.VALIDATED


def test_an_officer_of_another_ats_cannot_approve_or_send():
    version = make_plan(funded=1)
    other = make_user(Role.ATS_OFFICER, ats=ats("brianza"))
    with pytest.raises(PermissionDenied):
        _approve(version, actor=other)
    version = approve(version)
    with pytest.raises(PermissionDenied):
        plan_send(actor=other, version=version)
