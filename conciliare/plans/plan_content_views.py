"""Reserved pages where the ATS writes its plan: the system actions (add,
edit, remove), the funding sources, the monitoring milestones and the
summary of a version in preparation or returned."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.row_formsets import RowFormSet, rows_formset_page
from conciliare.plans import plan_content_services as content
from conciliare.plans.models import PlanVersion, SystemAction
from conciliare.plans.plan_forms import (
    FundingFormSet,
    MilestoneFormSet,
    SummaryForm,
    SystemActionForm,
    funding_initial,
    milestones_initial,
)
from conciliare.plans.plan_selectors import plan_visible_to, version_get_for_user

DETAIL = "plans-manage:plan-detail"


def _editable_version(request: AuthenticatedHttpRequest, pk: int) -> PlanVersion:
    """The version (404 if its plan is not visible), changeable by the user
    (403 otherwise); a version that is not editable goes back to its plan's
    page with the reason."""
    version = version_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("plans.change_plan", version.plan):
        raise PermissionDenied
    return version


def _not_editable(
    request: AuthenticatedHttpRequest, version: PlanVersion
) -> HttpResponse | None:
    try:
        from conciliare.plans.plan_services import version_ensure_editable

        version_ensure_editable(version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(DETAIL, pk=version.plan_id)
    return None


def _action_for(request: AuthenticatedHttpRequest, pk: int) -> SystemAction:
    action = (
        SystemAction.objects.filter(
            pk=pk, version__plan__in=plan_visible_to(request.user)
        )
        .select_related("version__plan__ats", "version__plan__period")
        .first()
    )
    if action is None:
        raise Http404
    if not request.user.has_perm("plans.change_plan", action.version.plan):
        raise PermissionDenied
    return action


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _editable_version(request, pk)
    refused = _not_editable(request, version)
    if refused is not None:
        return refused
    form = SystemActionForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            action = content.system_action_add(
                actor=request.user, version=version, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Azione di sistema «%(title)s» aggiunta.") % {"title": action.title},
            )
            return redirect(DETAIL, pk=version.plan_id)
    return render(
        request,
        "plans/manage_action_form.html",
        {"form": form, "version": version, "plan": version.plan, "action": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _action_for(request, pk)
    version = action.version
    refused = _not_editable(request, version)
    if refused is not None:
        return refused
    if request.method == "POST":
        form = SystemActionForm(request.POST, version=version)
    else:
        form = SystemActionForm(
            version=version, initial=SystemActionForm.initial_for(action)
        )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.call_service(
            content.system_action_update,
            actor=request.user,
            action=action,
            data=form.cleaned_data,
        )
    ):
        messages.success(request, _("Azione di sistema aggiornata."))
        return redirect(DETAIL, pk=version.plan_id)
    return render(
        request,
        "plans/manage_action_form.html",
        {"form": form, "version": version, "plan": version.plan, "action": action},
    )


@login_required
@require_http_methods(["POST"])
def action_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _action_for(request, pk)
    try:
        content.system_action_remove(actor=request.user, action=action)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Azione di sistema «%(title)s» tolta.") % {"title": action.title}
        )
    return redirect(DETAIL, pk=action.version.plan_id)


@login_required
@require_http_methods(["GET", "POST"])
def version_funding(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _editable_version(request, pk)
    return _rows_page(
        request,
        version,
        formset_class=FundingFormSet,
        prefix="funding",
        initial=funding_initial(version),
        save=lambda rows: content.funding_sources_set(
            actor=request.user, version=version, rows=rows
        ),
        done=_("Fonti di finanziamento salvate."),
        template_name="plans/manage_funding.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_milestones(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _editable_version(request, pk)
    return _rows_page(
        request,
        version,
        formset_class=MilestoneFormSet,
        prefix="milestones",
        initial=milestones_initial(version),
        save=lambda rows: content.milestones_set(
            actor=request.user, version=version, rows=rows
        ),
        done=_("Scadenze di monitoraggio salvate."),
        template_name="plans/manage_milestones.html",
    )


def _rows_page(
    request: AuthenticatedHttpRequest,
    version: PlanVersion,
    *,
    formset_class: type[RowFormSet],
    prefix: str,
    initial: list[dict[str, Any]],
    save: Callable[[list[dict[str, Any]]], Any],
    done: str,
    template_name: str,
) -> HttpResponse:
    """A formset of the version's rows (core/row_formsets.py), while the
    version may still change."""
    refused = _not_editable(request, version)
    if refused is not None:
        return refused
    return rows_formset_page(
        request,
        formset_class=formset_class,
        prefix=prefix,
        initial=initial,
        save=save,
        done=done,
        success_url=reverse(DETAIL, kwargs={"pk": version.plan_id}),
        template_name=template_name,
        context={"version": version, "plan": version.plan},
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_summary(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _editable_version(request, pk)
    refused = _not_editable(request, version)
    if refused is not None:
        return refused
    form = SummaryForm(request.POST or None, initial={"summary": version.summary})
    if request.method == "POST" and form.is_valid():
        try:
            content.plan_summary_set(
                actor=request.user,
                version=version,
                summary=form.cleaned_data["summary"],
            )
        except ApplicationError as exc:
            form.add_error_message("summary", exc.message)
        else:
            messages.success(request, _("Sintesi del piano salvata."))
            return redirect(DETAIL, pk=version.plan_id)
    return render(
        request,
        "plans/manage_summary.html",
        {"form": form, "version": version, "plan": version.plan},
    )
