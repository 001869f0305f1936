"""HTML pages of the member-list import: upload, the job with its progress
and report, the confirmation (function-based; htmx polls the job's state)."""

import csv
import io

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
from conciliare.registry import membership_import_selectors as selectors
from conciliare.registry import membership_import_services as services
from conciliare.registry.membership_import_forms import MembershipImportUploadForm
from conciliare.registry.membership_import_reading import (
    MAX_ROWS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    import_template_csv,
)
from conciliare.registry.membership_selectors import network_get
from conciliare.registry.models import (
    LegalForm,
    MembershipImport,
    MembershipImportStatus,
    SizeClass,
    Typology,
)

IMPORTS_PER_PAGE = 20
#: The report rows shown on the page; the CSV download has all of them.
REPORT_DISPLAY_LIMIT = 500
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@login_required
@require_http_methods(["GET", "POST"])
def membership_import_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The network's imports and the form to upload a new file."""
    network = network_get(pk=pk)
    if not request.user.has_perm("registry.import_memberships", network):
        raise PermissionDenied
    form = (
        MembershipImportUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else MembershipImportUploadForm()
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.membership_import_create(
                    actor=request.user, network=network, file=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request,
                    _("File caricato: la verifica delle righe è stata avviata."),
                )
                return redirect(job)
        status = 400
    imports = selectors.membership_import_list_for_network(
        user=request.user, network=network
    )
    page = Paginator(imports, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/membership_import_list.html",
        {
            "network": network,
            "form": form,
            "page_obj": page,
            "imports": page.object_list,
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": OPTIONAL_COLUMNS,
            "typologies": Typology.choices,
            "size_classes": SizeClass.choices,
            "legal_forms": LegalForm.choices,
            "max_rows": MAX_ROWS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def membership_import_template(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    """The CSV template: the columns and one example row."""
    network = network_get(pk=pk)
    if not request.user.has_perm("registry.import_memberships", network):
        raise PermissionDenied
    response = HttpResponse(import_template_csv(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="modello-aderenti.csv"'
    return response


@login_required
@require_http_methods(["GET"])
def membership_import_detail(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    """The job: its progress while the worker runs (htmx polls the
    ``import-state`` partial), then its report or its outcome."""
    job = _job(request, pk)
    template_name = "registry/membership_import_detail.html"
    if request.htmx:
        template_name += "#import-state"
    report = job.report if isinstance(job.report, list) else []
    return render(
        request,
        template_name,
        {
            "job": job,
            "network": job.network,
            "progress": selectors.membership_import_progress(membership_import=job),
            "report": report[:REPORT_DISPLAY_LIMIT],
            "report_size": len(report),
            "report_truncated": len(report) > REPORT_DISPLAY_LIMIT,
            "report_limit": REPORT_DISPLAY_LIMIT,
            "report_capped": len(report) >= services.MAX_REPORT_ERRORS,
            "can_confirm": job.status == MembershipImportStatus.CHECKED
            and not job.error_count,
        },
    )


@login_required
@require_http_methods(["POST"])
def membership_import_confirm(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    job = _job(request, pk)
    try:
        services.membership_import_confirm(actor=request.user, membership_import=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Importazione avviata."))
    return redirect(job)


@login_required
@require_http_methods(["GET"])
def membership_import_report_csv(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    """Every error of the report, for the officer to correct the file."""
    job = _job(request, pk)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Riga"), _("Colonna"), _("Errore")])
    report = job.report if isinstance(job.report, list) else []
    for item in report:
        writer.writerow([item.get("row"), item.get("column"), item.get("message")])
    response = HttpResponse(buffer.getvalue(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="esito-importazione-{job.pk}.csv"'
    )
    return response


def _job(request: AuthenticatedHttpRequest, pk: int) -> MembershipImport:
    job = selectors.membership_import_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.import_memberships", job):
        raise PermissionDenied
    return job
