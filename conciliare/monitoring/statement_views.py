"""Reserved pages of the expenditure statements: a new statement, and one
statement's page with its expenses and totals, where the lead body's
representatives add expenses and send it, and the ATS's officers check each
expense (htmx, one row at a time), draw and verify the sample of
self-declarations, close the check, ask for changes or reopen it. The
ATS's committee and the Region read it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.monitoring import statement_check_services as check_services
from conciliare.monitoring import statement_sample_services as sample_services
from conciliare.monitoring import statement_selectors as selectors
from conciliare.monitoring import statement_services as services
from conciliare.monitoring.models import (
    ExpenditureStatement,
    Expense,
    ExpenseCheck,
    ExpenseEvidence,
    StatementStatus,
    Verification,
)
from conciliare.monitoring.project_selectors import project_get_for_user
from conciliare.monitoring.project_services import CLOSED_STATUSES
from conciliare.monitoring.statement_forms import (
    ExpenseCheckForm,
    ExpenseForm,
    ExpenseVerifyForm,
    SampleDrawForm,
    StatementCloseForm,
    StatementCreateForm,
    StatementReopenForm,
    StatementRequestChangesForm,
)
from conciliare.plans.agreement_services import agreement_template_for
from conciliare.projects.models import Project, ProjectStatus

DETAIL = "monitoring:statement-detail"
PAGE = "monitoring/statements/statement_detail.html"
ROW = PAGE + "#expense-row"
_CHECK = "monitoring.check_statement"


@login_required
@require_http_methods(["GET", "POST"])
def statement_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Open a statement (the project's page posts here; on a refusal this
    page shows the form again with the message beside the field)."""
    project = project_get_for_user(user=request.user, code=code)
    if not request.user.has_perm("monitoring.report_on_project", project):
        raise PermissionDenied
    form = StatementCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                statement = services.statement_create(
                    actor=request.user,
                    project=project,
                    kind=form.cleaned_data["kind"],
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            except ApplicationError as exc:
                form.add_error_message(exc.field, exc.message)
            else:
                messages.success(
                    request,
                    _("Rendiconto n. %(number)s aperto: aggiungere le spese.")
                    % {"number": statement.number},
                )
                return redirect(DETAIL, code=project.code, pk=statement.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "monitoring/statements/statement_create.html",
        {"project": project, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def statement_detail(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    statement = selectors.statement_get_for_user(user=request.user, code=code, pk=pk)
    return _detail_page(request, statement)


# -- the lead body's part ------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def expense_add(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    statement = _for_lead(request, code, pk)
    form = ExpenseForm(
        request.POST,
        request.FILES,
        organisations=selectors.statement_organisations(statement.project),
    )
    if form.is_valid() and form.call_service(
        services.expense_add,
        actor=request.user,
        statement=statement,
        data=form.expense_data(),
        file=form.cleaned_data["file"],
    ):
        messages.success(request, _("Spesa aggiunta al rendiconto."))
        return redirect(_detail_url(statement, "expenses"))
    return _detail_page(request, statement, expense_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def expense_remove(
    request: AuthenticatedHttpRequest, code: str, pk: int, expense_pk: int
) -> HttpResponse:
    statement = _for_lead(request, code, pk)
    expense = get_object_or_404(Expense, pk=expense_pk, statement=statement)
    _run(
        request,
        services.expense_remove,
        _("Spesa eliminata dal rendiconto."),
        actor=request.user,
        expense=expense,
    )
    return redirect(_detail_url(statement, "expenses"))


@login_required
@require_http_methods(["POST"])
def statement_submit(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    statement = _for_lead(request, code, pk)
    _run(
        request,
        services.statement_submit,
        _("Rendiconto inviato all'ATS per la verifica."),
        actor=request.user,
        statement=statement,
    )
    return redirect(DETAIL, code=code, pk=pk)


# -- the ATS's check ---------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def expense_check(
    request: AuthenticatedHttpRequest, code: str, pk: int, expense_pk: int
) -> HttpResponse:
    """One row's check: htmx swaps the row (with its errors, if any); a plain
    POST goes back to the row, or shows the page with the errors (400)."""
    statement = _for_officer(request, code, pk)
    expense = get_object_or_404(selectors.expense_list(statement), pk=expense_pk)
    form = ExpenseCheckForm(request.POST, expense_pk=expense.pk)
    saved = form.is_valid() and form.call_service(
        check_services.expense_check,
        actor=request.user,
        expense=expense,
        **form.check_data(),
    )
    if request.htmx:
        if saved:
            expense = selectors.expense_list(statement).get(pk=expense.pk)
            form = _check_form(expense)
        # htmx swaps only 2xx responses: the row comes back with its errors
        return render(
            request,
            ROW,
            {
                "statement": statement,
                "expense": expense,
                "check_form": form,
                "can_check": True,
                "saved": saved,
            },
        )
    if saved:
        messages.success(request, _("Esito della verifica registrato."))
        return redirect(_detail_url(statement, f"expense-{expense.pk}"))
    return _detail_page(request, statement, check_forms={expense.pk: form}, status=400)


@login_required
@require_http_methods(["POST"])
def expense_verify(
    request: AuthenticatedHttpRequest, code: str, pk: int, expense_pk: int
) -> HttpResponse:
    statement = _for_officer(request, code, pk)
    expense = get_object_or_404(Expense, pk=expense_pk, statement=statement)
    form = ExpenseVerifyForm(request.POST, expense_pk=expense.pk)
    if form.is_valid() and form.call_service(
        check_services.expense_verify,
        actor=request.user,
        expense=expense,
        outcome=form.cleaned_data["outcome"],
        note=form.cleaned_data["note"],
    ):
        messages.success(request, _("Verifica dell'autocertificazione registrata."))
        return redirect(_detail_url(statement, "sample"))
    return _detail_page(request, statement, verify_forms={expense.pk: form}, status=400)


@login_required
@require_http_methods(["POST"])
def statement_sample(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    statement = _for_officer(request, code, pk)
    form = SampleDrawForm(request.POST)
    if form.is_valid():
        try:
            drawn = sample_services.statement_sample_draw(
                actor=request.user,
                statement=statement,
                seed=form.cleaned_data["seed"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
            return _detail_page(request, statement, sample_form=form, status=400)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(_detail_url(statement, "sample"))
        messages.success(
            request,
            ngettext(
                "Campione estratto: %(count)d autocertificazione da verificare.",
                "Campione estratto: %(count)d autocertificazioni da verificare.",
                len(drawn),
            )
            % {"count": len(drawn)},
        )
        return redirect(_detail_url(statement, "sample"))
    return _detail_page(request, statement, sample_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def statement_close(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    statement = _for_officer(request, code, pk)
    form = StatementCloseForm(request.POST)
    if form.is_valid() and form.call_service(
        check_services.statement_close,
        actor=request.user,
        statement=statement,
        note=form.cleaned_data["note"],
    ):
        messages.success(
            request,
            _("Verifica del rendiconto conclusa: l'ente capofila è stato avvisato."),
        )
        return redirect(DETAIL, code=code, pk=pk)
    return _detail_page(request, statement, close_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def statement_request_changes(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    statement = _for_officer(request, code, pk)
    form = StatementRequestChangesForm(request.POST)
    if form.is_valid() and form.call_service(
        check_services.statement_request_changes,
        actor=request.user,
        statement=statement,
        note=form.cleaned_data["note"],
    ):
        messages.success(
            request,
            _("Rendiconto restituito all'ente capofila per le integrazioni."),
        )
        return redirect(DETAIL, code=code, pk=pk)
    return _detail_page(request, statement, changes_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def statement_reopen(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    statement = _for_officer(request, code, pk)
    form = StatementReopenForm(request.POST)
    if form.is_valid() and form.call_service(
        check_services.statement_reopen,
        actor=request.user,
        statement=statement,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(
            request, _("Rendiconto riaperto: le verifiche si possono modificare.")
        )
        return redirect(DETAIL, code=code, pk=pk)
    return _detail_page(request, statement, reopen_form=form, status=400)


# -- the page ------------------------------------------------------------------------


def _detail_page(
    request: AuthenticatedHttpRequest,
    statement: ExpenditureStatement,
    *,
    status: int = 200,
    expense_form: ExpenseForm | None = None,
    check_forms: dict[int, ExpenseCheckForm] | None = None,
    verify_forms: dict[int, ExpenseVerifyForm] | None = None,
    sample_form: SampleDrawForm | None = None,
    close_form: StatementCloseForm | None = None,
    changes_form: StatementRequestChangesForm | None = None,
    reopen_form: StatementReopenForm | None = None,
) -> HttpResponse:
    """The statement's page; a form given is shown as posted (with its
    errors), the others empty, each only to whoever may use it."""
    user = request.user
    project = statement.project
    expenses = list(selectors.expense_list(statement))
    revoked = project.status == ProjectStatus.REVOKED
    can_edit = (
        not revoked
        and statement.is_editable
        and user.has_perm("monitoring.edit_statement", statement)
    )
    is_officer = user.has_perm(_CHECK, statement)
    can_check = (
        is_officer and statement.status == StatementStatus.SUBMITTED and not revoked
    )
    check_forms = check_forms or {}
    verify_forms = verify_forms or {}
    declarations = [
        e for e in expenses if e.evidence == ExpenseEvidence.SELF_DECLARATION
    ]
    sampled = [e for e in expenses if e.sampled]
    context: dict[str, Any] = {
        "statement": statement,
        "project": project,
        "rows": [
            (expense, check_forms.get(expense.pk) or _check_form(expense))
            if can_check
            else (expense, None)
            for expense in expenses
        ],
        "expense_count": len(expenses),
        "totals": selectors.statement_totals(statement),
        "can_edit": can_edit,
        "can_check": can_check,
        "is_officer": is_officer,
        "declarations": declarations,
        "sampled_rows": [
            (
                expense,
                (verify_forms.get(expense.pk) or _verify_form(expense))
                if can_check
                else None,
            )
            for expense in sampled
        ],
        "events": selectors.statement_events(
            statement, [expense.pk for expense in expenses]
        )[:100]
        if is_officer
        else None,
    }
    if can_edit:
        context["expense_form"] = expense_form or ExpenseForm(
            organisations=selectors.statement_organisations(project)
        )
    if can_check:
        if statement.sample_seed is None and declarations:
            context["sample_form"] = sample_form or SampleDrawForm()
            context["sample_share"] = agreement_template_for(
                plan=project.agreement.plan_version.plan
            ).sample_share
        context["close_missing"] = check_services.statement_close_missing(statement)
        context["close_form"] = close_form or StatementCloseForm()
        context["changes_form"] = changes_form or StatementRequestChangesForm()
    if (
        is_officer
        and statement.status == StatementStatus.CHECKED
        and project.status not in CLOSED_STATUSES
    ):
        context["reopen_form"] = reopen_form or StatementReopenForm()
    return render(request, PAGE, context, status=status)


def _check_form(expense: Expense) -> ExpenseCheckForm:
    initial: dict[str, Any] = {}
    if expense.check_status != ExpenseCheck.PENDING:
        initial = {
            "outcome": expense.check_status,
            "eligible_amount": expense.eligible_amount
            if expense.check_status == ExpenseCheck.PARTLY_ELIGIBLE
            else None,
            "reason": expense.check_reason,
        }
    return ExpenseCheckForm(initial=initial, expense_pk=expense.pk)


def _verify_form(expense: Expense) -> ExpenseVerifyForm:
    initial: dict[str, Any] = {}
    if expense.verification in (Verification.CONFIRMED, Verification.NOT_CONFIRMED):
        initial = {
            "outcome": expense.verification,
            "note": expense.verification_note,
        }
    return ExpenseVerifyForm(initial=initial, expense_pk=expense.pk)


def _detail_url(statement: ExpenditureStatement, anchor: str = "") -> str:
    url = reverse(DETAIL, kwargs={"code": statement.project.code, "pk": statement.pk})
    return f"{url}#{anchor}" if anchor else url


def _for_lead(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> ExpenditureStatement:
    """The statement if the user sees it (404 otherwise) and represents the
    project's lead body (403 otherwise)."""
    statement = selectors.statement_get_for_user(user=request.user, code=code, pk=pk)
    project: Project = statement.project
    if not request.user.has_perm("monitoring.report_on_project", project):
        raise PermissionDenied
    return statement


def _for_officer(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> ExpenditureStatement:
    """The statement if the user sees it (404 otherwise) and is an officer
    of its ATS (403 otherwise)."""
    statement = selectors.statement_get_for_user(user=request.user, code=code, pk=pk)
    if not request.user.has_perm(_CHECK, statement):
        raise PermissionDenied
    return statement


def _run(
    request: AuthenticatedHttpRequest,
    service: Any,
    success: str,
    **kwargs: Any,
) -> bool:
    """Run a service without a form: its refusal becomes an error message."""
    try:
        service(**kwargs)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
        return True
    return False
