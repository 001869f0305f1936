"""Reserved pages of the calls (area riservata): the ATS officers draft,
publish and amend them; the Region reads them (function-based)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.calls import services
from conciliare.calls.call_forms import CallAmendForm, CallForm
from conciliare.calls.forms import (
    AttachmentFormSet,
    CriterionFormSet,
    attachments_initial,
    criteria_initial,
)
from conciliare.calls.models import Call, CallStatus
from conciliare.calls.selectors import call_get_for_user, call_list_managed
from conciliare.calls.views import call_rules_context
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.row_formsets import RowFormSet, rows_formset_page
from conciliare.territory.models import ProgrammingPeriod

MANAGE = "calls-manage:call-manage"


@login_required
@require_http_methods(["GET"])
def call_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("calls.view_managed_calls"):
        raise PermissionDenied
    now = timezone.now()
    calls = call_list_managed(user=request.user)
    return render(
        request,
        "calls/manage_call_list.html",
        {
            "rows": [(call, call.public_status_at(now)) for call in calls],
            "can_add": request.user.has_perm("calls.add_call"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The period first (``?period=<slug>``: its areas and defaults), then
    every field of the call."""
    if not request.user.has_perm("calls.add_call"):
        raise PermissionDenied
    periods = ProgrammingPeriod.objects.order_by("-starts_on")
    period = periods.filter(slug=request.GET.get("period") or "").first()
    if period is None:
        return render(
            request,
            "calls/manage_call_period.html",
            {"periods": periods, "unknown": bool(request.GET.get("period"))},
        )
    if request.method == "POST":
        form = CallForm(request.POST, user=request.user, period=period)
    else:
        form = CallForm(
            user=request.user,
            period=period,
            initial=services.call_initial(period=period),
        )
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(
                actor=request.user,
                ats=form.cleaned_data["ats"],
                period=period,
                data=form.service_data(),
            )
        except PermissionDenied:
            form.add_error_message(
                "ats", _("Si possono preparare solo avvisi della propria ATS.")
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Avviso «%(title)s» creato in preparazione.") % {"title": call.title},
            )
            return redirect(MANAGE, pk=call.pk)
    return render(
        request,
        "calls/manage_call_form.html",
        {"form": form, "call": None, "period": period},
    )


@login_required
@require_http_methods(["GET"])
def call_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "calls.manage_call")
    now = timezone.now()
    is_draft = call.status == CallStatus.DRAFT
    return render(
        request,
        "calls/manage_call.html",
        {
            "call": call,
            "public_status": call.public_status_at(now),
            "blockers": services.call_publish_blockers(call=call, now=now)
            if is_draft
            else [],
            "can_change": request.user.has_perm("calls.change_call", call),
            "can_publish": request.user.has_perm("calls.publish_call", call),
            "can_amend": request.user.has_perm("calls.amend_call", call)
            and call.is_amendable_at(now),
            "can_view_applications": request.user.has_perm(
                "calls.view_call_applications", call
            ),
            "events": event_list_for_object(target=call)[:50],
            **call_rules_context(call),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "calls.change_call")
    if request.method == "POST":
        form = CallForm(request.POST, user=request.user, period=call.period, call=call)
    else:
        form = CallForm(
            user=request.user,
            period=call.period,
            call=call,
            initial=CallForm.initial_for(call),
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(
                actor=request.user, call=call, data=form.service_data()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Dati dell'avviso aggiornati."))
            return redirect(MANAGE, pk=call.pk)
    return render(
        request,
        "calls/manage_call_form.html",
        {"form": form, "call": call, "period": call.period},
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_criteria(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "calls.change_call")
    return _rows_page(
        request,
        call,
        formset_class=CriterionFormSet,
        prefix="criteria",
        initial=criteria_initial(call),
        save=lambda rows: services.call_criteria_set(
            actor=request.user, call=call, criteria=rows
        ),
        done=_("Criteri di valutazione salvati."),
        template_name="calls/manage_call_criteria.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_attachments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "calls.change_call")
    return _rows_page(
        request,
        call,
        formset_class=AttachmentFormSet,
        prefix="attachments",
        initial=attachments_initial(call),
        save=lambda rows: services.call_attachments_set(
            actor=request.user, call=call, attachments=rows
        ),
        done=_("Allegati richiesti salvati."),
        template_name="calls/manage_call_attachments.html",
    )


@login_required
@require_http_methods(["POST"])
def call_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "calls.publish_call")
    try:
        services.call_publish(actor=request.user, call=call)
    except ValidationError as exc:
        messages.error(
            request,
            _("L'avviso non può ancora essere pubblicato: %(reasons)s")
            % {"reasons": " ".join(exc.messages)},
        )
    else:
        messages.success(
            request,
            _("Avviso «%(title)s» pubblicato sul portale.") % {"title": call.title},
        )
    return redirect(MANAGE, pk=call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def call_amend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "calls.amend_call")
    form = CallAmendForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_amend(
                actor=request.user,
                call=call,
                data=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Rettifica registrata: è pubblicata con l'avviso e inviata a "
                    "chi sta preparando una domanda."
                ),
            )
            return redirect(MANAGE, pk=call.pk)
    return render(request, "calls/manage_call_amend.html", {"form": form, "call": call})


def _rows_page(
    request: AuthenticatedHttpRequest,
    call: Call,
    *,
    formset_class: type[RowFormSet],
    prefix: str,
    initial: list[dict[str, Any]],
    save: Any,
    done: str,
    template_name: str,
) -> HttpResponse:
    """A formset of rows replacing the call's (core/row_formsets.py)."""
    return rows_formset_page(
        request,
        formset_class=formset_class,
        prefix=prefix,
        initial=initial,
        save=save,
        done=done,
        success_url=reverse(MANAGE, kwargs={"pk": call.pk}),
        template_name=template_name,
        context={"call": call},
    )


def _call_for(request: AuthenticatedHttpRequest, pk: int, perm: str) -> Call:
    """The call if the user may see it (404 otherwise: drafts stay hidden),
    and holds ``perm`` on it (403 otherwise)."""
    call = call_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(perm, call):
        raise PermissionDenied
    return call
