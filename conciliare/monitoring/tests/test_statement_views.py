"""The statements' pages: who sees what, refusals beside their field with
nothing saved (400), the officer's row check through htmx and without, and
a number of queries that does not grow with the expenses."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conciliare.accounts.models import Role
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    ExpenseEvidence,
    StatementStatus,
    Verification,
)
from conciliare.monitoring.statement_check_services import expense_check
from conciliare.monitoring.statement_sample_services import statement_sample_draw
from conciliare.monitoring.statement_services import statement_submit
from conciliare.monitoring.tests.factories import regional_officer
from conciliare.monitoring.tests.test_statement_services import (
    add_expense,
    open_statement,
    pdf,
    signed_on,
    started,
    submitted_statement,
)

pytestmark = pytest.mark.django_db


def detail_url(statement, name="statement-detail", **kwargs):
    return reverse(
        f"monitoring:{name}",
        kwargs={"code": statement.project.code, "pk": statement.pk, **kwargs},
    )


def expense_post(funded, **overrides):
    data = {
        "expense-organisation": str(funded.team.lead.pk),
        "expense-category": "personnel",
        "expense-description": "Coordinamento del progetto",
        "expense-supplier": "Studio Rossi",
        "expense-evidence": "invoice",
        "expense-document_number": "F-12",
        "expense-document_date": timezone.localdate().isoformat(),
        "expense-amount": "1.250,10",
        "expense-file": pdf(),
    }
    data.update(overrides)
    return data


# -- opening -----------------------------------------------------------------------


def test_the_lead_body_opens_a_statement_from_the_form(client, sign_in):
    funded = started()
    sign_in(funded.lead_rep)
    url = reverse("monitoring:statement-create", args=[funded.project.code])

    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(
        url,
        {
            "kind": "interim",
            "period_start": signed_on(funded).isoformat(),
            "period_end": timezone.localdate().isoformat(),
        },
    )

    statement = ExpenditureStatement.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == detail_url(statement)


def test_a_refused_period_is_shown_beside_the_field_and_nothing_is_opened(
    client, sign_in
):
    funded = started()
    sign_in(funded.lead_rep)

    response = client.post(
        reverse("monitoring:statement-create", args=[funded.project.code]),
        {
            "kind": "interim",
            "period_start": timezone.localdate().isoformat(),
            "period_end": signed_on(funded).isoformat(),
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert 'id="id_period_end_error"' in html
    assert "non può precedere l&#x27;inizio" in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    assert not ExpenditureStatement.objects.exists()


def test_the_final_statement_refused_before_the_end_is_said_beside_the_kind(
    client, sign_in
):
    funded = started()
    sign_in(funded.lead_rep)

    response = client.post(
        reverse("monitoring:statement-create", args=[funded.project.code]),
        {
            "kind": "final",
            "period_start": signed_on(funded).isoformat(),
            "period_end": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_kind_error"' in response.content.decode()
    assert not ExpenditureStatement.objects.exists()


def test_an_officer_does_not_open_statements_and_another_ats_does_not_see_them(
    client, sign_in
):
    funded = started()
    url = reverse("monitoring:statement-create", args=[funded.project.code])

    sign_in(funded.officer)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("bergamo")))
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# -- who sees the statement ---------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead_rep", HTTPStatus.OK),
        ("officer", HTTPStatus.OK),
        ("committee", HTTPStatus.OK),
        ("region", HTTPStatus.OK),
        ("partner_rep", HTTPStatus.NOT_FOUND),
        ("other_lead", HTTPStatus.NOT_FOUND),
        ("other_officer", HTTPStatus.NOT_FOUND),
    ],
)
def test_who_sees_a_statement(client, sign_in, who, status):
    funded = started(grants=("45000.00", "30000.00"))
    statement = submitted_statement(funded, declarations=1)
    user = {
        "lead_rep": funded.lead_rep,
        "officer": funded.officer,
        "committee": make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats),
        "region": regional_officer(),
        "partner_rep": funded.team.partner_rep,
        "other_lead": funded.setup.teams[1].lead_rep,
        "other_officer": make_user(Role.ATS_OFFICER, ats=ats("bergamo")),
    }[who]
    sign_in(user)

    response = client.get(detail_url(statement))

    assert response.status_code == status
    if status == HTTPStatus.OK:
        html = response.content.decode()
        assert 'id="total-declared"' in html
        assert ('id="sample-form"' in html) is (who == "officer")
        assert ("expense-check-form" in html) is (who == "officer")


def test_committee_and_region_read_without_forms(client, sign_in):
    funded = started()
    statement = submitted_statement(funded, declarations=1)
    statement_sample_draw(actor=funded.officer, statement=statement)

    for user in (
        make_user(Role.COMMITTEE_MEMBER, ats=funded.project.ats),
        regional_officer(),
    ):
        sign_in(user)
        html = client.get(detail_url(statement)).content.decode()
        assert '<form method="post"' not in html
        assert 'id="sample-seed"' in html


# -- the lead body's expenses ---------------------------------------------------------


def test_an_expense_with_a_bad_amount_keeps_what_was_typed_and_saves_nothing(
    client, sign_in
):
    funded = started()
    statement = open_statement(funded)
    sign_in(funded.lead_rep)

    response = client.post(
        detail_url(statement, "expense-add"),
        expense_post(funded, **{"expense-amount": "abc"}),
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert 'id="id_expense-amount_error"' in html
    assert "Indicare un importo in euro" in html
    assert 'value="Coordinamento del progetto"' in html
    assert 'value="F-12"' in html
    assert 'value="abc"' in html
    assert not Expense.objects.exists()


def test_a_service_refusal_is_shown_beside_its_field(client, sign_in):
    funded = started()
    statement = open_statement(funded)
    sign_in(funded.lead_rep)
    late = statement.period_end.replace(year=statement.period_end.year + 1)

    response = client.post(
        detail_url(statement, "expense-add"),
        expense_post(funded, **{"expense-document_date": late.isoformat()}),
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_expense-document_date_error"' in response.content.decode()
    assert not Expense.objects.exists()


def test_the_lead_body_adds_removes_and_sends(client, sign_in):
    funded = started()
    statement = open_statement(funded)
    sign_in(funded.lead_rep)

    response = client.post(detail_url(statement, "expense-add"), expense_post(funded))
    assert response.status_code == HTTPStatus.FOUND
    expense = Expense.objects.get()
    assert expense.amount == Decimal("1250.10")
    page = client.get(detail_url(statement)).content.decode()
    assert "€ 1.250,10" in page
    assert reverse("documents:document-download", args=[expense.document_id]) in page

    client.post(detail_url(statement, "expense-remove", expense_pk=expense.pk))
    assert not Expense.objects.exists()

    client.post(detail_url(statement, "expense-add"), expense_post(funded))
    response = client.post(detail_url(statement, "statement-submit"))
    assert response.status_code == HTTPStatus.FOUND
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED


def test_a_partner_representative_cannot_add_expenses(client, sign_in):
    funded = started()
    statement = open_statement(funded)
    sign_in(funded.team.partner_rep)

    response = client.post(detail_url(statement, "expense-add"), expense_post(funded))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Expense.objects.exists()


# -- the officer's check ---------------------------------------------------------------


def test_htmx_checks_one_row_and_swaps_it(client, sign_in):
    funded = started()
    statement = submitted_statement(funded, invoices=2, declarations=0)
    expense = statement.expenses.earliest("pk")
    sign_in(funded.officer)

    response = client.post(
        detail_url(statement, "expense-check", expense_pk=expense.pk),
        {
            f"check-{expense.pk}-outcome": "partly_eligible",
            f"check-{expense.pk}-eligible_amount": "1.000,05",
            f"check-{expense.pk}-reason": "Quota non pertinente",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tbody id="expense-{expense.pk}"')
    assert "<html" not in html
    assert "Parzialmente ammissibile" in html
    assert "€ 1.000,05" in html
    expense.refresh_from_db()
    assert expense.check_status == ExpenseCheck.PARTLY_ELIGIBLE
    assert expense.eligible_amount == Decimal("1000.05")


def test_htmx_returns_the_row_with_the_error_and_saves_nothing(client, sign_in):
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    expense = statement.expenses.get()
    sign_in(funded.officer)

    response = client.post(
        detail_url(statement, "expense-check", expense_pk=expense.pk),
        {
            f"check-{expense.pk}-outcome": "partly_eligible",
            f"check-{expense.pk}-eligible_amount": "2.000,00",
        },
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert f'<tbody id="expense-{expense.pk}"' in html
    assert f'id="id_check-{expense.pk}-eligible_amount_error"' in html
    assert f'id="id_check-{expense.pk}-reason_error"' in html
    expense.refresh_from_db()
    assert expense.check_status == ExpenseCheck.PENDING


def test_without_htmx_the_check_goes_back_to_the_row_or_shows_the_error(
    client, sign_in
):
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    expense = statement.expenses.get()
    sign_in(funded.officer)
    url = detail_url(statement, "expense-check", expense_pk=expense.pk)

    response = client.post(url, {f"check-{expense.pk}-outcome": "not_eligible"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert f'id="id_check-{expense.pk}-reason_error"' in response.content.decode()
    expense.refresh_from_db()
    assert expense.check_status == ExpenseCheck.PENDING

    response = client.post(url, {f"check-{expense.pk}-outcome": "eligible"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(f"#expense-{expense.pk}")
    expense.refresh_from_db()
    assert expense.eligible_amount == expense.amount


def test_another_ats_officer_cannot_check(client, sign_in):
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    expense = statement.expenses.get()
    sign_in(make_user(Role.ATS_OFFICER, ats=ats("bergamo")))

    response = client.post(
        detail_url(statement, "expense-check", expense_pk=expense.pk),
        {f"check-{expense.pk}-outcome": "eligible"},
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
    expense.refresh_from_db()
    assert expense.check_status == ExpenseCheck.PENDING


def test_the_lead_body_cannot_check_its_own_expenses(client, sign_in):
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    expense = statement.expenses.get()
    sign_in(funded.lead_rep)

    response = client.post(
        detail_url(statement, "expense-check", expense_pk=expense.pk),
        {f"check-{expense.pk}-outcome": "eligible"},
    )

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_officer_draws_verifies_and_closes(client, sign_in):
    funded = started()
    statement = submitted_statement(funded, invoices=1, declarations=2)
    sign_in(funded.officer)

    response = client.post(detail_url(statement, "statement-close"), {})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Estrarre il campione" in response.content.decode()

    response = client.post(
        detail_url(statement, "statement-sample"), {"sample-seed": "12345"}
    )
    assert response.status_code == HTTPStatus.FOUND
    statement.refresh_from_db()
    assert statement.sample_seed == 12345
    page = client.get(detail_url(statement)).content.decode()
    assert '<code id="sample-seed">12345</code>' in page

    drawn = statement.expenses.get(sampled=True)
    response = client.post(
        detail_url(statement, "expense-verify", expense_pk=drawn.pk),
        {f"verify-{drawn.pk}-outcome": "not_confirmed"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert f'id="id_verify-{drawn.pk}-note_error"' in response.content.decode()
    response = client.post(
        detail_url(statement, "expense-verify", expense_pk=drawn.pk),
        {f"verify-{drawn.pk}-outcome": "confirmed"},
    )
    assert response.status_code == HTTPStatus.FOUND
    drawn.refresh_from_db()
    assert drawn.verification == Verification.CONFIRMED

    for expense in statement.expenses.all():
        expense_check(
            actor=funded.officer, expense=expense, outcome=ExpenseCheck.ELIGIBLE
        )
    response = client.post(
        detail_url(statement, "statement-close"), {"close-note": "Regolare"}
    )
    assert response.status_code == HTTPStatus.FOUND
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CHECKED
    page = client.get(detail_url(statement)).content.decode()
    assert 'id="reopen-form"' in page
    assert "€ 1.450,10" in page


def test_request_changes_and_reopen_need_their_text(client, sign_in):
    funded = started()
    statement = submitted_statement(funded, declarations=0)
    sign_in(funded.officer)

    response = client.post(
        detail_url(statement, "statement-request-changes"), {"changes-note": ""}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_changes-note_error"' in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED

    response = client.post(
        detail_url(statement, "statement-request-changes"),
        {"changes-note": "Allegare il cedolino"},
    )
    assert response.status_code == HTTPStatus.FOUND
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CHANGES_REQUESTED

    statement_submit(actor=funded.lead_rep, statement=statement)
    expense_check(
        actor=funded.officer,
        expense=statement.expenses.get(),
        outcome=ExpenseCheck.ELIGIBLE,
    )
    client.post(detail_url(statement, "statement-close"), {})
    response = client.post(detail_url(statement, "statement-reopen"), {})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'id="id_reopen-reason_error"' in response.content.decode()
    response = client.post(
        detail_url(statement, "statement-reopen"), {"reopen-reason": "Ricalcolo"}
    )
    assert response.status_code == HTTPStatus.FOUND
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED


# -- query count ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "lead_rep"])
def test_the_page_s_queries_do_not_grow_with_the_expenses(
    client, sign_in, django_assert_num_queries, who
):
    funded = started()
    statement = open_statement(funded)
    for index in range(2):
        add_expense(
            funded,
            statement,
            document_number=f"A-{index}",
            evidence=ExpenseEvidence.SELF_DECLARATION,
        )
    if who == "officer":
        statement_submit(actor=funded.lead_rep, statement=statement)
    user = getattr(funded, who)
    sign_in(user)
    url = detail_url(statement)
    client.get(url)  # warm the caches (content types, roles)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == HTTPStatus.OK

    if who == "officer":
        ExpenditureStatement.objects.filter(pk=statement.pk).update(
            status=StatementStatus.DRAFT
        )
    for index in range(2, 14):
        add_expense(
            funded,
            statement,
            document_number=f"A-{index}",
            organisation=funded.team.partners[index % 3],
            category=["personnel", "services", "vouchers"][index % 3],
        )
    if who == "officer":
        ExpenditureStatement.objects.filter(pk=statement.pk).update(
            status=StatementStatus.SUBMITTED
        )

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('<tbody id="expense-') == 14
