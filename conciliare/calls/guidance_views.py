"""Reserved pages of the Documento Territoriale di Indirizzo: the ATS's
officers and committee draft it, an officer records the act adopting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.calls import guidance_services
from conciliare.calls.guidance_forms import (
    GuidanceAdoptForm,
    GuidanceCreateForm,
    GuidanceForm,
)
from conciliare.calls.models import GuidanceDocument
from conciliare.calls.selectors import guidance_get_for_user, guidance_list_managed
from conciliare.core.exceptions import InvalidTransition
from conciliare.core.http import AuthenticatedHttpRequest

EDIT = "calls-manage:guidance-edit"


@login_required
@require_http_methods(["GET"])
def guidance_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The DTIs of the user's ATS (every one for the Region)."""
    if not request.user.has_perm("calls.view_managed_guidance"):
        raise PermissionDenied
    return render(
        request,
        "calls/manage_guidance_list.html",
        {
            "documents": guidance_list_managed(user=request.user),
            "can_add": request.user.has_perm("calls.add_guidance"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guidance_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("calls.add_guidance"):
        raise PermissionDenied
    form = GuidanceCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            guidance = guidance_services.guidance_create(
                actor=request.user,
                ats=form.cleaned_data["ats"],
                period=form.cleaned_data["period"],
                data={"title": form.cleaned_data["title"]},
            )
        except PermissionDenied:
            form.add_error_message(
                "ats", _("Si possono redigere solo documenti della propria ATS.")
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Documento «%(title)s» avviato: scrivere ora le sue sezioni.")
                % {"title": guidance.title},
            )
            return redirect(EDIT, pk=guidance.pk)
    return render(request, "calls/manage_guidance_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def guidance_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The six sections, editable while the DTI is drafted; read-only once
    adopted (and for the Region)."""
    guidance = _guidance_for(request, pk)
    can_change = request.user.has_perm("calls.change_guidance", guidance)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    if request.method == "POST":
        form = GuidanceForm(request.POST)
    else:
        form = GuidanceForm(initial=GuidanceForm.initial_for(guidance))
    if request.method == "POST" and form.is_valid():
        try:
            guidance_services.guidance_update(
                actor=request.user, guidance=guidance, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Documento di Indirizzo salvato."))
            return redirect(EDIT, pk=guidance.pk)
    return render(
        request,
        "calls/manage_guidance_form.html",
        {
            "guidance": guidance,
            "form": form,
            "can_change": can_change,
            "can_adopt": request.user.has_perm("calls.adopt_guidance", guidance),
            "events": event_list_for_object(target=guidance)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guidance_adopt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    guidance = _guidance_for(request, pk)
    if not request.user.has_perm("calls.adopt_guidance", guidance):
        raise PermissionDenied
    if request.method == "POST":
        form = GuidanceAdoptForm(request.POST, request.FILES)
    else:
        form = GuidanceAdoptForm()
    if request.method == "POST" and form.is_valid():
        try:
            guidance_services.guidance_adopt(
                actor=request.user,
                guidance=guidance,
                act_number=form.cleaned_data["act_number"],
                act_date=form.cleaned_data["act_date"],
                act_file=form.cleaned_data["act_file"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except InvalidTransition as exc:
            form.add_error_message(None, exc.message)
        else:
            messages.success(
                request,
                _("Documento «%(title)s» adottato e pubblicato sul portale.")
                % {"title": guidance.title},
            )
            return redirect(EDIT, pk=guidance.pk)
    return render(
        request,
        "calls/manage_guidance_adopt.html",
        {"guidance": guidance, "form": form},
    )


def _guidance_for(request: AuthenticatedHttpRequest, pk: int) -> GuidanceDocument:
    """The DTI for the ATS's staff and the Region (404 when hidden or
    missing, 403 for people outside the staff)."""
    guidance = guidance_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("calls.view_managed_guidance"):
        raise PermissionDenied
    return guidance
