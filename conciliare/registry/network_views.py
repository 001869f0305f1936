"""Public pages of the territorial networks (Reti): list, network page,
statistics, directory of members; the Region's statistics; the ATS's page
that publishes a new version of the Regolamento (function-based)."""

import csv
from typing import TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from conciliare.core.cache import public_page
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.registry import network_selectors as selectors
from conciliare.registry.network_regulation_forms import NetworkRegulationForm
from conciliare.registry.network_regulation_services import (
    network_regulation_publish as network_regulation_publish_service,
)
from conciliare.registry.statistics_selectors import (
    MembershipStatistics,
    StatRow,
    membership_statistics,
    regional_statistics,
)

DIRECTORY_PER_PAGE = 50
STATISTICS_TABLES = ("typology", "size_class", "ambito", "join_year")


class StatTable(TypedDict):
    key: str
    caption: str
    header: str
    rows: list[StatRow]


def _tables(stats: MembershipStatistics) -> list[StatTable]:
    """The four statistics tables with their captions and first-column headers."""
    titles = {
        "typology": (_("Aderenti per tipologia"), _("Tipologia")),
        "size_class": (_("Aderenti per dimensione"), _("Dimensione")),
        "ambito": (_("Aderenti per ambito territoriale"), _("Ambito")),
        "join_year": (_("Aderenti per anno di adesione"), _("Anno")),
    }
    return [
        {
            "key": key,
            "caption": titles[key][0],
            "header": titles[key][1],
            "rows": stats[key],  # type: ignore[literal-required]
        }
        for key in STATISTICS_TABLES
    ]


@public_page
@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/network_list.html",
        {"networks": selectors.network_list_public()},
    )


@public_page
@require_GET
def network_detail(
    request: HttpRequest, ats_slug: str, period_slug: str
) -> HttpResponse:
    network = selectors.network_get_public(ats_slug=ats_slug, period_slug=period_slug)
    stats = membership_statistics(network=network)
    return render(
        request,
        "registry/network_detail.html",
        {
            "network": network,
            "stats": stats,
            "table": _tables(stats)[0],
            "regulation_versions": selectors.network_regulation_versions(
                network=network
            ),
        },
    )


@public_page
@require_GET
def network_statistics(
    request: HttpRequest, ats_slug: str, period_slug: str
) -> HttpResponse:
    network = selectors.network_get_public(ats_slug=ats_slug, period_slug=period_slug)
    stats = membership_statistics(network=network)
    return render(
        request,
        "registry/network_statistics.html",
        {"network": network, "stats": stats, "tables": _tables(stats)},
    )


@require_GET
def network_statistics_csv(
    request: HttpRequest, ats_slug: str, period_slug: str
) -> HttpResponse:
    network = selectors.network_get_public(ats_slug=ats_slug, period_slug=period_slug)
    key = request.GET.get("tabella", "typology")
    if key not in STATISTICS_TABLES:
        raise Http404
    table = next(
        t for t in _tables(membership_statistics(network=network)) if t["key"] == key
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"aderenti-{network.ats.slug}-{network.period.slug}-{key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([table["header"], _("Aderenti"), _("Quota %")])
    for row in table["rows"]:
        writer.writerow([row["label"], row["count"], row["percent"]])
    return response


@public_page
@require_GET
def network_directory(
    request: HttpRequest, ats_slug: str, period_slug: str
) -> HttpResponse:
    network = selectors.network_get_public(ats_slug=ats_slug, period_slug=period_slug)
    q = request.GET.get("q", "").strip()[:100]
    members = selectors.network_directory(network=network, q=q)
    page = Paginator(members, DIRECTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/network_directory.html",
        {"network": network, "q": q, "page_obj": page, "members": page.object_list},
    )


@login_required
@require_GET
def regional_statistics_view(
    request: AuthenticatedHttpRequest, period_slug: str
) -> HttpResponse:
    if not request.user.has_perm("registry.view_regional_statistics"):
        raise PermissionDenied
    period = selectors.period_get_public(slug=period_slug)
    return render(
        request,
        "registry/statistics_regional.html",
        {"period": period, "stats": regional_statistics(period=period)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_regulation_publish(
    request: AuthenticatedHttpRequest, ats_slug: str, period_slug: str
) -> HttpResponse:
    """An officer of the ATS publishes a new version of the Regolamento."""
    network = selectors.network_get_public(ats_slug=ats_slug, period_slug=period_slug)
    if not request.user.has_perm("registry.publish_network_regulation", network):
        raise PermissionDenied
    if request.method == "POST":
        form = NetworkRegulationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                regulation = network_regulation_publish_service(
                    actor=request.user,
                    network=network,
                    data=form.regulation_data(),
                    file=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Regolamento «%(title)s» pubblicato.")
                    % {"title": regulation.title},
                )
                return redirect(
                    "networks:network-detail",
                    ats_slug=network.ats.slug,
                    period_slug=network.period.slug,
                )
    else:
        form = NetworkRegulationForm(
            initial={
                "title": _("Regolamento della Rete territoriale per la conciliazione")
            }
        )
    return render(
        request,
        "registry/network_regulation_publish.html",
        {
            "network": network,
            "form": form,
            "file_to_choose_again": bool(form.is_bound and request.FILES),
        },
        status=400 if form.is_bound else 200,
    )


def _add_service_errors(form: Form, exc: ValidationError) -> None:
    """Each error the service raised beside its field (or above the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
