"""The expenditure statements' services: who may open, fill, send, check,
sample, close, send back and reopen a statement; the rules on each expense;
exact cents; the audit trail."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.applications.models import BudgetCategory
from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.documents.models import Document, DocumentKind
from conciliare.monitoring import sampling
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    ExpenseEvidence,
    MonitoringReport,
    ReportKind,
    ReportStatus,
    StatementKind,
    StatementStatus,
    Verification,
)
from conciliare.monitoring.project_services import project_complete, project_start
from conciliare.monitoring.statement_check_services import (
    expense_check,
    expense_verify,
    statement_close,
    statement_close_missing,
    statement_reopen,
    statement_request_changes,
)
from conciliare.monitoring.statement_sample_services import statement_sample_draw
from conciliare.monitoring.statement_selectors import (
    statement_totals,
    statement_totals_for_project,
)
from conciliare.monitoring.statement_services import (
    expense_add,
    expense_remove,
    statement_create,
    statement_submit,
)
from conciliare.monitoring.tests.factories import Funded, signed_project
from conciliare.partnerships.models import Partner
from conciliare.plans.agreement_services import agreement_template_for
from conciliare.projects.models import ProjectStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# -- helpers (the views' tests use them too) -------------------------------------


def pdf(name: str = "fattura.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def signed_on(funded: Funded) -> date:
    """The day the project's agreement was signed."""
    day = funded.agreement.signed_on
    assert day is not None
    return day


def started(funded: Funded | None = None, **kwargs) -> Funded:
    """A signed project whose activities began the day of the signature."""
    funded = funded or signed_project(**kwargs)
    project_start(
        actor=funded.lead_rep,
        project=funded.project,
        started_on=signed_on(funded),
    )
    funded.project.refresh_from_db()
    return funded


def open_statement(
    funded: Funded, kind: str = StatementKind.INTERIM
) -> ExpenditureStatement:
    return statement_create(
        actor=funded.lead_rep,
        project=funded.project,
        kind=kind,
        period_start=signed_on(funded),
        period_end=timezone.localdate(),
    )


def expense_data(funded: Funded, **overrides):
    data = {
        "organisation": funded.team.lead,
        "category": BudgetCategory.PERSONNEL,
        "description": "Coordinamento del progetto",
        "supplier": "Studio Rossi",
        "evidence": ExpenseEvidence.INVOICE,
        "document_number": "F-1",
        "document_date": timezone.localdate(),
        "amount": Decimal("1250.10"),
    }
    data.update(overrides)
    return data


def add_expense(funded: Funded, statement, **overrides) -> Expense:
    return expense_add(
        actor=funded.lead_rep,
        statement=statement,
        data=expense_data(funded, **overrides),
        file=pdf(),
    )


def submitted_statement(
    funded: Funded, *, invoices: int = 1, declarations: int = 3
) -> ExpenditureStatement:
    statement = open_statement(funded)
    for index in range(invoices):
        add_expense(funded, statement, document_number=f"F-{index}")
    for index in range(declarations):
        add_expense(
            funded,
            statement,
            evidence=ExpenseEvidence.SELF_DECLARATION,
            document_number=f"A-{index}",
            amount=Decimal("100.00"),
            organisation=funded.team.partners[0],
            category=BudgetCategory.VOUCHERS,
        )
    return statement_submit(actor=funded.lead_rep, statement=statement)


def events(target, verb):
    return AuditEvent.objects.for_object(target).filter(verb=verb)


def check_all(funded: Funded, statement) -> None:
    """Draw the sample, confirm it and check every expense eligible."""
    if statement.expenses.filter(evidence=ExpenseEvidence.SELF_DECLARATION).exists():
        for expense in statement_sample_draw(actor=funded.officer, statement=statement):
            expense_verify(
                actor=funded.officer, expense=expense, outcome=Verification.CONFIRMED
            )
    for expense in statement.expenses.all():
        expense_check(
            actor=funded.officer, expense=expense, outcome=ExpenseCheck.ELIGIBLE
        )


# -- opening -----------------------------------------------------------------------


def test_the_lead_body_opens_an_interim_statement_numbered_and_audited():
    funded = started()

    statement = open_statement(funded)

    assert statement.number == 1
    assert statement.status == StatementStatus.DRAFT
    assert statement.ats == funded.project.ats
    assert statement.created_by == funded.lead_rep
    event = events(statement, "statement.create").get()
    assert event.actor == funded.lead_rep
    assert event.to_state == StatementStatus.DRAFT


@pytest.mark.parametrize("who", ["partner_rep", "officer", "other_lead", "citizen"])
def test_only_the_lead_body_opens_a_statement(who):
    funded = started(grants=("45000.00", "30000.00"))
    actor = {
        "partner_rep": funded.team.partner_rep,
        "officer": funded.officer,
        "other_lead": funded.setup.teams[1].lead_rep,
        "citizen": make_user(),
    }[who]

    with pytest.raises(PermissionDenied):
        statement_create(
            actor=actor,
            project=funded.project,
            kind=StatementKind.INTERIM,
            period_start=signed_on(funded),
            period_end=timezone.localdate(),
        )
    assert not ExpenditureStatement.objects.exists()


def test_a_statement_waits_for_the_start_and_the_final_one_for_the_end():
    funded = signed_project()
    with pytest.raises(ApplicationError, match="non si può aprire"):
        open_statement(funded)

    started(funded)
    with pytest.raises(ApplicationError, match="dopo la conclusione") as refused:
        open_statement(funded, kind=StatementKind.FINAL)
    assert refused.value.field == "kind"
    assert not ExpenditureStatement.objects.exists()


def test_one_statement_at_a_time_and_one_final_statement():
    funded = started()
    first = open_statement(funded)
    with pytest.raises(ApplicationError, match=r"n\. 1 è ancora «In compilazione»"):
        open_statement(funded)

    add_expense(funded, first)
    statement_submit(actor=funded.lead_rep, statement=first)
    check_all(funded, first)
    statement_close(actor=funded.officer, statement=first)

    project_complete(
        actor=funded.lead_rep, project=funded.project, ended_on=timezone.localdate()
    )
    funded.project.refresh_from_db()
    final = open_statement(funded, kind=StatementKind.FINAL)
    assert final.number == 2
    add_expense(funded, final)
    statement_submit(actor=funded.lead_rep, statement=final)
    check_all(funded, final)
    statement_close(actor=funded.officer, statement=final)
    with pytest.raises(ApplicationError, match="finale del progetto è già"):
        open_statement(funded)


def test_the_period_is_checked_beside_each_date():
    funded = started()
    signed = signed_on(funded)

    with pytest.raises(ValidationError) as refused:
        statement_create(
            actor=funded.lead_rep,
            project=funded.project,
            kind=StatementKind.INTERIM,
            period_start=signed - timedelta(days=1),
            period_end=signed - timedelta(days=2),
        )
    assert set(refused.value.message_dict) == {"period_start", "period_end"}

    with pytest.raises(ValidationError) as refused:
        statement_create(
            actor=funded.lead_rep,
            project=funded.project,
            kind=StatementKind.INTERIM,
            period_start=signed,
            period_end=timezone.localdate() + timedelta(days=1),
        )
    assert "futuro" in refused.value.message_dict["period_end"][0]
    assert not ExpenditureStatement.objects.exists()


# -- expenses ------------------------------------------------------------------------


def test_an_expense_is_stored_to_the_cent_with_its_private_document():
    funded = started()
    statement = open_statement(funded)

    expense = add_expense(funded, statement, amount=Decimal("0.10"))
    add_expense(
        funded,
        statement,
        amount=Decimal("0.20"),
        organisation=funded.team.partners[0],
    )

    expense.refresh_from_db()
    assert expense.amount == Decimal("0.10")
    assert expense.check_status == ExpenseCheck.PENDING
    assert expense.eligible_amount is None
    document = expense.document
    assert document.kind == DocumentKind.REPORT
    assert document.is_public is False
    assert document.ats == funded.project.ats
    assert statement_totals(statement).declared == Decimal("0.30")
    assert events(statement, "statement.expense_add").count() == 2


def test_a_refused_expense_stores_nothing_and_says_why_beside_each_field():
    funded = started(grants=("45000.00", "30000.00"))
    other_lead = funded.setup.teams[1].lead
    statement = open_statement(funded)
    documents = Document.objects.count()

    with pytest.raises(ValidationError) as refused:
        expense_add(
            actor=funded.lead_rep,
            statement=statement,
            data=expense_data(
                funded,
                organisation=other_lead,
                description="  ",
                document_number="",
                document_date=statement.period_end + timedelta(days=1),
                amount=Decimal("10.001"),
            ),
            file=None,
        )

    assert set(refused.value.message_dict) == {
        "organisation",
        "description",
        "document_number",
        "document_date",
        "amount",
        "file",
    }
    assert not Expense.objects.exists()
    assert Document.objects.count() == documents


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0"), "maggiore di zero"),
        (Decimal("-5.00"), "maggiore di zero"),
        (Decimal("1.005"), "al centesimo"),
        ("abc", "Indicare un importo"),
        (None, "Indicare l'importo"),
    ],
)
def test_the_amount_is_positive_and_to_the_cent(amount, message):
    funded = started()
    statement = open_statement(funded)

    with pytest.raises(ValidationError) as refused:
        expense_add(
            actor=funded.lead_rep,
            statement=statement,
            data=expense_data(funded, amount=amount),
            file=pdf(),
        )

    assert message in refused.value.message_dict["amount"][0]
    assert not Expense.objects.exists()


def test_an_expense_before_the_agreement_and_the_start_is_refused():
    funded = started()
    statement = open_statement(funded)

    with pytest.raises(ValidationError) as refused:
        add_expense(
            funded,
            statement,
            document_date=signed_on(funded) - timedelta(days=1),
        )

    assert "anteriore" in refused.value.message_dict["document_date"][0]


def test_a_file_that_is_not_what_it_says_leaves_no_document():
    funded = started()
    statement = open_statement(funded)
    documents = Document.objects.count()

    with pytest.raises(ValidationError) as refused:
        expense_add(
            actor=funded.lead_rep,
            statement=statement,
            data=expense_data(funded),
            file=SimpleUploadedFile("fattura.pdf", b"just text", "application/pdf"),
        )

    assert "file" in refused.value.message_dict
    assert Document.objects.count() == documents
    assert not Expense.objects.exists()


def test_only_the_lead_and_current_partners_bear_expenses():
    funded = started()
    statement = open_statement(funded)
    leaving = funded.team.partners[1]
    Partner.objects.filter(alliance=funded.team.alliance, organisation=leaving).update(
        left_on=timezone.localdate()
    )

    add_expense(funded, statement, organisation=funded.team.partners[0])
    with pytest.raises(ValidationError) as refused:
        add_expense(funded, statement, organisation=leaving)

    assert "organisation" in refused.value.message_dict
    assert statement.expenses.count() == 1


def test_the_partner_representative_cannot_add_an_expense():
    funded = started()
    statement = open_statement(funded)

    with pytest.raises(PermissionDenied):
        expense_add(
            actor=funded.team.partner_rep,
            statement=statement,
            data=expense_data(funded),
            file=pdf(),
        )


def test_expenses_are_removed_only_while_the_statement_is_being_written():
    funded = started()
    statement = open_statement(funded)
    first = add_expense(funded, statement)
    second = add_expense(funded, statement, document_number="F-2")

    expense_remove(actor=funded.lead_rep, expense=first)
    assert list(statement.expenses.all()) == [second]
    assert events(statement, "statement.expense_remove").count() == 1

    statement_submit(actor=funded.lead_rep, statement=statement)
    with pytest.raises(ApplicationError, match="non può più essere modificato"):
        expense_remove(actor=funded.lead_rep, expense=second)
    with pytest.raises(ApplicationError, match="non può più essere modificato"):
        add_expense(funded, statement)


# -- submission ------------------------------------------------------------------


def test_an_empty_statement_is_not_sent():
    funded = started()
    statement = open_statement(funded)

    with pytest.raises(ApplicationError, match="non contiene spese"):
        statement_submit(actor=funded.lead_rep, statement=statement)

    statement.refresh_from_db()
    assert statement.status == StatementStatus.DRAFT


def test_sending_records_who_and_when_and_tells_the_officers(
    django_capture_on_commit_callbacks,
):
    funded = started()
    statement = open_statement(funded)
    add_expense(funded, statement)

    with django_capture_on_commit_callbacks(execute=True):
        statement = statement_submit(actor=funded.lead_rep, statement=statement)

    assert statement.status == StatementStatus.SUBMITTED
    assert statement.submitted_by == funded.lead_rep
    assert statement.submitted_at is not None
    event = events(statement, "statement.submit").get()
    assert (event.from_state, event.to_state) == ("draft", "submitted")
    assert event.changes == {"declared": [None, "1250.10"]}
    assert funded.officer.email in mail.outbox[-1].to


# -- the sample ----------------------------------------------------------------------


def test_the_sample_draws_the_share_of_self_declarations_only_and_records_the_seed():
    funded = started()
    statement = submitted_statement(funded, invoices=2, declarations=3)

    drawn = statement_sample_draw(actor=funded.officer, statement=statement)

    statement.refresh_from_db()
    assert len(drawn) == 1  # 10% of 3, at least one
    assert all(e.evidence == ExpenseEvidence.SELF_DECLARATION for e in drawn)
    assert all(e.sampled and e.verification == Verification.PENDING for e in drawn)
    assert statement.expenses.filter(sampled=True).count() == 1
    assert statement.sample_share == Decimal("10.00")
    assert statement.sample_seed is not None
    assert statement.sampled_by == funded.officer
    assert statement.sampled_at is not None
    # anyone repeats the draw from what was recorded
    population = sorted(
        statement.expenses.filter(
            evidence=ExpenseEvidence.SELF_DECLARATION
        ).values_list("pk", flat=True)
    )
    assert sampling.sample_draw(
        population, share=statement.sample_share, seed=statement.sample_seed
    ) == [e.pk for e in drawn]
    event = events(statement, "statement.sample_draw").get()
    assert event.changes["sample_seed"] == [None, str(statement.sample_seed)]
    assert event.changes["sample_share"] == [None, "10.00"]
    assert event.changes["population"] == [None, population]
    assert event.changes["drawn"] == [None, [e.pk for e in drawn]]


def test_the_share_is_the_agreement_template_s_and_a_given_seed_repeats_a_draw():
    funded = started()
    template = agreement_template_for(plan=funded.setup.plan)
    template.sample_share = Decimal("50.00")
    template.save()
    statement = submitted_statement(funded, invoices=0, declarations=5)
    population = sorted(statement.expenses.values_list("pk", flat=True))

    drawn = statement_sample_draw(actor=funded.officer, statement=statement, seed=42)

    assert len(drawn) == 3  # 50% of 5, rounded up
    assert [e.pk for e in drawn] == sampling.sample_draw(
        population, share=Decimal("50.00"), seed=42
    )


def test_the_first_draw_stands():
    funded = started()
    statement = submitted_statement(funded)
    statement_sample_draw(actor=funded.officer, statement=statement, seed=7)

    with pytest.raises(ApplicationError, match="con il seme 7"):
        statement_sample_draw(actor=funded.officer, statement=statement, seed=8)

    statement.refresh_from_db()
    assert statement.sample_seed == 7
    assert events(statement, "statement.sample_draw").count() == 1


def test_the_sample_is_drawn_by_the_ats_officer_once_the_statement_is_sent():
    funded = started()
    statement = open_statement(funded)
    add_expense(funded, statement, evidence=ExpenseEvidence.SELF_DECLARATION)
    other_officer = make_user(Role.ATS_OFFICER, ats=ats("bergamo"))

    with pytest.raises(ApplicationError, match="dopo l'invio"):
        statement_sample_draw(actor=funded.officer, statement=statement)
    statement_submit(actor=funded.lead_rep, statement=statement)
    for actor in (funded.lead_rep, other_officer, funded.team.partner_rep):
        with pytest.raises(PermissionDenied):
            statement_sample_draw(actor=actor, statement=statement)
    statement.refresh_from_db()
    assert statement.sample_seed is None


def test_no_sample_without_self_declarations():
    funded = started()
    statement = submitted_statement(funded, declarations=0)

    with pytest.raises(ApplicationError, match="non contiene autocertificazioni"):
        statement_sample_draw(actor=funded.officer, statement=statement)


# -- the check of each expense ------------------------------------------------------


def test_an_eligible_expense_counts_its_whole_amount_and_is_audited():
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    expense = statement.expenses.get()

    expense = expense_check(
        actor=funded.officer, expense=expense, outcome=ExpenseCheck.ELIGIBLE
    )

    assert expense.eligible_amount == Decimal("1250.10")
    assert expense.checked_by == funded.officer
    event = events(expense, "expense.check").get()
    assert (event.from_state, event.to_state) == ("pending", "eligible")
    assert event.changes["eligible_amount"] == [None, "1250.10"]


@pytest.mark.parametrize(
    ("amount", "reason", "field"),
    [
        (None, "Quota personale non pertinente", "eligible_amount"),
        (Decimal("0.00"), "Quota personale non pertinente", "eligible_amount"),
        (Decimal("1250.10"), "Quota personale non pertinente", "eligible_amount"),
        (Decimal("1300.00"), "Quota personale non pertinente", "eligible_amount"),
        (Decimal("100.001"), "Quota personale non pertinente", "eligible_amount"),
        (Decimal("600.00"), "  ", "reason"),
    ],
)
def test_a_partly_eligible_amount_lies_between_zero_and_the_declared_one(
    amount, reason, field
):
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    expense = statement.expenses.get()

    with pytest.raises(ValidationError) as refused:
        expense_check(
            actor=funded.officer,
            expense=expense,
            outcome=ExpenseCheck.PARTLY_ELIGIBLE,
            eligible_amount=amount,
            reason=reason,
        )

    assert field in refused.value.message_dict
    expense.refresh_from_db()
    assert expense.check_status == ExpenseCheck.PENDING


def test_partly_and_not_eligible_expenses_keep_their_reason_and_amount():
    funded = started()
    statement = submitted_statement(funded, invoices=2, declarations=0)
    first, second = statement.expenses.order_by("pk")

    expense_check(
        actor=funded.officer,
        expense=first,
        outcome=ExpenseCheck.PARTLY_ELIGIBLE,
        eligible_amount=Decimal("1250.09"),
        reason="Un centesimo di arrotondamento non documentato",
    )
    with pytest.raises(ValidationError) as refused:
        expense_check(
            actor=funded.officer, expense=second, outcome=ExpenseCheck.NOT_ELIGIBLE
        )
    assert "reason" in refused.value.message_dict
    expense_check(
        actor=funded.officer,
        expense=second,
        outcome=ExpenseCheck.NOT_ELIGIBLE,
        reason="Spesa fuori periodo",
    )

    totals = statement_totals(statement)
    assert totals.declared == Decimal("2500.20")
    assert totals.eligible == Decimal("1250.09")
    assert totals.pending == 0
    second.refresh_from_db()
    assert second.eligible_amount == Decimal("0.00")
    assert second.check_reason == "Spesa fuori periodo"


def test_only_an_officer_of_the_ats_checks_an_expense():
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    expense = statement.expenses.get()
    other_officer = make_user(Role.ATS_OFFICER, ats=ats("bergamo"))
    committee = make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats)

    for actor in (other_officer, funded.lead_rep, committee):
        with pytest.raises(PermissionDenied):
            expense_check(actor=actor, expense=expense, outcome=ExpenseCheck.ELIGIBLE)
    expense.refresh_from_db()
    assert expense.check_status == ExpenseCheck.PENDING


def test_a_draft_is_not_checked():
    funded = started()
    statement = open_statement(funded)
    expense = add_expense(funded, statement)

    with pytest.raises(ApplicationError, match="dopo l'invio"):
        expense_check(
            actor=funded.officer, expense=expense, outcome=ExpenseCheck.ELIGIBLE
        )


# -- verification of the sample ------------------------------------------------------


def test_only_sampled_self_declarations_are_verified():
    funded = started()
    statement = submitted_statement(funded, invoices=1, declarations=3)
    [drawn] = statement_sample_draw(actor=funded.officer, statement=statement)
    not_drawn = statement.expenses.filter(sampled=False).earliest("pk")

    with pytest.raises(ApplicationError, match="estratte a campione"):
        expense_verify(
            actor=funded.officer, expense=not_drawn, outcome=Verification.CONFIRMED
        )
    expense = expense_verify(
        actor=funded.officer, expense=drawn, outcome=Verification.CONFIRMED
    )
    assert expense.verification == Verification.CONFIRMED
    assert expense.check_status == ExpenseCheck.PENDING
    assert events(expense, "expense.verify").get().to_state == "confirmed"


def test_a_declaration_not_confirmed_makes_the_expense_not_eligible():
    funded = started()
    statement = submitted_statement(funded, invoices=0, declarations=2)
    [drawn] = statement_sample_draw(actor=funded.officer, statement=statement)

    with pytest.raises(ValidationError) as refused:
        expense_verify(
            actor=funded.officer, expense=drawn, outcome=Verification.NOT_CONFIRMED
        )
    assert "note" in refused.value.message_dict

    expense = expense_verify(
        actor=funded.officer,
        expense=drawn,
        outcome=Verification.NOT_CONFIRMED,
        note="Il fornitore non conferma la prestazione",
    )
    assert expense.check_status == ExpenseCheck.NOT_ELIGIBLE
    assert expense.eligible_amount == Decimal("0.00")
    assert "Il fornitore non conferma" in expense.check_reason
    with pytest.raises(ValidationError) as refused:
        expense_check(
            actor=funded.officer, expense=expense, outcome=ExpenseCheck.ELIGIBLE
        )
    assert "outcome" in refused.value.message_dict


# -- closing, changes, reopening ----------------------------------------------------


def test_the_check_closes_only_when_complete_and_says_what_is_missing():
    funded = started()
    statement = submitted_statement(funded, invoices=1, declarations=2)

    with pytest.raises(ApplicationError) as refused:
        statement_close(actor=funded.officer, statement=statement)
    assert "3 spese sono ancora da verificare" in refused.value.message
    assert "Estrarre il campione" in refused.value.message

    [drawn] = statement_sample_draw(actor=funded.officer, statement=statement)
    for expense in statement.expenses.all():
        expense_check(
            actor=funded.officer, expense=expense, outcome=ExpenseCheck.ELIGIBLE
        )
    statement.refresh_from_db()
    assert statement_close_missing(statement) == [
        "1 autocertificazione estratta è ancora da verificare."
    ]
    expense_verify(actor=funded.officer, expense=drawn, outcome=Verification.CONFIRMED)

    statement = statement_close(
        actor=funded.officer, statement=statement, note="Tutto regolare"
    )
    assert statement.status == StatementStatus.CHECKED
    assert statement.checked_by == funded.officer
    event = events(statement, "statement.check").get()
    assert event.changes == {
        "declared": [None, "1450.10"],
        "eligible": [None, "1450.10"],
    }
    assert event.note == "Tutto regolare"


def test_a_checked_statement_changes_only_by_an_audited_reopening(
    django_capture_on_commit_callbacks,
):
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    check_all(funded, statement)
    statement_close(actor=funded.officer, statement=statement)
    expense = statement.expenses.get()

    with pytest.raises(ApplicationError, match="già verificato"):
        expense_check(
            actor=funded.officer,
            expense=expense,
            outcome=ExpenseCheck.NOT_ELIGIBLE,
            reason="Ripensamento",
        )
    with pytest.raises(ValidationError) as refused:
        statement_reopen(actor=funded.officer, statement=statement, reason=" ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        statement_reopen(actor=funded.lead_rep, statement=statement, reason="x")

    with django_capture_on_commit_callbacks(execute=True):
        statement = statement_reopen(
            actor=funded.officer, statement=statement, reason="Errore di calcolo"
        )

    assert statement.status == StatementStatus.SUBMITTED
    assert statement.checked_at is None
    event = events(statement, "statement.reopen").get()
    assert (event.from_state, event.to_state, event.note) == (
        "checked",
        "submitted",
        "Errore di calcolo",
    )
    assert "Errore di calcolo" in mail.outbox[-1].body
    expense_check(
        actor=funded.officer,
        expense=expense,
        outcome=ExpenseCheck.NOT_ELIGIBLE,
        reason="Ripensamento",
    )


def test_no_reopening_once_the_balance_is_paid():
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    check_all(funded, statement)
    statement_close(actor=funded.officer, statement=statement)
    type(funded.project).objects.filter(pk=funded.project.pk).update(
        status=ProjectStatus.BALANCE_PAID
    )

    with pytest.raises(ApplicationError, match="non può più essere riaperto"):
        statement_reopen(actor=funded.officer, statement=statement, reason="Errore")

    statement.refresh_from_db()
    assert statement.status == StatementStatus.CHECKED


def test_the_lead_body_completes_a_statement_sent_back_and_sends_it_again(
    django_capture_on_commit_callbacks,
):
    funded = started()
    statement = submitted_statement(funded, declarations=0)

    with pytest.raises(ValidationError) as refused:
        statement_request_changes(actor=funded.officer, statement=statement, note="")
    assert "note" in refused.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        statement = statement_request_changes(
            actor=funded.officer, statement=statement, note="Manca il cedolino"
        )

    assert statement.status == StatementStatus.CHANGES_REQUESTED
    assert "Manca il cedolino" in mail.outbox[-1].body
    assert funded.lead_rep.email in mail.outbox[-1].to
    add_expense(funded, statement, document_number="C-9")
    statement = statement_submit(actor=funded.lead_rep, statement=statement)
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.expenses.count() == 2


def test_the_final_statement_checked_makes_the_project_reported_and_back():
    funded = started()
    project_complete(
        actor=funded.lead_rep, project=funded.project, ended_on=timezone.localdate()
    )
    funded.project.refresh_from_db()
    MonitoringReport.objects.create(
        project=funded.project,
        ats=funded.project.ats,
        kind=ReportKind.FINAL,
        period_start=signed_on(funded),
        period_end=timezone.localdate(),
        status=ReportStatus.ACCEPTED,
        submitted_at=timezone.now(),
        submitted_by=funded.lead_rep,
        decided_at=timezone.now(),
        decided_by=funded.officer,
        created_by=funded.lead_rep,
    )
    statement = open_statement(funded, kind=StatementKind.FINAL)
    add_expense(funded, statement)
    statement_submit(actor=funded.lead_rep, statement=statement)
    check_all(funded, statement)

    statement_close(actor=funded.officer, statement=statement)
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.REPORTED

    statement_reopen(actor=funded.officer, statement=statement, reason="Verifica")
    funded.project.refresh_from_db()
    assert funded.project.status == ProjectStatus.COMPLETED


# -- totals --------------------------------------------------------------------------


def test_totals_by_partner_and_budget_line_to_the_cent():
    funded = started()
    statement = submitted_statement(funded, invoices=2, declarations=3)
    lead, partner = funded.team.lead, funded.team.partners[0]

    totals = statement_totals(statement)

    assert (totals.count, totals.pending) == (5, 5)
    assert totals.declared == Decimal("2800.20")
    assert totals.eligible == Decimal("0.00")
    by_partner = {row.label: (row.count, row.declared) for row in totals.by_partner}
    assert by_partner == {
        lead.legal_name: (2, Decimal("2500.20")),
        partner.legal_name: (3, Decimal("300.00")),
    }
    by_category = {row.label: row.declared for row in totals.by_category}
    assert by_category == {
        "Personale": Decimal("2500.20"),
        "Voucher e rimborsi ai destinatari": Decimal("300.00"),
    }
    # the project's eligible expenditure counts only checked statements
    assert statement_totals_for_project(funded.project).declared == Decimal("2800.20")
    check_all(funded, statement)
    assert statement_totals_for_project(funded.project).eligible == Decimal("0.00")
    statement_close(actor=funded.officer, statement=statement)
    assert statement_totals_for_project(funded.project).eligible == Decimal("2800.20")
