"""Reserved pages of the Territorial Plan (area riservata): the ATS's
officers create it from the approved ranking, approve it with the act, send
it to the Region and amend it (rimodulazione); the Region validates or
returns it; the committee reads it (function-based)."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.money import cents
from conciliare.plans import plan_services
from conciliare.plans.models import PlanStatus, PlanVersion
from conciliare.plans.plan_forms import AmendForm, ApproveForm, ReturnForm
from conciliare.plans.plan_selectors import (
    calls_ready_for_plan,
    current_versions_managed,
    plan_get_for_user,
    plan_versions,
    version_content_rows,
    version_get_for_user,
)
from conciliare.plans.plan_snapshot import version_content, version_diff

DETAIL = "plans-manage:plan-detail"
ZERO = Decimal(0)


@login_required
@require_http_methods(["GET"])
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("plans.view_managed_plans"):
        raise PermissionDenied
    return render(
        request,
        "plans/manage_plan_list.html",
        {
            "versions": list(current_versions_managed(user=request.user)),
            "ready_calls": list(calls_ready_for_plan(user=request.user)),
            "can_view_region": request.user.has_perm("plans.view_region_plans"),
        },
    )


@login_required
@require_http_methods(["POST"])
def plan_create(request: AuthenticatedHttpRequest, call_pk: int) -> HttpResponse:
    from conciliare.calls.selectors import call_get_for_user

    call = call_get_for_user(user=request.user, pk=call_pk)
    if not request.user.has_perm("plans.add_plan", call):
        raise PermissionDenied
    try:
        version = plan_services.plan_create(actor=request.user, call=call)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("plans-manage:plan-list")
    messages.success(
        request,
        _("Piano creato dalla graduatoria approvata: %(count)s progetti finanziati.")
        % {"count": version.funded_projects.count()},
    )
    return redirect(DETAIL, pk=version.plan_id)


@login_required
@require_http_methods(["GET"])
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("plans.view_plan", plan):
        raise PermissionDenied
    versions = plan_versions(plan=plan)
    version = versions[0]
    rows = version_content_rows(version=version)
    user = request.user
    return render(
        request,
        "plans/manage_plan.html",
        {
            "plan": plan,
            "version": version,
            "rows": rows,
            "totals": _totals(version),
            "history": _history(versions),
            "blockers": plan_services.plan_approve_blockers(version=version)
            if version.is_editable
            else [],
            "can_edit": user.has_perm("plans.change_plan", plan)
            and version.is_editable,
            "can_approve": user.has_perm("plans.approve_plan", plan)
            and version.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
            "can_send": user.has_perm("plans.send_plan", plan)
            and version.status == PlanStatus.APPROVED,
            "can_validate": user.has_perm("plans.validate_plan", plan)
            and version.status == PlanStatus.SENT,
            "can_amend": user.has_perm("plans.amend_plan", plan)
            and version.status == PlanStatus.VALIDATED,
            "events": event_list_for_object(target=version)[:50],
        },
    )


def _totals(version: PlanVersion) -> dict[str, Any]:
    grants = cents(getattr(version, "grants_total", ZERO))
    actions = cents(getattr(version, "actions_total", ZERO))
    funding = cents(getattr(version, "funding_total", ZERO))
    allocation = cents(getattr(version, "allocation_total", ZERO))
    return {
        "grants": grants,
        "actions": actions,
        "committed": grants + actions,
        "funding": funding,
        "allocation": allocation,
        "available": allocation - grants - actions,
    }


def _history(versions: list[PlanVersion]) -> list[dict[str, Any]]:
    """Each version (newest first) with its changes from the one before."""
    contents = [version_content(v) for v in versions]
    history = []
    for index, version in enumerate(versions):
        previous = contents[index + 1] if index + 1 < len(contents) else None
        history.append(
            {
                "version": version,
                "changes": version_diff(previous, contents[index])
                if previous is not None
                else [],
            }
        )
    return history


def _version_for(request: AuthenticatedHttpRequest, pk: int, perm: str) -> PlanVersion:
    """The version if the user may see its plan (404 otherwise) and holds
    ``perm`` on it (403 otherwise)."""
    version = version_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(perm, version.plan):
        raise PermissionDenied
    return version


@login_required
@require_http_methods(["GET", "POST"])
def version_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk, "plans.approve_plan")
    if version.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        messages.error(
            request,
            _("La versione %(number)s è già «%(status)s»: non si approva di nuovo.")
            % {"number": version.number, "status": version.get_status_display()},
        )
        return redirect(DETAIL, pk=version.plan_id)
    form = ApproveForm(request.POST or None, request.FILES or None)
    blockers = plan_services.plan_approve_blockers(version=version)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.call_service(
            plan_services.plan_approve,
            actor=request.user,
            version=version,
            act_number=form.cleaned_data["act_number"],
            act_date=form.cleaned_data["act_date"],
            act_file=form.cleaned_data["act_file"],
        )
    ):
        messages.success(
            request,
            _(
                "Piano approvato: l'atto è pubblicato e il PDF del piano è in "
                "preparazione. Ora si può trasmettere alla Regione."
            ),
        )
        return redirect(DETAIL, pk=version.plan_id)
    return render(
        request,
        "plans/manage_plan_approve.html",
        {"form": form, "version": version, "plan": version.plan, "blockers": blockers},
    )


@login_required
@require_http_methods(["POST"])
def version_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk, "plans.send_plan")
    try:
        plan_services.plan_send(actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Piano trasmesso alla Regione per la validazione."))
    return redirect(DETAIL, pk=version.plan_id)


@login_required
@require_http_methods(["POST"])
def version_validate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk, "plans.validate_plan")
    try:
        plan_services.plan_validate(actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Piano dell'%(ats)s validato.") % {"ats": version.plan.ats.short_name},
        )
    return redirect(_back(request, version))


@login_required
@require_http_methods(["GET", "POST"])
def version_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk, "plans.validate_plan")
    if version.status != PlanStatus.SENT:
        messages.error(
            request,
            _(
                "Si restituisce solo un piano trasmesso alla Regione: questo è «%(status)s»."
            )
            % {"status": version.get_status_display()},
        )
        return redirect(DETAIL, pk=version.plan_id)
    form = ReturnForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.call_service(
            plan_services.plan_return,
            actor=request.user,
            version=version,
            remarks=form.cleaned_data["remarks"],
        )
    ):
        messages.success(
            request,
            _("Piano dell'%(ats)s restituito con osservazioni.")
            % {"ats": version.plan.ats.short_name},
        )
        return redirect("plans-manage:region")
    return render(
        request,
        "plans/manage_plan_return.html",
        {"form": form, "version": version, "plan": version.plan},
    )


def _back(request: AuthenticatedHttpRequest, version: PlanVersion) -> str:
    from django.urls import reverse

    if request.POST.get("next") == "region":
        return reverse("plans-manage:region")
    return reverse(DETAIL, kwargs={"pk": version.plan_id})


@login_required
@require_http_methods(["GET", "POST"])
def plan_amend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("plans.amend_plan", plan):
        raise PermissionDenied
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = plan_services.plan_amend(
                actor=request.user, plan=plan, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Rimodulazione avviata: la versione %(number)s è in preparazione. "
                    "La versione validata resta in vigore fino alla validazione della nuova."
                )
                % {"number": version.number},
            )
            return redirect(DETAIL, pk=plan.pk)
    return render(request, "plans/manage_plan_amend.html", {"form": form, "plan": plan})


@login_required
@require_http_methods(["POST"])
def version_projects_sync(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _version_for(request, pk, "plans.change_plan")
    try:
        plan_services.plan_projects_sync(actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Progetti allineati alla graduatoria."))
    return redirect(DETAIL, pk=version.plan_id)
