"""Pages of the Scheda partnership: filing one, the requester's list, the
lead's queue and decisions (function-based; the queue decides through htmx,
one request card at a time)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.partnerships import request_selectors as selectors
from conciliare.partnerships import request_services as services
from conciliare.partnerships.management_selectors import alliance_get
from conciliare.partnerships.models import PartnerRequest, PartnerRequestStatus
from conciliare.partnerships.request_forms import (
    PartnerRequestDeclineForm,
    PartnerRequestForm,
)

REQUESTS_PER_PAGE = 25
QUEUE_CARD = "partnerships/request_queue.html#request-card"


@login_required
@require_http_methods(["GET", "POST"])
def partner_request_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The Scheda partnership of alliance ``pk``."""
    alliance = alliance_get(pk=pk)
    if not request.user.has_perm("partnerships.file_partner_request"):
        raise PermissionDenied
    form = PartnerRequestForm(
        request.POST or None,
        organisations=selectors.organisations_represented_by(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            partner_request = services.partner_request_create(
                actor=request.user,
                alliance=alliance,
                organisation=form.cleaned_data["organisation"],
                data=form.service_data(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Scheda partnership inviata al capofila dell'alleanza."),
            )
            return redirect("alliances-manage:request-detail", pk=partner_request.pk)
    return render(
        request,
        "partnerships/request_form.html",
        {"alliance": alliance, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def partner_request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Schede partnership the person filed, or filed for their organisations."""
    if not request.user.has_perm("partnerships.view_own_partner_requests"):
        raise PermissionDenied
    page = Paginator(
        selectors.partner_request_list_for_requester(user=request.user),
        REQUESTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/request_list.html",
        {"page_obj": page, "partner_requests": page.object_list},
    )


@login_required
@require_http_methods(["GET"])
def alliance_request_queue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's requests: those waiting, with the decisions, and the
    ones already decided."""
    alliance = alliance_get(pk=pk)
    if not request.user.has_perm("partnerships.manage_alliance", alliance):
        raise PermissionDenied
    waiting = list(selectors.partner_request_list_for_alliance(alliance=alliance))
    decided = Paginator(
        selectors.partner_request_list_for_alliance(alliance=alliance, status=None)
        .exclude(status=PartnerRequestStatus.REQUESTED)
        .select_related("decided_by"),
        REQUESTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/request_queue.html",
        {
            "alliance": alliance,
            "cards": [
                (r, PartnerRequestDeclineForm(partner_request_pk=r.pk)) for r in waiting
            ],
            "page_obj": decided,
            "decided": decided.object_list,
        },
    )


@login_required
@require_http_methods(["GET"])
def partner_request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner_request = selectors.partner_request_get_for_user(user=request.user, pk=pk)
    return _render_detail(
        request,
        partner_request,
        PartnerRequestDeclineForm(partner_request_pk=partner_request.pk),
    )


@login_required
@require_http_methods(["POST"])
def partner_request_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner_request = _decidable(request, pk)
    try:
        partner_request = services.partner_request_accept(
            actor=request.user, partner_request=partner_request
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(organisation)s è ora partner dell'alleanza.")
            % {"organisation": partner_request.organisation.legal_name},
        )
    return _after_decision(request, partner_request)


@login_required
@require_http_methods(["POST"])
def partner_request_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner_request = _decidable(request, pk)
    form = PartnerRequestDeclineForm(request.POST, partner_request_pk=pk)
    if form.is_valid():
        try:
            partner_request = services.partner_request_decline(
                actor=request.user,
                partner_request=partner_request,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return _after_decision(request, partner_request)
        else:
            messages.success(request, _("Scheda partnership non accolta."))
            return _after_decision(request, partner_request)
    if request.htmx:
        return render(
            request,
            QUEUE_CARD,
            {"partner_request": partner_request, "decline_form": form},
        )
    return _render_detail(request, partner_request, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def partner_request_withdraw(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    """GET asks for confirmation, POST withdraws the request."""
    partner_request = selectors.partner_request_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(
        "partnerships.withdraw_partner_request", partner_request
    ):
        raise PermissionDenied
    if partner_request.status != PartnerRequestStatus.REQUESTED:
        messages.error(request, _("Questa richiesta non si può più ritirare."))
        return redirect("alliances-manage:request-detail", pk=pk)
    if request.method == "POST":
        try:
            services.partner_request_withdraw(
                actor=request.user, partner_request=partner_request
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Scheda partnership ritirata."))
        return redirect("alliances-manage:request-detail", pk=pk)
    return render(
        request,
        "partnerships/request_withdraw.html",
        {"partner_request": partner_request},
    )


def _decidable(request: AuthenticatedHttpRequest, pk: int) -> PartnerRequest:
    partner_request = selectors.partner_request_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(
        "partnerships.decide_partner_request", partner_request
    ):
        raise PermissionDenied
    return partner_request


def _after_decision(
    request: AuthenticatedHttpRequest, partner_request: PartnerRequest
) -> HttpResponse:
    """The queue's card again (htmx, with the messages inside) or the page
    of the request."""
    if request.htmx:
        partner_request.refresh_from_db()
        return render(
            request,
            QUEUE_CARD,
            {
                "partner_request": partner_request,
                "decline_form": PartnerRequestDeclineForm(
                    partner_request_pk=partner_request.pk
                ),
                "show_messages": True,
            },
        )
    return redirect("alliances-manage:request-detail", pk=partner_request.pk)


def _render_detail(
    request: AuthenticatedHttpRequest,
    partner_request: PartnerRequest,
    decline_form: PartnerRequestDeclineForm,
    *,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    waiting = partner_request.status == PartnerRequestStatus.REQUESTED
    return render(
        request,
        "partnerships/request_detail.html",
        {
            "partner_request": partner_request,
            "decline_form": decline_form,
            "can_decide": waiting
            and user.has_perm("partnerships.decide_partner_request", partner_request),
            "can_withdraw": waiting
            and user.has_perm("partnerships.withdraw_partner_request", partner_request),
            "can_manage": user.has_perm(
                "partnerships.manage_alliance", partner_request.alliance
            ),
        },
        status=status,
    )
