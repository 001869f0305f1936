"""The pages of the alliances' people: «Le mie domande», starting an
application, its overview (with the checker) and a partner's confirmation."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.applications import draft_selectors
from conciliare.applications.checks import application_check, budget_totals
from conciliare.applications.confirmation_services import partner_confirm
from conciliare.applications.forms import ApplicationCreateForm, PartnerConfirmForm
from conciliare.applications.models import Application
from conciliare.applications.section_layout import SECTIONS, failures_by_section
from conciliare.applications.selectors import (
    application_get_for_user,
    application_list_for_user,
)
from conciliare.applications.services import application_create as create_service
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.reviews.admissibility_selectors import applicant_outcome

DETAIL = "applications:application-detail"


@login_required
@require_http_methods(["GET"])
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Le mie domande, and the calls the user's alliances may answer now."""
    if not request.user.has_perm("applications.view_own_applications"):
        raise PermissionDenied
    page = Paginator(application_list_for_user(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "applications/application_list.html",
        {
            "page_obj": page,
            "open_calls": draft_selectors.open_calls_for_user(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start the application of one of the user's alliances to ``?call=``."""
    if not request.user.has_perm("applications.add_application"):
        raise PermissionDenied
    call_pk = request.GET.get("call", "")
    if not call_pk.isdigit():
        return render(
            request,
            "applications/application_create.html",
            {"call": None, "form": None},
            status=400,
        )
    call = draft_selectors.call_get_for_application(pk=int(call_pk))
    now = timezone.now()
    is_open = call.is_open_at(now)
    alliances = draft_selectors.alliance_choices_for_call(user=request.user, call=call)
    form = ApplicationCreateForm(request.POST or None, alliances=alliances)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            application = create_service(
                actor=request.user,
                call=call,
                alliance=form.cleaned_data["alliance"],
                title=form.cleaned_data["title"],
            )
        except PermissionDenied:
            form.add_error_message(
                "alliance",
                _(
                    "Si può presentare la domanda solo per un'alleanza di cui si è capofila."
                ),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Domanda «%(title)s» avviata: compilate le sezioni e inviatela.")
                % {"title": application.title},
            )
            return redirect(DETAIL, pk=application.pk)
    return render(
        request,
        "applications/application_create.html",
        {
            "call": call,
            "form": form,
            "is_open": is_open,
            "call_status": call.public_status_at(now),
            "has_alliances": alliances.exists(),
        },
    )


@login_required
@require_http_methods(["GET"])
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("applications.view_application", application):
        raise PermissionDenied
    return render(
        request,
        "applications/application_detail.html",
        _detail_context(request, application),
    )


@login_required
@require_http_methods(["POST"])
def application_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A partner's representative confirms its role and contribution."""
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("applications.confirm_partnership", application):
        raise PermissionDenied
    organisations = draft_selectors.confirming_organisations(
        user=request.user, application=application
    )
    if not organisations.exists():  # the lead body writes, it does not confirm
        raise PermissionDenied
    form = PartnerConfirmForm(request.POST, organisations=organisations)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            partner_confirm(
                actor=request.user,
                application=application,
                organisation=organisation,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            form.add_error_message("organisation", exc.message)
        else:
            messages.success(
                request,
                _("%(organisation)s ha confermato ruolo e contributo nella domanda.")
                % {"organisation": organisation.legal_name},
            )
            return redirect(DETAIL, pk=application.pk)
    return render(
        request,
        "applications/application_detail.html",
        _detail_context(request, application, confirm_form=form),
    )


def _detail_context(
    request: AuthenticatedHttpRequest,
    application: Application,
    confirm_form: PartnerConfirmForm | None = None,
) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm("applications.change_application", application)
    can_confirm = user.has_perm("applications.confirm_partnership", application)
    is_team = (
        can_change
        or can_confirm
        or user.has_perm("applications.withdraw_application", application)
    )
    if can_confirm and confirm_form is None:
        organisations = draft_selectors.confirming_organisations(
            user=user, application=application
        )
        if organisations:
            confirm_form = PartnerConfirmForm(organisations=organisations)
    failures = application_check(application) if application.is_editable else []
    now = timezone.now()
    admissibility = (
        applicant_outcome(application=application)
        if is_team and application.submitted_at is not None
        else None
    )
    return {
        "admissibility": admissibility,
        "can_answer_clarification": admissibility is not None
        and admissibility.open_request is not None
        and user.has_perm("reviews.answer_clarification", admissibility.open_request),
        "application": application,
        "call": application.call,
        "call_is_open": application.call.is_open_at(now),
        "now": now,
        "can_change": can_change,
        "can_submit": user.has_perm("applications.submit_application", application),
        "can_withdraw": user.has_perm("applications.withdraw_application", application),
        "is_team": is_team,
        "confirm_form": confirm_form,
        "failures": failures,
        "failure_groups": failures_by_section(application, failures),
        "sections": SECTIONS,
        "areas": list(application.areas.order_by("number")),
        "actions": list(draft_selectors.application_actions(application=application)),
        "target_groups": list(application.target_groups.all()),
        "indicators": list(application.indicators.all()),
        "budget_lines": list(
            draft_selectors.application_budget_lines(application=application)
        ),
        "totals": budget_totals(application),
        "requirements": list(
            draft_selectors.application_requirements(application=application)
        ),
        "attachments": list(
            draft_selectors.application_attachments(application=application)
        ),
        "confirmations": draft_selectors.partner_confirmation_states(
            application=application
        )
        if is_team
        else [],
        "submissions": list(
            draft_selectors.application_submissions(application=application)
        ),
    }
