"""Submitting an application, withdrawing it, and its PDF receipt.

The submit form carries a key made when the page was drawn: posting it
twice (a double click, a retry) returns the first submission, never a
second protocol. The deadline counts from when the request arrived."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_http_methods

from conciliare.applications.checks import application_check, budget_totals
from conciliare.applications.draft_selectors import submission_get_for_user
from conciliare.applications.forms import SubmitForm, WithdrawForm
from conciliare.applications.models import ApplicationStatus, Submission
from conciliare.applications.receipt_pdf import (
    submission_receipt_filename,
    submission_receipt_pdf,
)
from conciliare.applications.section_layout import failures_by_section
from conciliare.applications.selectors import application_get_for_user
from conciliare.applications.submission_services import (
    application_submit,
    application_withdraw,
)
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.request_time import request_received_at

DETAIL = "applications:application-detail"


@login_required
@require_http_methods(["GET", "POST"])
def application_submit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    received_at = request_received_at(request)  # the deadline counts from here
    application = application_get_for_user(user=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        form = SubmitForm(request.POST)
        if form.is_valid():
            try:
                submission = application_submit(
                    actor=request.user,
                    application=application,
                    key=form.cleaned_data["key"],
                    received_at=received_at,
                )
            except ValidationError:
                error = _(
                    "La domanda non è stata inviata: non rispetta ancora tutte le "
                    "regole dell'avviso."
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(request, _submitted_message(submission))
                return redirect(DETAIL, pk=application.pk)
        else:
            error = _("La richiesta di invio non è valida: riprovare da questa pagina.")
        application = application_get_for_user(user=request.user, pk=pk)
    elif not request.user.has_perm("applications.submit_application", application):
        if application.status == ApplicationStatus.SUBMITTED and request.user.has_perm(
            "applications.withdraw_application", application
        ):
            messages.info(request, _("La domanda è già stata inviata."))
            return redirect(DETAIL, pk=application.pk)
        raise PermissionDenied
    failures = application_check(application) if application.is_editable else []
    call_is_open = application.call.is_open_at(timezone.now())
    can_submit = call_is_open and request.user.has_perm(
        "applications.submit_application", application
    )
    return render(
        request,
        "applications/application_submit.html",
        {
            "application": application,
            "call": application.call,
            "error": error,
            "failures": failures,
            "failure_groups": failures_by_section(application, failures),
            "totals": budget_totals(application),
            "call_is_open": call_is_open,
            "form": SubmitForm(initial={"key": uuid.uuid4()})
            if can_submit and not failures
            else None,
        },
        status=400 if error else 200,
    )


def _submitted_message(submission: Submission) -> str:
    return _("Domanda inviata: protocollo %(number)s del %(moment)s.") % {
        "number": submission.protocol_number,
        "moment": date_format(
            timezone.localtime(submission.submitted_at), "DATETIME_FORMAT"
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw_view(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("applications.withdraw_application", application):
        if application.status == ApplicationStatus.WITHDRAWN and request.user.has_perm(
            "applications.change_application", application
        ):
            messages.info(request, _("La domanda è già stata ritirata."))
            return redirect(DETAIL, pk=application.pk)
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw(
                actor=request.user,
                application=application,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Domanda ritirata: il suo invio non vale più. Potete modificarla "
                    "e inviarla di nuovo entro la scadenza dell'avviso."
                ),
            )
            return redirect(DETAIL, pk=application.pk)
    return render(
        request,
        "applications/application_withdraw.html",
        {"application": application, "call": application.call, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def submission_receipt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The receipt the worker stored, or the same receipt drawn now."""
    submission = submission_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(
        "applications.view_application", submission.application
    ):
        raise PermissionDenied
    filename = submission_receipt_filename(submission)
    response: HttpResponseBase
    receipt = submission.receipt
    handle = None
    if receipt is not None:
        try:
            handle = receipt.file.storage.open(receipt.file.name, "rb")
        except FileNotFoundError:
            handle = None
    if handle is not None:
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type="application/pdf",
        )
    else:
        with override("it"):
            pdf = submission_receipt_pdf(submission=submission)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment=True, filename=filename) or ""
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
