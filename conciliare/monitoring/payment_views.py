"""The ATS officer's forms on a project's page: a payment (advance, interim
instalment, balance), the revocation and a recovery. Each posts here and
comes back to the project's page, or shows it again with the errors beside
the fields (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.money import euro
from conciliare.monitoring import payment_services as services
from conciliare.monitoring import project_selectors as selectors
from conciliare.monitoring.models import Payment, PaymentKind
from conciliare.monitoring.payment_forms import (
    PaymentForm,
    RecoveryForm,
    RevocationForm,
)
from conciliare.monitoring.project_views import DETAIL, project_page
from conciliare.projects.models import Project

PERM = "monitoring.record_payment"


def _project_for(request: AuthenticatedHttpRequest, code: str) -> Project:
    """The project if the user may read it (404 otherwise) and record its
    payments (403 otherwise)."""
    project = selectors.project_get_for_user(user=request.user, code=code)
    if not request.user.has_perm(PERM, project):
        raise PermissionDenied
    return project


@login_required
@require_http_methods(["POST"])
def payment_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    project = _project_for(request, code)
    kind = request.POST.get("kind", "")
    if kind not in PaymentKind.values:
        messages.error(request, _("Tipo di pagamento sconosciuto."))
        return redirect(DETAIL, code=project.code)
    form = PaymentForm(request.POST, kind=kind)
    if form.is_valid() and form.call_service(
        services.payment_record,
        actor=request.user,
        project=project,
        kind=kind,
        act_number=form.cleaned_data["act_number"],
        act_date=form.cleaned_data["act_date"],
        paid_on=form.cleaned_data["paid_on"],
        amount=form.cleaned_data["amount"],
        note=form.cleaned_data["note"],
    ):
        payment = Payment.objects.filter(project=project, kind=kind).latest("pk")
        messages.success(
            request,
            _("%(kind)s di %(amount)s registrato: l'ente capofila è stato avvisato.")
            % {"kind": payment.get_kind_display(), "amount": euro(payment.amount)},
        )
        return redirect(DETAIL, code=project.code)
    return project_page(request, project, payment_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def project_revoke(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    project = _project_for(request, code)
    form = RevocationForm(request.POST, paid=services.paid_total(project))
    if form.is_valid() and form.call_service(
        services.project_revoke,
        actor=request.user,
        project=project,
        act_number=form.cleaned_data["act_number"],
        act_date=form.cleaned_data["act_date"],
        reason=form.cleaned_data["reason"],
        amount_to_recover=form.cleaned_data["amount_to_recover"],
    ):
        messages.success(
            request,
            _("Revoca registrata: l'ente capofila è stato avvisato."),
        )
        return redirect(DETAIL, code=project.code)
    return project_page(request, project, revocation_form=form, status=400)


@login_required
@require_http_methods(["POST"])
def recovery_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    project = _project_for(request, code)
    form = RecoveryForm(request.POST, due=services.recovery_outstanding(project))
    if form.is_valid() and form.call_service(
        services.recovery_record,
        actor=request.user,
        project=project,
        amount=form.cleaned_data["amount"],
        received_on=form.cleaned_data["received_on"],
        reference=form.cleaned_data["reference"],
    ):
        messages.success(request, _("Recupero registrato."))
        return redirect(DETAIL, code=project.code)
    return project_page(request, project, recovery_form=form, status=400)
