"""The attachments section of a draft: one upload per required attachment
of the call and further documents. Every upload is its own POST, so a
refused file never loses what was typed elsewhere; the documents app checks
the content and the size."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.applications import draft_selectors
from conciliare.applications.attachment_services import (
    application_attachment_remove,
    application_attachment_upload,
)
from conciliare.applications.checks import Section
from conciliare.applications.forms import AttachmentUploadForm
from conciliare.applications.models import Application
from conciliare.applications.section_layout import (
    SaveState,
    render_section,
    section_url,
)
from conciliare.applications.selectors import application_get_for_user
from conciliare.calls.models import RequiredAttachment
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest


def application_attachments(
    request: AuthenticatedHttpRequest, application: Application
) -> HttpResponse:
    """One upload form per required attachment and one for further
    documents; a POST names the form it comes from in ``requirement``."""
    requirements = list(
        draft_selectors.application_requirements(application=application)
    )
    attachments = list(draft_selectors.application_attachments(application=application))
    target = request.POST.get("requirement", "") if request.method == "POST" else ""
    forms = _upload_forms(request, requirements, target)
    if request.method == "POST":
        form = forms.get("other" if target == "other" else f"req-{target}")
        if form is None:
            raise Http404
        chosen = {str(r.pk): r for r in requirements}.get(target)
        if form.is_valid() and _upload(request, application, chosen, form):
            return redirect(section_url(application, Section.ATTACHMENTS))
    by_requirement = {a.requirement_id: a for a in attachments if a.requirement_id}
    context = {
        "requirements": [
            {
                "requirement": requirement,
                "attachment": by_requirement.get(requirement.pk),
                "form": forms[f"req-{requirement.pk}"],
            }
            for requirement in requirements
        ],
        "further": [a for a in attachments if a.requirement_id is None],
        "other_form": forms["other"],
    }
    return render_section(
        request,
        "applications/section_attachments.html",
        SaveState(application),
        context,
        section=Section.ATTACHMENTS,
    )


def _upload_forms(
    request: AuthenticatedHttpRequest,
    requirements: list[RequiredAttachment],
    target: str,
) -> dict[str, AttachmentUploadForm]:
    """The page's upload forms by prefix; only ``target``'s is bound."""
    prefixes = [(f"req-{r.pk}", str(r.pk), False) for r in requirements]
    prefixes.append(("other", "other", True))
    return {
        prefix: AttachmentUploadForm(
            request.POST if target == key else None,
            request.FILES if target == key else None,
            prefix=prefix,
            needs_title=needs_title,
        )
        for prefix, key, needs_title in prefixes
    }


def _upload(
    request: AuthenticatedHttpRequest,
    application: Application,
    requirement: RequiredAttachment | None,
    form: AttachmentUploadForm,
) -> bool:
    try:
        attachment = application_attachment_upload(
            actor=request.user,
            application=application,
            requirement=requirement,
            file=form.cleaned_data["file"],
            title=form.cleaned_data.get("title", ""),
        )
    except ValidationError as exc:
        form.add_service_errors(exc)
        return False
    except ApplicationError as exc:
        form.add_error_message(exc.field, exc.message)
        return False
    messages.success(
        request,
        _("File «%(name)s» caricato.")
        % {"name": attachment.document.original_filename},
    )
    return True


@login_required
@require_http_methods(["POST"])
def application_attachment_remove_view(
    request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("applications.change_application", application):
        raise PermissionDenied
    attachment = get_object_or_404(
        draft_selectors.application_attachments(application=application),
        pk=attachment_pk,
    )
    try:
        application_attachment_remove(
            actor=request.user, application=application, attachment=attachment
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("File «%(name)s» tolto dalla domanda.")
            % {"name": attachment.document.original_filename},
        )
    return redirect(section_url(application, Section.ATTACHMENTS))
