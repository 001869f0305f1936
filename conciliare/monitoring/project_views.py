"""Reserved pages of the funded projects' monitoring: the list with each
project's figures, and one project's page (figures, deadlines and reports,
statements, payments, the forms of whoever may act, the history)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.monitoring import payment_services
from conciliare.monitoring import project_selectors as selectors
from conciliare.monitoring.models import PaymentKind, ReportKind
from conciliare.monitoring.payment_forms import (
    PaymentForm,
    RecoveryForm,
    RevocationForm,
)
from conciliare.monitoring.project_forms import (
    ProjectCompleteForm,
    ProjectFilterForm,
    ProjectStartForm,
    StatementStartForm,
)
from conciliare.monitoring.project_services import (
    CLOSED_STATUSES,
    REPORTING_OPEN_IN,
    REPORTING_STATUSES,
    project_complete,
    project_start,
)
from conciliare.monitoring.timeline import project_history
from conciliare.plans.models import AgreementStatus, DeadlineKind, InstalmentKind
from conciliare.projects.models import Project, ProjectStatus

DETAIL = "monitoring:project-detail"
#: Rows of the list per page.
PAGE_SIZE = 50
_REPORT_KIND_OF_DEADLINE: dict[str, str] = {
    DeadlineKind.INTERIM_REPORT: ReportKind.INTERIM,
    DeadlineKind.FINAL_REPORT: ReportKind.FINAL,
}


@login_required
@require_http_methods(["GET"])
def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The projects the user follows, with their figures, filtered by state
    and period (and ATS, for the Region)."""
    with_ats = bool(is_regional_officer(request.user))
    form = ProjectFilterForm(request.GET, with_ats=with_ats)
    form.is_valid()  # an invalid filter is shown beside its field and ignored
    projects = selectors.project_list_for_user(user=request.user, **form.filters())
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/projects/project_list.html",
        {
            "form": form,
            "page_obj": page,
            "with_ats": with_ats,
            # the overdue reports are the officers' (and the Region's) to chase
            "follows_deadlines": with_ats
            or bool(ats_ids_of(request.user, Role.ATS_OFFICER)),
        },
    )


@login_required
@require_http_methods(["GET"])
def project_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    project = selectors.project_get_for_user(user=request.user, code=code)
    return project_page(request, project)


@login_required
@require_http_methods(["POST"])
def project_start_view(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    project = _project_for(request, code, "monitoring.declare_progress")
    form = ProjectStartForm(request.POST)
    if form.is_valid() and form.call_service(
        project_start,
        actor=request.user,
        project=project,
        started_on=form.cleaned_data["started_on"],
    ):
        messages.success(request, _("Avvio delle attività registrato."))
        return redirect(DETAIL, code=project.code)
    return project_page(request, project, start_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def project_complete_view(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    project = _project_for(request, code, "monitoring.declare_progress")
    form = ProjectCompleteForm(request.POST)
    if form.is_valid() and form.call_service(
        project_complete,
        actor=request.user,
        project=project,
        ended_on=form.cleaned_data["ended_on"],
    ):
        messages.success(request, _("Conclusione delle attività registrata."))
        return redirect(DETAIL, code=project.code)
    return project_page(request, project, complete_form=form, status=400)


# -- the page ------------------------------------------------------------------------

#: The newest events the page shows; ``?storia=completa`` shows them all.
HISTORY_LIMIT = 40


def project_page(
    request: AuthenticatedHttpRequest,
    project: Project,
    *,
    status: int = 200,
    start_form: ProjectStartForm | None = None,
    complete_form: ProjectCompleteForm | None = None,
    payment_form: PaymentForm | None = None,
    revocation_form: RevocationForm | None = None,
    recovery_form: RecoveryForm | None = None,
) -> HttpResponse:
    """The project's page; a form given is shown as posted (with its
    errors), the others empty, each only to whoever may use it."""
    user = request.user
    project = selectors.project_with_figures(project)
    data = selectors.project_page_data(project)
    can_report = user.has_perm("monitoring.report_on_project", project)
    can_declare = user.has_perm("monitoring.declare_progress", project)
    can_pay = user.has_perm("monitoring.record_payment", project)
    context: dict[str, Any] = {
        "project": project,
        "agreement": data.agreement,
        "data": data,
        "deadline_rows": [
            (
                deadline,
                getattr(deadline, "report", None),
                kind,
                can_report and project.status in REPORTING_OPEN_IN[kind],
            )
            for deadline in data.deadlines
            for kind in [
                _REPORT_KIND_OF_DEADLINE.get(deadline.kind, ReportKind.INTERIM)
            ]
        ],
        "can_report": can_report and project.status in REPORTING_STATUSES,
        "statement_form": StatementStartForm()
        if can_report and project.status in REPORTING_STATUSES
        else None,
        "history": project_history(
            project,
            deadlines=data.deadlines,
            limit=None if request.GET.get("storia") == "completa" else HISTORY_LIMIT,
        ),
        "today": timezone.localdate(),
    }
    if can_declare and project.status == ProjectStatus.AGREEMENT_SIGNED:
        context["start_form"] = start_form or ProjectStartForm()
    if can_declare and project.status == ProjectStatus.IN_PROGRESS:
        context["complete_form"] = complete_form or ProjectCompleteForm()
    if can_pay:
        context.update(
            _payment_context(
                project,
                data,
                payment_form=payment_form,
                revocation_form=revocation_form,
                recovery_form=recovery_form,
            )
        )
    return render(
        request, "monitoring/projects/project_detail.html", context, status=status
    )


def _payment_context(
    project: Project,
    data: selectors.ProjectPageData,
    *,
    payment_form: PaymentForm | None,
    revocation_form: RevocationForm | None,
    recovery_form: RecoveryForm | None,
) -> dict[str, Any]:
    """The officer's forms: the payments the agreement allows now (the
    advance, the next interim instalment, the balance with its
    computation), the revocation and a recovery."""
    payment_forms: list[PaymentForm] = []
    computation = None
    paid_kinds = {payment.kind for payment in data.payments}
    signed = data.agreement.status == AgreementStatus.SIGNED
    unpaid = [
        instalment
        for instalment in data.agreement.instalments.all()
        if not any(p.instalment_id == instalment.pk for p in data.payments)
    ]
    if signed and project.status in payment_services.PAYABLE_STATUSES:
        for kind in (InstalmentKind.ADVANCE, InstalmentKind.INTERIM):
            instalment = next((i for i in unpaid if i.kind == kind), None)
            if instalment is None or (
                kind == InstalmentKind.ADVANCE and PaymentKind.ADVANCE in paid_kinds
            ):
                continue
            payment_forms.append(
                _posted_or_new(payment_form, kind=kind, expected=instalment.amount)
            )
    if project.status == ProjectStatus.REPORTED and PaymentKind.BALANCE not in (
        paid_kinds
    ):
        computation = payment_services.balance_preview(project)
        payment_forms.append(
            _posted_or_new(
                payment_form, kind=PaymentKind.BALANCE, expected=computation.balance
            )
        )
    if payment_form is not None and payment_form not in payment_forms:
        payment_forms.append(payment_form)  # refused: shown with its errors
    context: dict[str, Any] = {
        "can_pay": True,
        "payment_forms": payment_forms,
        "computation": computation,
    }
    if project.status not in CLOSED_STATUSES:
        context["revocation_form"] = revocation_form or RevocationForm(
            paid=project.paid  # type: ignore[attr-defined]
        )
    if project.to_recover > 0:  # type: ignore[attr-defined]
        context["recovery_form"] = recovery_form or RecoveryForm(
            due=project.to_recover  # type: ignore[attr-defined]
        )
    return context


def _posted_or_new(
    posted: PaymentForm | None, *, kind: str, expected: Any
) -> PaymentForm:
    if posted is not None and posted.kind == kind:
        return posted
    return PaymentForm(kind=kind, expected=expected)


def _project_for(request: AuthenticatedHttpRequest, code: str, perm: str) -> Project:
    """The project if the user may read it (404 otherwise) and holds
    ``perm`` on it (403 otherwise)."""
    project = selectors.project_get_for_user(user=request.user, code=code)
    if not request.user.has_perm(perm, project):
        raise PermissionDenied
    return project
