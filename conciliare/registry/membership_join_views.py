"""HTML pages of joining a network: the joining form (with a new
organisation when it is not registered yet, and the tax-code lookup that
tells which) and the pre-filled Modulo di adesione as a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.registry import membership_selectors as selectors
from conciliare.registry import membership_services as services
from conciliare.registry.membership_form_pdf import membership_form_filename
from conciliare.registry.membership_form_pdf import (
    membership_form_pdf as membership_form_pdf_render,
)
from conciliare.registry.membership_forms import (
    MembershipOrganisationForm,
    MembershipRequestForm,
)
from conciliare.registry.models import Membership, Network


@login_required
@require_http_methods(["GET", "POST"])
def membership_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The joining form; an organisation not yet registered is registered
    with the request (its fieldset is validated only then)."""
    network = selectors.network_get(pk=pk)
    posted = request.method == "POST"
    form = MembershipRequestForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        network=network,
    )
    form.fields["tax_code"].widget.attrs.update(
        {
            "hx-get": reverse("registry:membership-organisation-lookup", args=[pk]),
            "hx-trigger": "change, input changed delay:600ms",
            "hx-target": "#organisation-lookup",
            "hx-swap": "innerHTML",
        }
    )
    organisation_form = MembershipOrganisationForm(request.POST if posted else None)
    if posted:
        form.is_valid()
        organisation_form.is_needed = form.needs_organisation
        if form.is_valid() and organisation_form.is_valid():
            membership = _membership_request(request, network, form, organisation_form)
            if membership is not None:
                messages.success(
                    request,
                    _("Richiesta di adesione inviata: protocollo %(number)s.")
                    % {"number": membership.protocol_number},
                )
                return redirect(membership)
    return render(
        request,
        "registry/membership_request.html",
        {
            "network": network,
            "form": form,
            "organisation_form": organisation_form,
            "lookup": _lookup_context(request, form),
        },
    )


def _membership_request(
    request: AuthenticatedHttpRequest,
    network: Network,
    form: MembershipRequestForm,
    organisation_form: MembershipOrganisationForm,
) -> Membership | None:
    """Call the service; its errors go next to the field they concern."""
    try:
        return services.membership_request(
            actor=request.user,
            network=network,
            organisation=form.organisation,
            organisation_data=(
                organisation_form.service_data(tax_code=form.cleaned_data["tax_code"])
                if form.organisation is None
                else None
            ),
            data=form.service_data(),
            signed_form_file=form.cleaned_data.get("signed_form"),
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            ours = {
                name: errors
                for name, errors in exc.error_dict.items()
                if name in organisation_form.fields
            }
            if ours:
                organisation_form.add_service_errors(ValidationError(ours))
            rest = {
                name: errors
                for name, errors in exc.error_dict.items()
                if name not in ours
            }
            if rest:
                form.add_service_errors(ValidationError(rest))
        else:
            form.add_service_errors(exc)
    except ApplicationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        form.full_clean_styling()
    return None


@login_required
@require_http_methods(["GET"])
def membership_organisation_lookup(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    """htmx: whether the tax code typed on the joining form is registered
    (the organisation's fieldset is then hidden)."""
    network = selectors.network_get(pk=pk)
    form = MembershipRequestForm(
        {"tax_code": request.GET.get("tax_code", "")}, network=network
    )
    form.is_valid()  # only the tax code matters here
    return render(
        request,
        "registry/membership_request.html#organisation-lookup",
        {"network": network, "lookup": _lookup_context(request, form)},
    )


def _lookup_context(
    request: AuthenticatedHttpRequest, form: MembershipRequestForm
) -> dict[str, object]:
    """What the joining form tells about the tax code: ``state`` is "" (not
    typed or not valid yet), "registered" or "new"; the name of a registered
    organisation only to whoever may view it (as the registry does)."""
    if not form.is_bound or "tax_code" in form.errors:
        return {"state": ""}
    organisation = form.organisation
    if organisation is None:
        return {"state": "new"}
    may_view = request.user.has_perm("registry.view_organisation", organisation)
    return {
        "state": "registered",
        "name": organisation.legal_name if may_view else "",
    }


@login_required
@require_http_methods(["GET"])
def membership_form_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The pre-filled Modulo di adesione, for the applicant and the officers."""
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("registry.download_membership_form", membership):
        raise PermissionDenied
    response = HttpResponse(
        membership_form_pdf_render(membership=membership),
        content_type="application/pdf",
    )
    filename = membership_form_filename(membership)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
