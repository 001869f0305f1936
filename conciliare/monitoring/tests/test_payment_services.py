"""Payments, revocation and recoveries (``payment_services``): the advance
as the agreement schedules it, the balance computed from the checked
expenditure, never above the grant, each audited and told to the lead
body.

The statements and reports are written as rows here (their services are
tested with them); ``statement_checked`` and ``project_reported`` are shared
with the page tests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import make_user
from conciliare.applications.models import BudgetCategory
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.tests.factories import DocumentFactory
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    Payment,
    PaymentKind,
    Recovery,
    Revocation,
    StatementKind,
    StatementStatus,
)
from conciliare.monitoring.payment_services import (
    balance_preview,
    payment_record,
    project_revoke,
    recovery_outstanding,
    recovery_record,
)
from conciliare.monitoring.tests.factories import regional_officer, signed_project
from conciliare.plans.agreement_services import agreements_generate
from conciliare.plans.models import AgreementInstalment, InstalmentKind
from conciliare.plans.tests.agreement_factories import make_agreement_plan
from conciliare.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db


# -- shared helpers ------------------------------------------------------------------


def statement_checked(
    funded,
    *,
    expenses=(("60000.00", "60000.00"),),
    kind=StatementKind.FINAL,
    status=StatementStatus.CHECKED,
):
    """A statement of ``funded``'s project with one expense per (declared,
    eligible) pair (eligible None: not yet checked)."""
    now = timezone.now()
    today = timezone.localdate()
    project = funded.project
    statement = ExpenditureStatement.objects.create(
        project=project,
        ats=project.ats,
        kind=kind,
        number=ExpenditureStatement.objects.filter(project=project).count() + 1,
        period_start=today - timedelta(days=90),
        period_end=today,
        status=status,
        submitted_at=None if status == StatementStatus.DRAFT else now,
        submitted_by=None if status == StatementStatus.DRAFT else funded.lead_rep,
        checked_at=now if status == StatementStatus.CHECKED else None,
        checked_by=funded.officer if status == StatementStatus.CHECKED else None,
        created_by=funded.lead_rep,
    )
    for position, (declared, eligible) in enumerate(expenses, 1):
        amount = Decimal(declared)
        allowed = None if eligible is None else Decimal(eligible)
        if allowed is None:
            check = ExpenseCheck.PENDING
        elif allowed == amount:
            check = ExpenseCheck.ELIGIBLE
        elif allowed == 0:
            check = ExpenseCheck.NOT_ELIGIBLE
        else:
            check = ExpenseCheck.PARTLY_ELIGIBLE
        Expense.objects.create(
            statement=statement,
            organisation=funded.team.lead,
            category=BudgetCategory.PERSONNEL,
            description=f"Educatrice, mese {position}",
            document_number=f"F-{position}",
            document_date=today - timedelta(days=10),
            amount=amount,
            document=DocumentFactory(is_public=False),
            check_status=check,
            eligible_amount=allowed,
            check_reason=""
            if check in (ExpenseCheck.PENDING, ExpenseCheck.ELIGIBLE)
            else "Spesa fuori periodo",
        )
    return statement


def project_reported(funded):
    """The project moved to *rendicontato* (its final accounts closed)."""
    Project.objects.filter(pk=funded.project.pk).update(status=ProjectStatus.REPORTED)
    funded.project.refresh_from_db()
    return funded.project


def advance_paid(funded, **overrides):
    today = timezone.localdate()
    arguments = {
        "actor": funded.officer,
        "project": funded.project,
        "kind": PaymentKind.ADVANCE,
        "act_number": "LIQ-12",
        "act_date": today - timedelta(days=2),
        "paid_on": today - timedelta(days=1),
    }
    arguments.update(overrides)
    return payment_record(**arguments)


def _balance(funded, **overrides):
    return advance_paid(funded, kind=PaymentKind.BALANCE, **overrides)


# -- the advance ---------------------------------------------------------------------


def test_the_advance_is_paid_as_the_agreement_schedules_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    # given
    funded = signed_project()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        payment = advance_paid(funded)

    # then
    assert payment.amount == Decimal("22500.00")
    assert payment.instalment.kind == InstalmentKind.ADVANCE
    assert payment.ats == funded.project.ats
    assert payment.recorded_by == funded.officer
    event = AuditEvent.objects.for_object(payment).get()
    assert event.verb == "payment.record"
    assert event.changes == {"amount": [None, "22500.00"]}
    assert event.actor == funded.officer
    (mail,) = mailoutbox
    assert "Anticipo pagato" in mail.subject
    assert "€ 22.500,00" in mail.body
    assert "LIQ-12" in mail.body
    assert funded.team.lead.email in mail.to
    # and the representatives who act for the lead body in Conciliare
    assert funded.lead_rep.email in mail.to


def test_an_advance_other_than_the_schedule_is_refused_beside_the_amount():
    funded = signed_project()

    with pytest.raises(ValidationError) as refused:
        advance_paid(funded, amount=Decimal("30000.00"))

    assert "22.500,00" in refused.value.message_dict["amount"][0]
    assert not Payment.objects.exists()


def test_the_advance_is_paid_once():
    funded = signed_project()
    advance_paid(funded)

    with pytest.raises(ApplicationError, match="già stato registrato"):
        advance_paid(funded, act_number="LIQ-13")

    assert Payment.objects.count() == 1


def test_nothing_is_paid_before_the_agreement_is_signed():
    setup = make_agreement_plan(grants=("30000.00",))
    agreements_generate(actor=setup.officer, version=setup.version)
    today = timezone.localdate()

    with pytest.raises(ApplicationError, match="sottoscrizione della convenzione"):
        payment_record(
            actor=setup.officer,
            project=setup.projects[0],
            kind=PaymentKind.ADVANCE,
            act_number="LIQ-1",
            act_date=today,
            paid_on=today,
        )
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"act_number": "  "}, "act_number"),
        ({"act_date": None}, "act_date"),
        ({"act_date": timezone.localdate() + timedelta(days=1)}, "act_date"),
        ({"paid_on": timezone.localdate() + timedelta(days=1)}, "paid_on"),
        ({"paid_on": timezone.localdate() - timedelta(days=5)}, "paid_on"),
    ],
    ids=["no act", "no act date", "act tomorrow", "paid tomorrow", "paid before"],
)
def test_the_act_and_the_dates_are_checked_beside_their_fields(overrides, field):
    funded = signed_project()

    with pytest.raises(ValidationError) as refused:
        advance_paid(funded, **overrides)

    assert field in refused.value.message_dict
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["other_officer", "committee", "region", "lead"])
def test_only_an_officer_of_the_ats_records_a_payment(who):
    funded = signed_project()
    actor = {
        "other_officer": lambda: make_user(Role.ATS_OFFICER, ats=_other_ats()),
        "committee": lambda: make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats),
        "region": regional_officer,
        "lead": lambda: funded.lead_rep,
    }[who]()

    with pytest.raises(PermissionDenied):
        advance_paid(funded, actor=actor)
    assert not Payment.objects.exists()


def _other_ats():
    from conciliare.territory.models import ATS

    return ATS.objects.get(slug="brianza")


# -- interim instalments and the grant's ceiling -----------------------------------


def _interim_instalment(funded, amount):
    return AgreementInstalment.objects.create(
        agreement=funded.agreement,
        position=3,
        kind=InstalmentKind.INTERIM,
        share=Decimal("20.00"),
        amount=Decimal(amount),
        condition="alla relazione intermedia",
    )


def test_an_interim_instalment_only_when_the_agreement_has_one():
    funded = signed_project()

    with pytest.raises(ApplicationError, match="non prevede acconti"):
        advance_paid(funded, kind=PaymentKind.INTERIM)

    instalment = _interim_instalment(funded, "9000.00")
    payment = advance_paid(funded, kind=PaymentKind.INTERIM)
    assert payment.amount == Decimal("9000.00")
    assert payment.instalment == instalment


def test_the_payments_never_add_up_to_more_than_the_grant():
    funded = signed_project()
    advance_paid(funded)
    _interim_instalment(funded, "22500.01")  # a schedule above the grant

    with pytest.raises(ValidationError) as refused:
        advance_paid(funded, kind=PaymentKind.INTERIM)

    assert "supererebbe il contributo" in refused.value.message_dict["amount"][0]
    assert Payment.objects.count() == 1


# -- the balance ---------------------------------------------------------------------


def test_the_balance_is_refused_until_the_project_is_reported():
    funded = signed_project()
    statement_checked(funded)

    with pytest.raises(ApplicationError, match="rendicontato"):
        _balance(funded)
    assert not Payment.objects.exists()


def test_the_balance_pays_the_rest_of_the_grant_and_closes_the_project(
    mailoutbox, django_capture_on_commit_callbacks
):
    # given: 70,000 eligible, 30% co-financing: the whole grant is due
    funded = signed_project()
    advance_paid(funded)
    statement_checked(funded, expenses=(("40000.00", "40000.00"),), kind="interim")
    statement_checked(funded, expenses=(("35000.00", "30000.00"),))
    statement_checked(
        funded,
        expenses=(("9999.00", None),),
        status=StatementStatus.SUBMITTED,
    )  # not checked: does not count
    project_reported(funded)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        payment = _balance(funded)

    # then
    assert payment.amount == Decimal("22500.00")
    assert payment.computation["eligible_expenditure"] == "70000.00"
    assert payment.computation["grant_due"] == "45000.00"
    assert payment.recovery_due == 0
    assert payment.instalment.kind == InstalmentKind.BALANCE
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.BALANCE_PAID
    moved = AuditEvent.objects.for_object(funded.project).get(
        verb="project.balance_paid"
    )
    assert (moved.from_state, moved.to_state) == ("reported", "balance_paid")
    assert "Saldo pagato" in mailoutbox[-1].subject


def test_a_balance_other_than_the_computed_one_is_refused_with_the_computed_amount():
    funded = signed_project()
    advance_paid(funded)
    statement_checked(funded, expenses=(("50000.01", "50000.01"),))
    project_reported(funded)

    with pytest.raises(ValidationError) as refused:
        _balance(funded, amount=Decimal("22500.00"))

    # 70% of 50,000.01 rounded down is 35,000.00: 12,500.00 after the advance
    assert "€ 12.500,00" in refused.value.message_dict["amount"][0]
    assert balance_preview(funded.project).balance == Decimal("12500.00")
    assert Payment.objects.filter(kind=PaymentKind.BALANCE).count() == 0
    payment = _balance(funded, amount=Decimal("12500.00"))
    assert payment.computation["reduction"] == "10000.00"


def test_a_balance_below_the_advance_records_what_is_to_recover():
    funded = signed_project()
    advance_paid(funded)
    statement_checked(funded, expenses=(("20000.00", "20000.00"),))
    project_reported(funded)

    payment = _balance(funded)

    assert payment.amount == Decimal("0.00")
    assert payment.recovery_due == Decimal("8500.00")
    assert recovery_outstanding(funded.project) == Decimal("8500.00")


def test_the_minimum_cofinancing_is_the_calls_or_none_without_a_call():
    funded = signed_project()
    statement_checked(funded, expenses=(("50000.00", "50000.00"),))
    funded.setup.call.min_cofinancing_share = Decimal("20.00")
    funded.setup.call.save(update_fields=["min_cofinancing_share"])

    assert balance_preview(funded.project).grant_due == Decimal("40000.00")

    funded.setup.plan.call = None
    funded.setup.plan.save(update_fields=["call"])
    preview = balance_preview(funded.project)
    assert preview.min_cofinancing_share == 0
    assert preview.grant_due == Decimal("45000.00")


# -- revocation and recovery ---------------------------------------------------------


def _revoke(funded, **overrides):
    arguments = {
        "actor": funded.officer,
        "project": funded.project,
        "act_number": "REV-3",
        "act_date": timezone.localdate(),
        "reason": "Attività mai avviate.",
    }
    arguments.update(overrides)
    return project_revoke(**arguments)


def test_a_revocation_recovers_all_that_was_paid_by_default(
    mailoutbox, django_capture_on_commit_callbacks
):
    funded = signed_project()
    advance_paid(funded)

    with django_capture_on_commit_callbacks(execute=True):
        revocation = _revoke(funded)

    assert revocation.amount_to_recover == Decimal("22500.00")
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.REVOKED
    event = AuditEvent.objects.for_object(funded.project).get(verb="project.revoke")
    assert event.to_state == ProjectStatus.REVOKED
    assert event.changes == {"amount_to_recover": [None, "22500.00"]}
    assert "Revoca del contributo" in mailoutbox[-1].subject
    assert "€ 22.500,00" in mailoutbox[-1].body


def test_a_revocation_never_recovers_more_than_was_paid():
    funded = signed_project()
    advance_paid(funded)

    with pytest.raises(ValidationError) as refused:
        _revoke(funded, amount_to_recover=Decimal("22500.01"))

    assert "amount_to_recover" in refused.value.message_dict
    assert not Revocation.objects.exists()
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.AGREEMENT_SIGNED


def test_a_revocation_needs_its_act_and_reason():
    funded = signed_project()

    with pytest.raises(ValidationError) as refused:
        _revoke(funded, act_number="", reason=" ", act_date=None)

    assert set(refused.value.message_dict) == {"act_number", "reason", "act_date"}


def test_a_project_whose_balance_is_paid_cannot_be_revoked():
    funded = signed_project()
    advance_paid(funded)
    statement_checked(funded)
    project_reported(funded)
    _balance(funded)

    with pytest.raises(ApplicationError, match="non può essere revocato"):
        _revoke(funded)


def test_recoveries_are_recorded_while_something_is_due_and_never_above_it():
    # given
    funded = signed_project()
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="Non ci sono somme da recuperare"):
        recovery_record(
            actor=funded.officer,
            project=funded.project,
            amount=Decimal("1.00"),
            received_on=today,
            reference="REV 1",
        )
    advance_paid(funded)
    _revoke(funded, amount_to_recover=Decimal("10000.00"))

    # when: too much, then part, then the rest
    with pytest.raises(ValidationError) as refused:
        recovery_record(
            actor=funded.officer,
            project=funded.project,
            amount=Decimal("10000.01"),
            received_on=today,
            reference="Reversale 7",
        )
    assert "€ 10.000,00" in refused.value.message_dict["amount"][0]
    first = recovery_record(
        actor=funded.officer,
        project=funded.project,
        amount=Decimal("4000.00"),
        received_on=today,
        reference="Reversale 7",
    )
    recovery_record(
        actor=funded.officer,
        project=funded.project,
        amount=Decimal("6000.00"),
        received_on=today,
        reference="Reversale 8",
    )

    # then
    assert recovery_outstanding(funded.project) == 0
    assert Recovery.objects.count() == 2
    event = AuditEvent.objects.for_object(first).get()
    assert (event.verb, event.changes) == (
        "recovery.record",
        {"amount": [None, "4000.00"]},
    )
    with pytest.raises(ApplicationError):
        recovery_record(
            actor=funded.officer,
            project=funded.project,
            amount=Decimal("0.01"),
            received_on=today,
            reference="Reversale 9",
        )


def test_a_recovery_needs_a_date_not_in_the_future_and_a_reference():
    funded = signed_project()
    advance_paid(funded)
    _revoke(funded)

    with pytest.raises(ValidationError) as refused:
        recovery_record(
            actor=funded.officer,
            project=funded.project,
            amount=Decimal("-3"),
            received_on=timezone.localdate() + timedelta(days=1),
            reference="",
        )

    assert set(refused.value.message_dict) == {"amount", "received_on", "reference"}
    assert not Recovery.objects.exists()
