"""Reserved pages of the monitoring reports: a report's page (the lead
body's form while it may change it, the read-only report with the ATS's
decision otherwise), its parts' saves, the submission, the decision, the
reopening, and the officers' list of overdue reports."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.row_formsets import RowFormSet, with_blank_row
from conciliare.monitoring import report_figure_services as figure_services
from conciliare.monitoring import report_review_services as review_services
from conciliare.monitoring import report_selectors as selectors
from conciliare.monitoring import report_services as services
from conciliare.monitoring.models import MonitoringReport, ReportStatus
from conciliare.monitoring.project_services import CLOSED_STATUSES
from conciliare.monitoring.report_forms import (
    AttachmentForm,
    DecisionForm,
    IndicatorFormSet,
    OverdueFilterForm,
    ReachFormSet,
    ReachFormSetClass,
    ReopenForm,
    ReportCreateForm,
    ReportGeneralForm,
    indicators_initial,
    reach_initial,
)
from conciliare.plans.models import AgreementDeadline, AgreementStatus
from conciliare.projects.models import Project, ProjectStatus
from conciliare.territory.models import InterventionArea

DETAIL = "monitoring:report-detail"
PAGE_SIZE = 50
REACH_PREFIX = "reach"
INDICATORS_PREFIX = "indicators"


# -- starting a report ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Start a report (the project's page posts the kind and the deadline;
    this page asks again when something is refused)."""
    project = selectors.project_get_for_reports(user=request.user, code=code)
    if not request.user.has_perm("monitoring.report_on_project", project):
        raise PermissionDenied
    deadlines = (
        AgreementDeadline.objects.filter(
            agreement__project=project,
            agreement__status=AgreementStatus.SIGNED,
            report__isnull=True,
        )
        .select_related("agreement")
        .order_by("due_on", "pk")
    )
    form = ReportCreateForm(request.POST or None, deadlines=deadlines)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            report = _create(request, project, form)
            if report is not None:
                messages.success(
                    request,
                    _("%(kind)s avviata: compilarla e inviarla all'ATS.")
                    % {"kind": report.get_kind_display()},
                )
                return redirect(DETAIL, code=project.code, pk=report.pk)
    return render(
        request,
        "monitoring/reports/report_create.html",
        {"project": project, "form": form},
        status=status,
    )


def _create(
    request: AuthenticatedHttpRequest, project: Project, form: ReportCreateForm
) -> MonitoringReport | None:
    data = form.cleaned_data
    start, end = services.report_period_default(
        project=project, kind=data["kind"], deadline=data["deadline"]
    )
    try:
        return services.report_create(
            actor=request.user,
            project=project,
            kind=data["kind"],
            deadline=data["deadline"],
            period_start=data["period_start"] or start,
            period_end=data["period_end"] or max(end, data["period_start"] or end),
        )
    except ValidationError as exc:
        form.add_service_errors(exc)
    except ApplicationError as exc:
        form.add_error_message(exc.field, exc.message)
    return None


# -- a report's page and the lead body's saves ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    """The report; a POST saves its general section (dates and texts)."""
    report = _report_for(request, code, pk)
    if request.method == "GET":
        return _detail_page(request, report)
    refused = _refuse_edit(request, report)
    if refused is not None:
        return refused
    form = ReportGeneralForm(request.POST)
    if form.is_valid() and form.call_service(
        services.report_update,
        actor=request.user,
        report=report,
        version=form.cleaned_data["version"],
        data=form.data_for_service(),
    ):
        messages.success(request, _("Dati generali della relazione salvati."))
        return _back(report, "general")
    return _detail_page(request, report, general_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def report_reach(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    """Save the beneficiaries reached («Aggiungi una riga» shows one more)."""
    report = _report_for(request, code, pk)
    refused = _refuse_edit(request, report)
    if refused is not None:
        return refused
    areas = _areas(report)
    if "add_row" in request.POST:
        data = with_blank_row(request.POST, ReachFormSetClass, REACH_PREFIX)
        formset = ReachFormSetClass(data, prefix=REACH_PREFIX, areas=areas)
        return _detail_page(request, report, reach_formset=formset)
    formset = ReachFormSetClass(request.POST, prefix=REACH_PREFIX, areas=areas)
    errors: list[str] = []
    if formset.is_valid():
        errors = _save_rows(
            lambda: figure_services.report_reach_save(
                actor=request.user,
                report=report,
                rows=formset.rows(),  # type: ignore[arg-type]
            )
        )
        if not errors:
            messages.success(request, _("Destinatari raggiunti salvati."))
            return _back(report, "reach")
    return _detail_page(
        request, report, reach_formset=formset, reach_errors=errors, status=400
    )


@login_required
@require_http_methods(["POST"])
def report_indicators(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    report = _report_for(request, code, pk)
    refused = _refuse_edit(request, report)
    if refused is not None:
        return refused
    formset = IndicatorFormSet(request.POST, prefix=INDICATORS_PREFIX)
    errors: list[str] = []
    if formset.is_valid():
        errors = _save_rows(
            lambda: figure_services.report_indicators_save(
                actor=request.user,
                report=report,
                values=formset.rows(),  # type: ignore[arg-type]
            )
        )
        if not errors:
            messages.success(request, _("Valori degli indicatori salvati."))
            return _back(report, "indicators")
    return _detail_page(
        request,
        report,
        indicator_formset=formset,
        indicator_errors=errors,
        status=400,
    )


@login_required
@require_http_methods(["POST"])
def report_attachment_add(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    report = _report_for(request, code, pk)
    refused = _refuse_edit(request, report)
    if refused is not None:
        return refused
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid() and form.call_service(
        services.report_attachment_add,
        actor=request.user,
        report=report,
        file=form.cleaned_data["file"],
        description=form.cleaned_data["description"],
    ):
        messages.success(request, _("Allegato caricato."))
        return _back(report, "attachments")
    return _detail_page(request, report, attachment_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def report_attachment_remove(
    request: AuthenticatedHttpRequest, code: str, pk: int, attachment_pk: int
) -> HttpResponse:
    report = _report_for(request, code, pk)
    attachment = next(
        (a for a in report.attachments.all() if a.pk == attachment_pk), None
    )
    if attachment is None:
        raise Http404
    refused = _refuse_edit(request, report)
    if refused is not None:
        return refused
    try:
        services.report_attachment_remove(actor=request.user, attachment=attachment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Allegato «%(name)s» tolto.") % {"name": attachment.description},
        )
    return _back(report, "attachments")


@login_required
@require_http_methods(["POST"])
def report_submit(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    report = _report_for(request, code, pk)
    refused = _refuse_edit(request, report)
    if refused is not None:
        return refused
    try:
        services.report_submit(actor=request.user, report=report)
    except ValidationError as exc:
        return _detail_page(request, report, submit_errors=exc.messages, status=400)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back(report, "submit")
    messages.success(
        request,
        _("Relazione inviata all'ATS: riceverete l'esito per e-mail."),
    )
    return redirect(DETAIL, code=report.project.code, pk=report.pk)


# -- the ATS's decision --------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def report_decide(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    """Accept the submitted report, or send it back with what to change."""
    report = _report_for(request, code, pk)
    if not request.user.has_perm("monitoring.review_report", report):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == DecisionForm.ACCEPT
        if form.call_service(
            review_services.report_accept
            if accept
            else review_services.report_request_changes,
            actor=request.user,
            report=report,
            note=form.cleaned_data["note"],
        ):
            messages.success(
                request,
                _("Relazione accettata.")
                if accept
                else _("Integrazioni richieste: l'ente capofila è stato avvisato."),
            )
            return redirect(DETAIL, code=report.project.code, pk=report.pk)
    return _detail_page(request, report, decision_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def report_reopen(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> HttpResponse:
    report = _report_for(request, code, pk)
    if not request.user.has_perm("monitoring.review_report", report):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid() and form.call_service(
        review_services.report_reopen,
        actor=request.user,
        report=report,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, _("Relazione riaperta: torna all'esame dell'ATS."))
        return redirect(DETAIL, code=report.project.code, pk=report.pk)
    return _detail_page(request, report, reopen_form=form, status=400)


# -- the overdue reports -----------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def report_overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The deadlines past without a report with the ATS, and the reports
    submitted late: the ATS's officers theirs, the Region every ATS's."""
    user = request.user
    regional = is_regional_officer(user)
    if not regional and not ats_ids_of(user, Role.ATS_OFFICER):
        raise PermissionDenied
    form = OverdueFilterForm(
        request.GET or None, choices=selectors.overdue_ats_choices(user)
    )
    ats = form.cleaned_data["ats"] if regional and form.is_valid() else None
    page = Paginator(
        selectors.report_overdue_list(user=user, ats=ats), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/reports/report_overdue.html",
        {
            "form": form if regional else None,
            "page": page,
            "rows": selectors.overdue_rows(list(page.object_list)),
        },
    )


# -- helpers -------------------------------------------------------------------------


def _report_for(
    request: AuthenticatedHttpRequest, code: str, pk: int
) -> MonitoringReport:
    return selectors.report_get_for_user(user=request.user, code=code, pk=pk)


def _refuse_edit(
    request: AuthenticatedHttpRequest, report: MonitoringReport
) -> HttpResponse | None:
    """403 for anyone but the lead body; back to the page, with the reason,
    once the report is no longer open to changes."""
    if not request.user.has_perm("monitoring.report_on_project", report.project):
        raise PermissionDenied
    if not _can_edit(request, report):
        messages.error(
            request,
            _("La relazione è «%(status)s»: non può più essere modificata.")
            % {"status": report.get_status_display()},
        )
        return redirect(DETAIL, code=report.project.code, pk=report.pk)
    return None


def _can_edit(request: AuthenticatedHttpRequest, report: MonitoringReport) -> bool:
    return report.project.status != ProjectStatus.REVOKED and request.user.has_perm(
        "monitoring.edit_report", report
    )


def _back(report: MonitoringReport, anchor: str) -> HttpResponse:
    url = reverse(DETAIL, kwargs={"code": report.project.code, "pk": report.pk})
    return redirect(f"{url}#{anchor}")


def _save_rows(save: Any) -> list[str]:
    try:
        save()
    except ValidationError as exc:
        return list(exc.messages)
    except ApplicationError as exc:
        return [exc.message]
    return []


def _areas(report: MonitoringReport) -> list[InterventionArea]:
    return list(
        InterventionArea.objects.filter(period_id=report.project.period_id).order_by(
            "number"
        )
    )


def _detail_page(
    request: AuthenticatedHttpRequest,
    report: MonitoringReport,
    *,
    general_form: ReportGeneralForm | None = None,
    reach_formset: ReachFormSet | None = None,
    reach_errors: list[str] | None = None,
    indicator_formset: RowFormSet | None = None,
    indicator_errors: list[str] | None = None,
    attachment_form: AttachmentForm | None = None,
    decision_form: DecisionForm | None = None,
    reopen_form: ReopenForm | None = None,
    submit_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    project = report.project
    can_edit = _can_edit(request, report)
    can_review = user.has_perm("monitoring.review_report", report)
    indicators = list(report.indicator_values.all())
    context: dict[str, Any] = {
        "report": report,
        "project": project,
        "can_edit": can_edit,
        "reach_totals": selectors.report_reach_totals(report),
        "indicator_rows": [(row, selectors.indicator_share(row)) for row in indicators],
        "events": event_list_for_object(target=report)[:50]
        if user.is_staff_role
        else None,
    }
    if can_edit:
        by_pk = {row.pk: row for row in indicators}
        indicator_formset = indicator_formset or IndicatorFormSet(
            prefix=INDICATORS_PREFIX, initial=indicators_initial(report)
        )
        context.update(
            general_form=general_form
            or ReportGeneralForm(initial=ReportGeneralForm.initial_for(report)),
            reach_formset=reach_formset
            or ReachFormSetClass(
                prefix=REACH_PREFIX, initial=reach_initial(report), areas=_areas(report)
            ),
            reach_errors=reach_errors or [],
            indicator_formset=indicator_formset,
            indicator_forms=[
                (form, by_pk.get(_int(form["pk"].value()) or 0))
                for form in indicator_formset.forms
            ],
            indicator_errors=indicator_errors or [],
            attachment_form=attachment_form or AttachmentForm(),
            missing=services.report_missing(report),
            submit_errors=submit_errors or [],
        )
    # a refused form is shown with its errors even where it no longer applies
    if decision_form is not None or (
        can_review and report.status == ReportStatus.SUBMITTED
    ):
        context["decision_form"] = decision_form or DecisionForm()
    if reopen_form is not None or (
        can_review
        and report.status == ReportStatus.ACCEPTED
        and project.status not in CLOSED_STATUSES
    ):
        context["reopen_form"] = reopen_form or ReopenForm()
    return render(
        request, "monitoring/reports/report_detail.html", context, status=status
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
