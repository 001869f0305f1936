"""The reserved dashboard (``/area-riservata/cruscotto/``): the Region's
officers see the 8 ATS, an ATS's officers their own ATS only; no count is
hidden."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of
from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.dashboards.dashboard_pages import (
    Dashboard,
    context,
    csv_response,
    dashboard_build,
)


def _dashboard(request: AuthenticatedHttpRequest) -> Dashboard:
    user = request.user
    if user.has_perm("dashboards.view_region_dashboard"):
        return dashboard_build(request, ats_ids=None, limit=None)
    if user.has_perm("dashboards.view_ats_dashboard"):
        return dashboard_build(
            request, ats_ids=ats_ids_of(user, Role.ATS_OFFICER), limit=None
        )
    raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD"])
def region(request: AuthenticatedHttpRequest) -> HttpResponse:
    dashboard = _dashboard(request)
    whole_region = request.user.has_perm("dashboards.view_region_dashboard")
    return render(
        request,
        "dashboards/reserved.html",
        context(
            dashboard,
            csv_url="dashboards:table-csv",
            whole_region=whole_region,
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def table_csv(request: AuthenticatedHttpRequest, table: str) -> HttpResponse:
    dashboard = _dashboard(request)
    return csv_response(dashboard.table(table), period=dashboard.period)
