"""Signing an agreement: an officer of the ATS, once the Region validated
the plan, with the date and the signed file; the project then has its
agreement signed and the lead body is told."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import DocumentKind
from conciliare.plans.agreement_services import (
    agreement_sign,
    agreement_template_update,
    agreements_generate,
    months_after,
)
from conciliare.plans.models import AgreementStatus, DeadlineKind, PlanStatus
from conciliare.plans.tests.agreement_factories import (
    ACT_DAYS_AGO,
    make_agreement_plan,
    signed_pdf,
    version_set_status,
)
from conciliare.projects.models import ProjectStatus

pytestmark = pytest.mark.django_db


def _generated(**kwargs):
    setup = make_agreement_plan(grants=("30000.00",), **kwargs)
    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)
    return setup, agreement


def test_signing_moves_the_project_to_agreement_signed_and_is_audited(
    mailoutbox, django_capture_on_commit_callbacks
):
    setup, agreement = _generated()
    lead = setup.teams[0].lead
    lead.pec = "capofila@pec.example.org"
    lead.save()
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        agreement_sign(
            actor=setup.officer,
            agreement=agreement,
            signed_on=today,
            signed_file=signed_pdf(),
        )

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.signed_on == today
    assert agreement.signed_recorded_by == setup.officer
    document = agreement.signed_document
    assert document.kind == DocumentKind.AGREEMENT
    assert document.is_public is False
    assert document.ats == setup.plan.ats
    project = agreement.project
    project.refresh_from_db()
    assert project.status == ProjectStatus.AGREEMENT_SIGNED
    sign_event = AuditEvent.objects.get(verb="agreement.sign")
    assert (sign_event.from_state, sign_event.to_state) == ("draft", "signed")
    project_event = AuditEvent.objects.get(verb="project.agreement_signed")
    assert (project_event.from_state, project_event.to_state) == (
        "funded",
        "agreement_signed",
    )
    (message,) = mailoutbox
    assert "capofila@pec.example.org" in message.to
    assert agreement.number in message.subject
    # without a plan date, the interim report counts from the signature
    interim = agreement.deadlines.get(kind=DeadlineKind.INTERIM_REPORT)
    assert interim.due_on == months_after(today, 12)


def test_signing_keeps_the_plan_dates_of_the_reports():
    setup, agreement = _generated(milestones=True)

    agreement_sign(
        actor=setup.officer,
        agreement=agreement,
        signed_on=timezone.localdate(),
        signed_file=signed_pdf(),
    )

    interim = agreement.deadlines.get(kind=DeadlineKind.INTERIM_REPORT)
    assert interim.due_on == timezone.localdate() + timedelta(days=300)


@pytest.mark.parametrize("status", [PlanStatus.APPROVED, PlanStatus.SENT])
def test_signing_is_refused_before_the_region_validates_the_plan(status):
    setup, agreement = _generated(status=status)

    with pytest.raises(ApplicationError, match="validazione del piano"):
        agreement_sign(
            actor=setup.officer,
            agreement=agreement,
            signed_on=timezone.localdate(),
            signed_file=signed_pdf(),
        )

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_signing_after_validation_of_an_agreement_generated_before():
    setup, agreement = _generated(status=PlanStatus.SENT)
    version_set_status(setup.version, PlanStatus.VALIDATED)

    signed = agreement_sign(
        actor=setup.officer,
        agreement=agreement,
        signed_on=timezone.localdate(),
        signed_file=signed_pdf(),
    )

    assert signed.status == AgreementStatus.SIGNED


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "futura"), (-(ACT_DAYS_AGO + 1), "precedere l'approvazione del piano")],
)
def test_the_signature_date_is_neither_future_nor_before_the_plan(days, message):
    setup, agreement = _generated()

    with pytest.raises(ValidationError) as refused:
        agreement_sign(
            actor=setup.officer,
            agreement=agreement,
            signed_on=timezone.localdate() + timedelta(days=days),
            signed_file=signed_pdf(),
        )

    assert message in refused.value.message_dict["signed_on"][0]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_the_signed_file_is_required_and_checked():
    setup, agreement = _generated()

    with pytest.raises(ValidationError) as missing:
        agreement_sign(
            actor=setup.officer,
            agreement=agreement,
            signed_on=timezone.localdate(),
            signed_file=None,
        )
    assert "Allegare la convenzione" in missing.value.message_dict["signed_file"][0]

    fake = SimpleUploadedFile("firmata.pdf", b"not a pdf at all", "application/pdf")
    with pytest.raises(ValidationError) as refused:
        agreement_sign(
            actor=setup.officer,
            agreement=agreement,
            signed_on=timezone.localdate(),
            signed_file=fake,
        )
    assert "formato" in refused.value.message_dict["signed_file"][0]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.project.status == ProjectStatus.FUNDED


def test_an_officer_of_another_ats_may_not_sign():
    _setup, agreement = _generated()
    other = make_user(Role.ATS_OFFICER, ats=ats("brianza"))

    with pytest.raises(PermissionDenied):
        agreement_sign(
            actor=other,
            agreement=agreement,
            signed_on=timezone.localdate(),
            signed_file=signed_pdf(),
        )


def test_a_signed_agreement_is_signed_once_and_locks_the_template():
    setup, agreement = _generated()
    agreement_sign(
        actor=setup.officer,
        agreement=agreement,
        signed_on=timezone.localdate(),
        signed_file=signed_pdf(),
    )

    with pytest.raises(ApplicationError, match="già stata sottoscritta"):
        agreement_sign(
            actor=setup.officer,
            agreement=agreement,
            signed_on=timezone.localdate(),
            signed_file=signed_pdf(),
        )
    with pytest.raises(ApplicationError, match="non può più essere modificato"):
        agreement_template_update(
            actor=setup.officer,
            plan=setup.plan,
            data={
                "body": "Testo",
                "advance_share": Decimal(40),
                "interim_report_months": 12,
                "final_report_days": 60,
                "sample_share": Decimal("10.00"),
                "reminder_days_before": 15,
                "reminder_days_after": 7,
            },
        )
