"""HTML pages of the organisation registry (function-based, htmx-aware)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.registry import selectors, services
from conciliare.registry.forms import OrganisationFilterForm, OrganisationForm

ORGANISATIONS_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("registry.view_organisation_list"):
        raise PermissionDenied
    filter_form = OrganisationFilterForm(request.GET)
    organisations = selectors.organisation_list_rows(
        user=request.user, **filter_form.filters()
    )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template_name = "registry/organisation_list.html"
    if request.htmx:
        template_name += "#results"
    return render(
        request,
        template_name,
        {
            "filter_form": filter_form,
            "page_obj": page,
            "organisations": page.object_list,
            "can_add": request.user.has_perm("registry.add_organisation"),
        },
    )


@login_required
@require_http_methods(["GET"])
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    # The registry's history is for staff only, not for representatives.
    can_view_list = request.user.has_perm("registry.view_organisation_list")
    events = event_list_for_object(target=organisation) if can_view_list else None
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_list": can_view_list,
            "events": events,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("registry.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.user, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Ente «%(name)s» registrato.") % {"name": organisation.legal_name},
            )
            return redirect(organisation)
    return render(request, "registry/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_update(
                actor=request.user, organisation=organisation, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Dati dell'ente «%(name)s» aggiornati.")
                % {"name": organisation.legal_name},
            )
            return redirect(organisation)
    return render(
        request,
        "registry/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "can_view_list": request.user.has_perm("registry.view_organisation_list"),
        },
    )
