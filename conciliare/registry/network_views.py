"""Public pages of the territorial networks (Reti): list, network page,
statistics, directory of members; the Region's statistics (function-based)."""

import csv
from typing import TypedDict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from conciliare.core.cache import public_page
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.registry import network_selectors as selectors
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
        {"network": network, "stats": stats, "table": _tables(stats)[0]},
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
