"""The alliances' dashboards (``/area-riservata/cruscotto/alleanze/``): the
list of those the user may open, one alliance's figures and their CSV."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.dashboards.alliance_dashboard import alliance_dashboard
from conciliare.dashboards.alliance_selectors import (
    alliance_get_for_user,
    alliance_list_for_user,
)
from conciliare.dashboards.dashboard_pages import context, csv_response
from conciliare.partnerships.models import Alliance

PAGE_SIZE = 50


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    alliance = alliance_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("dashboards.view_alliance_dashboard", alliance):
        raise PermissionDenied
    return alliance


@login_required
@require_http_methods(["GET", "HEAD"])
def alliance_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("dashboards.list_alliance_dashboards"):
        raise PermissionDenied
    alliances = alliance_list_for_user(user=request.user)
    page = Paginator(alliances, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboards/alliance_list.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "HEAD"])
def alliance_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance(request, pk)
    dashboard = alliance_dashboard(alliance)
    return render(
        request,
        "dashboards/alliance.html",
        context(
            dashboard,
            csv_url="dashboards:alliance-table-csv",
            csv_args=(alliance.pk,),
            alliance=alliance,
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def alliance_table_csv(
    request: AuthenticatedHttpRequest, pk: int, table: str
) -> HttpResponse:
    alliance = _alliance(request, pk)
    dashboard = alliance_dashboard(alliance)
    return csv_response(
        dashboard.table(table), period=None, prefix=f"alleanza-{alliance.slug}"
    )
