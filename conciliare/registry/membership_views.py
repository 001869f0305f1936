"""HTML pages of the membership lifecycle: a request's page with its signed
form, the officers' queue of requests and their decisions, the member
registry (function-based). Joining is in ``membership_join_views``."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.registry import membership_exports as exports
from conciliare.registry import membership_selectors as selectors
from conciliare.registry import membership_services as services
from conciliare.registry import membership_signed_form_services as signed_form_services
from conciliare.registry.membership_forms import (
    MembershipApproveForm,
    MembershipExcludeForm,
    MembershipRegistryFilterForm,
    MembershipRejectForm,
    MembershipSignedFormForm,
    MembershipStatusFilterForm,
    NetworkCarryOverForm,
)
from conciliare.registry.models import Membership, MembershipStatus, Network

MEMBERSHIPS_PER_PAGE = 25


@login_required
@require_http_methods(["GET"])
def membership_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    return _render_detail(request, membership, MembershipRejectForm())


@login_required
@require_http_methods(["POST"])
def membership_signed_form_attach(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.attach_membership_signed_form", membership):
        raise PermissionDenied
    form = MembershipSignedFormForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            signed_form_services.membership_signed_form_attach(
                actor=request.user,
                membership=membership,
                file=form.cleaned_data["signed_form"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("signed_form", message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(membership)
        else:
            messages.success(request, _("Modulo di adesione firmato allegato."))
            return redirect(membership)
    return _render_detail(
        request, membership, MembershipRejectForm(), signed_form_form=form, status=400
    )


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
    can_carry_over = request.user.has_perm("registry.carry_over_network", network)
    return render(
        request,
        "registry/membership_queue.html",
        {
            "network": network,
            "filter_form": filter_form,
            "page_obj": page,
            "memberships": page.object_list,
            "can_carry_over": can_carry_over,
            "carry_over_form": (
                NetworkCarryOverForm(
                    sources=selectors.network_carry_over_sources(network=network)
                )
                if can_carry_over
                else None
            ),
        },
    )


@login_required
@require_http_methods(["POST"])
def membership_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.decide_membership", membership):
        raise PermissionDenied
    form = MembershipApproveForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            services.membership_approve(
                actor=request.user,
                membership=membership,
                verification_note=form.cleaned_data["verification_note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("verification_note", message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(membership)
        else:
            messages.success(request, _("Adesione approvata."))
            return redirect(membership)
    return _render_detail(
        request, membership, MembershipRejectForm(), approve_form=form, status=400
    )


@login_required
@require_http_methods(["POST"])
def membership_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.decide_membership", membership):
        raise PermissionDenied
    form = MembershipRejectForm(request.POST)
    done = _decide_with_reason(
        request,
        membership,
        form,
        services.membership_reject,
        _("Richiesta di adesione respinta."),
    )
    if done is not None:
        return done
    return _render_detail(request, membership, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def membership_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, POST withdraws the membership."""
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.withdraw_membership", membership):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.membership_withdraw(actor=request.user, membership=membership)
        except (ApplicationError, ValidationError) as exc:
            _error_message(request, exc)
        else:
            messages.success(request, _("Adesione ritirata."))
        return redirect(membership)
    if not membership.can_transition_to(MembershipStatus.WITHDRAWN):
        messages.error(request, _("Questa adesione non può essere ritirata."))
        return redirect(membership)
    return render(
        request, "registry/membership_withdraw.html", {"membership": membership}
    )


@login_required
@require_http_methods(["POST"])
def membership_exclude(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.decide_membership", membership):
        raise PermissionDenied
    form = MembershipExcludeForm(request.POST)
    done = _decide_with_reason(
        request,
        membership,
        form,
        services.membership_exclude,
        _("Ente escluso dalla rete."),
    )
    if done is not None:
        return done
    return _render_detail(
        request, membership, MembershipRejectForm(), exclude_form=form, status=400
    )


@login_required
@require_http_methods(["POST"])
def membership_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.confirm_membership", membership):
        raise PermissionDenied
    try:
        services.membership_confirm(actor=request.user, membership=membership)
    except (ApplicationError, ValidationError) as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("Adesione confermata per il nuovo periodo."))
    return redirect(membership)


@login_required
@require_http_methods(["POST"])
def network_carry_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Carry the active members of another period's network into this one."""
    network = selectors.network_get(pk=pk)
    if not request.user.has_perm("registry.carry_over_network", network):
        raise PermissionDenied
    form = NetworkCarryOverForm(
        request.POST, sources=selectors.network_carry_over_sources(network=network)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("registry:membership-queue", pk=network.pk)
    try:
        count = services.network_carry_over(
            actor=request.user, source=form.cleaned_data["source"], target=network
        )
    except (ApplicationError, ValidationError) as exc:
        _error_message(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d membro riportato come presunto confermato.",
                "%(count)d membri riportati come presunti confermati.",
                count,
            )
            % {"count": count},
        )
    return redirect("registry:membership-queue", pk=network.pk)


@login_required
@require_http_methods(["GET"])
def membership_registry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = _registry_network(request, pk)
    filter_form = MembershipRegistryFilterForm(request.GET, network=network)
    memberships = selectors.membership_register_page_rows(
        selectors.membership_registry(
            user=request.user, network=network, **filter_form.filters()
        )
    )
    page = Paginator(memberships, MEMBERSHIPS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template_name = "registry/membership_registry.html"
    if request.htmx:
        template_name += "#results"
    return render(
        request,
        template_name,
        {
            "network": network,
            "filter_form": filter_form,
            "page_obj": page,
            "memberships": page.object_list,
        },
    )


@login_required
@require_http_methods(["GET"])
def membership_export_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = _registry_network(request, pk)
    return exports.membership_export_csv(
        network=network, memberships=_export_memberships(request, network)
    )


@login_required
@require_http_methods(["GET"])
def membership_export_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network = _registry_network(request, pk)
    return exports.membership_export_xlsx(
        network=network, memberships=_export_memberships(request, network)
    )


def _registry_network(request: AuthenticatedHttpRequest, pk: int) -> Network:
    network = selectors.network_get(pk=pk)
    if not request.user.has_perm("registry.view_membership_queue", network):
        raise PermissionDenied
    return network


def _export_memberships(
    request: AuthenticatedHttpRequest, network: Network
) -> QuerySet[Membership]:
    filter_form = MembershipRegistryFilterForm(request.GET, network=network)
    return selectors.membership_registry(
        user=request.user, network=network, **filter_form.filters()
    )


def _error_message(
    request: AuthenticatedHttpRequest, exc: ApplicationError | ValidationError
) -> None:
    if isinstance(exc, ApplicationError):
        messages.error(request, exc.message)
    else:
        for message in exc.messages:
            messages.error(request, message)


def _render_detail(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    reject_form: MembershipRejectForm,
    *,
    exclude_form: MembershipExcludeForm | None = None,
    approve_form: MembershipApproveForm | None = None,
    signed_form_form: MembershipSignedFormForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_decide = user.has_perm("registry.decide_membership", membership)
    is_staff = user.is_staff_role
    pending = membership.status == MembershipStatus.REQUESTED
    return render(
        request,
        "registry/membership_detail.html",
        {
            "membership": membership,
            "signed_form": membership.signed_form,
            "accepted_regulation": membership.accepted_regulation,
            "can_download_form": user.has_perm(
                "registry.download_membership_form", membership
            ),
            "can_attach_signed_form": pending
            and user.has_perm("registry.attach_membership_signed_form", membership),
            "signed_form_form": signed_form_form or MembershipSignedFormForm(),
            "approve_form": approve_form
            or MembershipApproveForm(membership=membership),
            "can_decide": can_decide
            and membership.can_transition_to("active")
            and membership.status == MembershipStatus.REQUESTED,
            "can_withdraw": user.has_perm("registry.withdraw_membership", membership)
            and membership.can_transition_to(MembershipStatus.WITHDRAWN),
            "can_exclude": can_decide
            and membership.can_transition_to(MembershipStatus.EXCLUDED),
            "can_confirm": user.has_perm("registry.confirm_membership", membership)
            and membership.status == MembershipStatus.PRESUMED,
            "exclude_form": exclude_form or MembershipExcludeForm(),
            "can_view_queue": request.user.has_perm(
                "registry.view_membership_queue", membership.network
            ),
            "reject_form": reject_form,
            "events": event_list_for_object(target=membership) if is_staff else None,
        },
        status=status,
    )


def _decide_with_reason(
    request: AuthenticatedHttpRequest,
    membership: Membership,
    form: Form,
    service: Callable[..., Membership],
    success: str,
) -> HttpResponse | None:
    """Run a decision that needs a reason (reject, exclude).

    Returns the redirect to the membership, or None when the reason is refused
    and the page must be shown again with the error next to the field.
    """
    if not form.is_valid():
        return None
    try:
        service(
            actor=request.user,
            membership=membership,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error("reason", message)
        return None
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(membership)
