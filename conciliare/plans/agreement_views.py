"""Reserved pages of the agreements (convenzioni): per plan, the template,
the generation and the list; per agreement, its text, payments, deadlines,
PDF and signature. The lead body's representatives read their own."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.plans import agreement_selectors as selectors
from conciliare.plans import agreement_services as services
from conciliare.plans.agreement_defaults import PLACEHOLDERS
from conciliare.plans.agreement_forms import AgreementSignForm, AgreementTemplateForm
from conciliare.plans.models import Agreement, AgreementStatus, TerritorialPlan

PLAN_PAGE = "agreements:plan-agreements"
DETAIL = "agreements:agreement-detail"


@login_required
@require_http_methods(["GET"])
def agreement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The agreements the user may read, and the plans whose agreements an
    officer manages."""
    agreements = selectors.agreement_visible_to(request.user).order_by("number")
    plans = selectors.plan_managed_by(request.user).order_by(
        "-period__starts_on", "ats"
    )
    return render(
        request,
        "plans/agreements/agreement_list.html",
        {"agreements": agreements, "plans": plans},
    )


@login_required
@require_http_methods(["GET"])
def plan_agreements(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    plan = _plan_for(request, plan_pk)
    return _plan_page(request, plan)


@login_required
@require_http_methods(["POST"])
def template_update(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    plan = _plan_for(request, plan_pk, "plans.manage_agreements")
    template = services.agreement_template_for(plan=plan)
    form = AgreementTemplateForm(request.POST, instance=template)
    if form.is_valid():
        try:
            services.agreement_template_update(
                actor=request.user, plan=plan, data=form.template_data()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:  # an agreement was signed meanwhile
            messages.error(request, exc.message)
            return redirect(PLAN_PAGE, plan_pk=plan.pk)
        else:
            messages.success(request, _("Schema di convenzione salvato."))
            return redirect(PLAN_PAGE, plan_pk=plan.pk)
    return _plan_page(request, plan, template_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def agreements_generate(
    request: AuthenticatedHttpRequest, plan_pk: int
) -> HttpResponse:
    plan = _plan_for(request, plan_pk, "plans.manage_agreements")
    version = selectors.plan_version_for_agreements(plan)
    if version is None:
        messages.error(
            request,
            _("Le convenzioni si predispongono dopo l'approvazione del piano."),
        )
        return redirect(PLAN_PAGE, plan_pk=plan.pk)
    try:
        created = services.agreements_generate(actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d convenzione predisposta: il PDF sarà pronto tra poco.",
                    "%(count)d convenzioni predisposte: i PDF saranno pronti tra poco.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.info(
                request,
                _("Ogni progetto finanziato ha già la sua convenzione."),
            )
    return redirect(PLAN_PAGE, plan_pk=plan.pk)


@login_required
@require_http_methods(["GET"])
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request, pk)
    return _detail_page(request, agreement)


@login_required
@require_http_methods(["POST"])
def agreement_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request, pk)
    if not request.user.has_perm("plans.sign_agreement", agreement):
        raise PermissionDenied
    form = AgreementSignForm(request.POST, request.FILES)
    if form.is_valid() and form.call_service(
        services.agreement_sign,
        actor=request.user,
        agreement=agreement,
        signed_on=form.cleaned_data["signed_on"],
        signed_file=form.cleaned_data["signed_file"],
    ):
        messages.success(
            request,
            _(
                "Convenzione %(number)s sottoscritta: il progetto risulta con "
                "convenzione sottoscritta e l'ente capofila è stato avvisato."
            )
            % {"number": agreement.number},
        )
        return redirect(DETAIL, pk=agreement.pk)
    return _detail_page(request, agreement, sign_form=form, status=400)


# -- pages ---------------------------------------------------------------------------


def _plan_page(
    request: AuthenticatedHttpRequest,
    plan: TerritorialPlan,
    *,
    template_form: AgreementTemplateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = request.user.has_perm("plans.manage_agreements", plan)
    template = services.agreement_template_for(plan=plan) if can_manage else None
    locked = services.plan_has_signed_agreement(plan)
    if can_manage and not locked and template_form is None:
        template_form = AgreementTemplateForm(instance=template)
    version = selectors.plan_version_for_agreements(plan)
    return render(
        request,
        "plans/agreements/plan_agreements.html",
        {
            "plan": plan,
            "version": version,
            "template": template,
            "template_form": template_form if can_manage and not locked else None,
            "template_locked": locked,
            "can_manage": can_manage,
            "agreements": selectors.agreement_list_for_plan(
                user=request.user, plan=plan
            ),
            "placeholders": PLACEHOLDERS,
        },
        status=status,
    )


def _detail_page(
    request: AuthenticatedHttpRequest,
    agreement: Agreement,
    *,
    sign_form: AgreementSignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_officer = request.user.has_perm("plans.view_plan_agreements", agreement)
    can_sign = agreement.status == AgreementStatus.DRAFT and request.user.has_perm(
        "plans.sign_agreement", agreement
    )
    context: dict[str, Any] = {
        "agreement": agreement,
        "plan": agreement.plan_version.plan,
        "is_officer": is_officer,
        "can_sign": can_sign,
        "sign_ready": agreement.plan_version.status == "validated",
        "sign_form": (sign_form or AgreementSignForm()) if can_sign else None,
        "events": event_list_for_object(target=agreement)[:50] if is_officer else None,
    }
    return render(
        request, "plans/agreements/agreement_detail.html", context, status=status
    )


def _plan_for(
    request: AuthenticatedHttpRequest,
    pk: int,
    perm: str = "plans.view_plan_agreements",
) -> TerritorialPlan:
    """The plan if the user may list its agreements (404 otherwise), and
    holds ``perm`` on it (403 otherwise)."""
    plan = selectors.plan_get_for_agreements(user=request.user, pk=pk)
    if not request.user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def _agreement_for(request: AuthenticatedHttpRequest, pk: int) -> Agreement:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("plans.view_agreement", agreement):
        raise PermissionDenied
    return agreement
