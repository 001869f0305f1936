"""The section editor of a draft: general data, actions, recipients and
indicators, budget, attachments.

Every save carries the version the page was drawn from. With htmx the
general data and the rows save themselves (autosave): the view answers a
small status with the new version and the errors next to the fields, out of
band, and never touches what the person is typing. The «Salva» button
posts the whole page and comes back to it: through htmx when there is
JavaScript (queued behind an autosave in flight, so it never trips over the
person's own save), as a plain form otherwise.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from conciliare.applications import attachment_views, draft_selectors
from conciliare.applications.checks import Section, budget_totals
from conciliare.applications.forms import GeneralForm
from conciliare.applications.models import Application
from conciliare.applications.row_forms import RowFormSet, formset_for
from conciliare.applications.section_layout import (
    KIND_LABELS,
    KIND_ROW_LABELS,
    SECTION_KINDS,
    SECTION_LABELS,
    SECTIONS,
    SaveState,
    render_section,
    section_url,
)
from conciliare.applications.selectors import application_get_for_user
from conciliare.applications.services import (
    RowsInvalid,
    StaleDraft,
    application_parts_set,
    application_update,
)
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def application_section(
    request: AuthenticatedHttpRequest, pk: int, section: str
) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if section not in dict(SECTIONS):
        raise Http404
    if not request.user.has_perm("applications.change_application", application):
        raise PermissionDenied
    if section == Section.GENERAL:
        return _general(request, application)
    if section == Section.ATTACHMENTS:
        return attachment_views.application_attachments(request, application)
    return _rows(request, application, section)


def _general(
    request: AuthenticatedHttpRequest, application: Application
) -> HttpResponse:
    state = SaveState(application)
    if request.method == "POST":
        form = GeneralForm(request.POST, application=application)
        version = state.read_version(request)
        if form.is_valid() and version is not None:
            try:
                application = application_update(
                    actor=request.user,
                    application=application,
                    version=version,
                    data=form.service_data(),
                )
            except StaleDraft as exc:
                state.stale = exc.message
            except ValidationError as exc:
                form.add_service_errors(exc)
            except ApplicationError as exc:
                form.add_error_message(exc.field, exc.message)
            else:
                state.saved(application)
        if state.is_saved and _is_save_button(request):
            messages.success(request, _("Dati generali salvati."))
            return _back_to(request, section_url(application, Section.GENERAL))
    else:
        form = GeneralForm(
            initial=GeneralForm.initial_for(application), application=application
        )
    context = {"form": form, "forms": [form]}
    return render_section(
        request,
        "applications/section_general.html",
        state,
        context,
        section=Section.GENERAL,
    )


def _rows(
    request: AuthenticatedHttpRequest, application: Application, section: str
) -> HttpResponse:
    state = SaveState(application)
    organisations = draft_selectors.alliance_current_organisations(
        alliance=application.alliance
    )
    kinds = SECTION_KINDS[section]
    data = request.POST if request.method == "POST" else None
    formsets = [formset_for(kind, application, organisations, data) for kind in kinds]
    if request.method == "POST":
        version = state.read_version(request)
        valid = [formset.is_valid() for formset in formsets]
        if all(valid) and version is not None:
            application = _rows_save(request, application, formsets, version, state)
        if state.is_saved and _is_save_button(request):
            messages.success(
                request,
                _("Sezione «%(section)s» salvata.")
                % {"section": SECTION_LABELS[section]},
            )
            return _back_to(request, section_url(application, section))
    context: dict[str, Any] = {
        "formsets": [
            {
                "formset": formset,
                "label": KIND_LABELS[formset.kind],
                "row_label": KIND_ROW_LABELS[formset.kind],
            }
            for formset in formsets
        ],
        "forms": [form for formset in formsets for form in formset.forms],
        "is_budget": section == Section.BUDGET,
    }
    if section == Section.BUDGET:
        context["totals"] = budget_totals(application)
    return render_section(
        request, "applications/section_rows.html", state, context, section=section
    )


def _rows_save(
    request: AuthenticatedHttpRequest,
    application: Application,
    formsets: list[RowFormSet],
    version: int,
    state: "SaveState",
) -> Application:
    """Save every formset of the page, all or none (one service call)."""
    try:
        saved = application_parts_set(
            actor=request.user,
            application=application,
            version=version,
            parts={formset.kind: formset.rows() for formset in formsets},
        )
    except RowsInvalid as exc:
        for formset in formsets:
            if formset.kind in exc.by_kind:
                formset.add_service_errors(exc.by_kind[formset.kind])
        return application
    except StaleDraft as exc:
        state.stale = exc.message
        return application
    except ApplicationError as exc:
        state.error = exc.message
        return application
    state.saved(saved)
    return saved


def _is_save_button(request: AuthenticatedHttpRequest) -> bool:
    """The «Salva» button (a full post, or htmx's, queued after any autosave
    in flight so it carries the latest version), not an autosave."""
    return not request.htmx or request.htmx.trigger == "save-button"


def _back_to(request: AuthenticatedHttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
