"""The public figures of the Reti (``/numeri/``): the 8 ATS and the periods,
with small counts of beneficiaries hidden, cached like every public page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from conciliare.core.cache import public_page
from conciliare.dashboards.dashboard_pages import context, csv_response, dashboard_build
from conciliare.dashboards.suppression import threshold


@require_http_methods(["GET", "HEAD"])
@public_page
def region(request: HttpRequest) -> HttpResponse:
    dashboard = dashboard_build(request, ats_ids=None, limit=threshold())
    return render(
        request,
        "dashboards/public.html",
        context(dashboard, csv_url="dashboards-public:table-csv"),
    )


@require_http_methods(["GET", "HEAD"])
@public_page
def table_csv(request: HttpRequest, table: str) -> HttpResponse:
    dashboard = dashboard_build(request, ats_ids=None, limit=threshold())
    return csv_response(dashboard.table(table), period=dashboard.period)
