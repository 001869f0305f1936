"""HTML pages of the membership lifecycle: joining a network, the officers'
queue of requests and their decisions (function-based)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.registry import membership_selectors as selectors
from conciliare.registry import membership_services as services
from conciliare.registry.membership_forms import (
    MembershipRejectForm,
    MembershipRequestForm,
    MembershipStatusFilterForm,
)
from conciliare.registry.models import Membership

MEMBERSHIPS_PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def membership_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = selectors.network_get(pk=pk)
    form = MembershipRequestForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid() and form.organisation is not None:
        try:
            membership = services.membership_request(
                actor=request.user,
                network=network,
                organisation=form.organisation,
                data=form.service_data(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            form.full_clean_styling()
        else:
            messages.success(
                request,
                _("Richiesta di adesione inviata: protocollo %(number)s.")
                % {"number": membership.protocol_number},
            )
            return redirect(membership)
    return render(
        request,
        "registry/membership_request.html",
        {"network": network, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def membership_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    return _render_detail(request, membership, MembershipRejectForm())


@login_required
@require_http_methods(["GET"])
def membership_queue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = selectors.network_get(pk=pk)
    if not request.user.has_perm("registry.view_membership_queue", network):
        raise PermissionDenied
    filter_form = MembershipStatusFilterForm(request.GET or None)
    memberships = selectors.membership_list_for_network(
        user=request.user, network=network, status=filter_form.status_value()
    )
    page = Paginator(memberships, MEMBERSHIPS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "registry/membership_queue.html",
        {
            "network": network,
            "filter_form": filter_form,
            "page_obj": page,
            "memberships": page.object_list,
        },
    )


@login_required
@require_http_methods(["POST"])
def membership_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.decide_membership", membership):
        raise PermissionDenied
    try:
        services.membership_approve(actor=request.user, membership=membership)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Adesione approvata."))
    return redirect(membership)


@login_required
@require_http_methods(["POST"])
def membership_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.decide_membership", membership):
        raise PermissionDenied
    form = MembershipRejectForm(request.POST)
    if form.is_valid():
        try:
            services.membership_reject(
                actor=request.user,
                membership=membership,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("reason", message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(membership)
        else:
            messages.success(request, _("Richiesta di adesione respinta."))
            return redirect(membership)
    return _render_detail(request, membership, form, status=400)


def _render_detail(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    reject_form: MembershipRejectForm,
    status: int = 200,
) -> HttpResponse:
    can_decide = request.user.has_perm("registry.decide_membership", membership)
    is_staff = request.user.is_staff_role
    return render(
        request,
        "registry/membership_detail.html",
        {
            "membership": membership,
            "can_decide": can_decide and membership.can_transition_to("active"),
            "can_view_queue": request.user.has_perm(
                "registry.view_membership_queue", membership.network
            ),
            "reject_form": reject_form,
            "events": event_list_for_object(target=membership) if is_staff else None,
        },
        status=status,
    )
