"""Reserved pages of the people who run alliances: their list, founding one,
its data, partners, documents and composition check (function-based)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from conciliare.audit.selectors import event_list_for_object
from conciliare.core.exceptions import ApplicationError
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.partnerships import management_selectors as selectors
from conciliare.partnerships import services
from conciliare.partnerships.forms import (
    AllianceDocumentForm,
    AllianceForm,
    LeadChangeForm,
    PartnerAddForm,
    PartnerContributionForm,
    PartnerEndForm,
)
from conciliare.partnerships.models import Alliance
from conciliare.partnerships.request_selectors import (
    partner_request_list_for_alliance,
)

MANAGE = "alliances-manage:alliance-manage"


@login_required
@require_http_methods(["GET"])
def alliance_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Le mie alleanze: the alliances the person runs."""
    if not request.user.has_perm("partnerships.view_managed_alliances"):
        raise PermissionDenied
    return render(
        request,
        "partnerships/manage_alliance_list.html",
        {
            "alliances": selectors.alliance_list_managed_by(user=request.user),
            "can_add": request.user.has_perm("partnerships.add_alliance"),
            "can_file": request.user.has_perm("partnerships.file_partner_request"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def alliance_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("partnerships.add_alliance"):
        raise PermissionDenied
    if request.method == "POST":
        form = AllianceForm(request.POST, user=request.user)
    else:  # htmx asks for the ambiti of the ATS chosen
        initial = {"ats": request.GET["ats"]} if request.GET.get("ats") else {}
        form = AllianceForm(user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            alliance = services.alliance_create(
                actor=request.user,
                ats=form.cleaned_data["ats"],
                lead=form.cleaned_data["lead"],
                data=form.service_data(),
            )
        except PermissionDenied:
            form.add_error_message(
                "lead",
                _(
                    "Si possono registrare solo alleanze della propria ATS o "
                    "guidate da un ente che si rappresenta."
                ),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("Alleanza «%(name)s» registrata.") % {"name": alliance.name},
            )
            return redirect(MANAGE, pk=alliance.pk)
    template_name = "partnerships/manage_alliance_form.html"
    if request.htmx and request.method == "GET":
        template_name += "#ambiti-field"
    return render(request, template_name, {"form": form, "alliance": None})


@login_required
@require_http_methods(["GET"])
def alliance_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance_for(request, pk, "partnerships.manage_alliance")
    partners = list(selectors.alliance_partner_list(alliance=alliance))
    periods = selectors.alliance_period_list(alliance=alliance)
    return render(
        request,
        "partnerships/manage_alliance.html",
        {
            "alliance": alliance,
            "partners": partners,
            "periods": periods,
            "ambiti": list(alliance.ambiti.order_by("name")),
            "report": selectors.alliance_composition_report(
                alliance=alliance, partners=partners, periods=periods
            ),
            "documents": list(selectors.alliance_document_list(alliance=alliance)),
            "open_requests": partner_request_list_for_alliance(
                alliance=alliance
            ).count(),
            "can_change_lead": request.user.has_perm(
                "partnerships.change_alliance_lead", alliance
            ),
            "events": event_list_for_object(target=alliance)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def alliance_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance_for(request, pk, "partnerships.change_alliance")
    if request.method == "POST":
        form = AllianceForm(request.POST, user=request.user, alliance=alliance)
    else:
        form = AllianceForm(
            user=request.user,
            alliance=alliance,
            initial={
                **{
                    name: getattr(alliance, name)
                    for name in services.ALLIANCE_FIELDS
                    if name not in ("periods", "ambiti")
                },
                "periods": list(alliance.periods.all()),
                "ambiti": list(alliance.ambiti.all()),
            },
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.alliance_update(
                actor=request.user, alliance=alliance, data=form.service_data()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Dati dell'alleanza aggiornati."))
            return redirect(MANAGE, pk=alliance.pk)
    return render(
        request,
        "partnerships/manage_alliance_form.html",
        {"form": form, "alliance": alliance},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance_for(request, pk, "partnerships.manage_partners")
    form = PartnerAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.partner_add(
                actor=request.user,
                alliance=alliance,
                organisation=organisation,
                data=form.service_data(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("%(organisation)s aggiunto all'alleanza.")
                % {"organisation": organisation.legal_name},
            )
            return redirect(MANAGE, pk=alliance.pk)
    return render(
        request,
        "partnerships/manage_partner_form.html",
        {"form": form, "alliance": alliance, "partner": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_update(
    request: AuthenticatedHttpRequest, pk: int, partner_pk: int
) -> HttpResponse:
    alliance = _alliance_for(request, pk, "partnerships.manage_partners")
    partner = selectors.alliance_partner_get(alliance=alliance, pk=partner_pk)
    form = PartnerContributionForm(
        request.POST or None, initial=PartnerContributionForm.initial_for(partner)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update_contribution(
                actor=request.user, partner=partner, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Apporto di %(organisation)s aggiornato.")
                % {"organisation": partner.organisation.legal_name},
            )
            return redirect(MANAGE, pk=alliance.pk)
    return render(
        request,
        "partnerships/manage_partner_form.html",
        {"form": form, "alliance": alliance, "partner": partner},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_end(
    request: AuthenticatedHttpRequest, pk: int, partner_pk: int
) -> HttpResponse:
    """GET asks for the date, POST ends the partnership."""
    alliance = _alliance_for(request, pk, "partnerships.manage_partners")
    partner = selectors.alliance_partner_get(alliance=alliance, pk=partner_pk)
    form = PartnerEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_end(
                actor=request.user,
                partner=partner,
                left_on=form.cleaned_data["left_on"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ApplicationError as exc:
            form.add_error_message(exc.field, exc.message)
        else:
            messages.success(
                request,
                _("%(organisation)s è uscito dall'alleanza.")
                % {"organisation": partner.organisation.legal_name},
            )
            return redirect(MANAGE, pk=alliance.pk)
    return render(
        request,
        "partnerships/manage_partner_end.html",
        {"form": form, "alliance": alliance, "partner": partner},
    )


@login_required
@require_http_methods(["GET", "POST"])
def alliance_lead_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance_for(request, pk, "partnerships.change_alliance_lead")
    form = LeadChangeForm(
        request.POST or None,
        partners=selectors.alliance_current_partner_choices(alliance=alliance),
    )
    if request.method == "POST" and form.is_valid():
        try:
            alliance = services.alliance_lead_change(
                actor=request.user,
                alliance=alliance,
                partner=form.cleaned_data["partner"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("%(organisation)s è il nuovo capofila dell'alleanza.")
                % {"organisation": alliance.lead.legal_name},
            )
            if request.user.has_perm("partnerships.manage_alliance", alliance):
                return redirect(MANAGE, pk=alliance.pk)
            return redirect("alliances-manage:alliance-list")
    return render(
        request,
        "partnerships/manage_lead_change.html",
        {"form": form, "alliance": alliance},
    )


@login_required
@require_http_methods(["GET", "POST"])
def alliance_document_attach(
    request: AuthenticatedHttpRequest, pk: int
) -> HttpResponse:
    alliance = _alliance_for(request, pk, "partnerships.attach_alliance_document")
    if request.method == "POST":
        form = AllianceDocumentForm(request.POST, request.FILES)
    else:
        form = AllianceDocumentForm()
    if request.method == "POST" and form.is_valid():
        try:
            document = services.alliance_document_attach(
                actor=request.user,
                alliance=alliance,
                data=form.document_data(),
                file=form.cleaned_data["file"],
                as_agreement=form.is_agreement,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Documento «%(title)s» allegato all'alleanza.")
                % {"title": document.title},
            )
            return redirect(MANAGE, pk=alliance.pk)
    return render(
        request,
        "partnerships/manage_document_form.html",
        {"form": form, "alliance": alliance},
    )


def _alliance_for(request: AuthenticatedHttpRequest, pk: int, perm: str) -> Alliance:
    """The alliance (404 when missing), if the person holds ``perm`` on it
    (403 otherwise: alliances are public, their existence is no secret)."""
    alliance = selectors.alliance_get(pk=pk)
    if not request.user.has_perm(perm, alliance):
        raise PermissionDenied
    return alliance
