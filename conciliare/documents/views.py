"""Public list, detail and download of documents; upload and edit for staff."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.cache import public_page
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.core.public_lists import render_public_list
from conciliare.documents import services
from conciliare.documents.forms import (
    DocumentCreateForm,
    DocumentFilterForm,
    DocumentUpdateForm,
)
from conciliare.documents.selectors import document_get_for_user, document_list_public

PAGE_SIZE = 25


@require_GET
@public_page
def document_list(request: HttpRequest) -> HttpResponse:
    """The public documents in force (or also expired ones), filtered, paginated."""
    form = DocumentFilterForm(request.GET)
    form.is_valid()  # invalid filters are reported beside the field and ignored
    filters = form.filters()
    documents = document_list_public(user=request.user, **filters)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "include_expired": filters["include_expired"],
        "page": page,
    }
    return render_public_list(request, "documents/document_list.html", context)


@require_GET
@public_page
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_get_for_user(user=request.user, pk=pk)
    can_change = request.user.has_perm("documents.change_document", document)
    events = event_list_for_object(target=document) if can_change else None
    return render(
        request,
        "documents/document_detail.html",
        {"document": document, "can_change": can_change, "events": events},
    )


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, always as an attachment with the type detected at upload."""
    document = document_get_for_user(user=request.user, pk=pk)
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not document.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("documents.add_document"):
        raise PermissionDenied
    if request.method == "POST":
        form = DocumentCreateForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                document = services.document_create(
                    actor=request.user,
                    data=form.metadata(),
                    file=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Il documento «%(title)s» è stato caricato.")
                    % {"title": document.title},
                )
                return redirect(document)
    else:
        form = DocumentCreateForm(user=request.user)
    return render(
        request, "documents/document_form.html", {"form": form, "document": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = document_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("documents.change_document", document):
        raise PermissionDenied
    saved = copy.copy(document)  # the form writes what was typed on ``document``
    if request.method == "POST":
        form = DocumentUpdateForm(request.POST, instance=document, user=request.user)
        if form.is_valid():
            try:
                document = services.document_update(
                    actor=request.user, document=document, data=form.metadata()
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Le modifiche al documento «%(title)s» sono state salvate.")
                    % {"title": document.title},
                )
                return redirect(document)
    else:
        form = DocumentUpdateForm(instance=document, user=request.user)
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "document": saved},
    )


def _add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Put each error the service raised beside its field (or on top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
