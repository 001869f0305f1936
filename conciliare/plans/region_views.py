"""The Region's view of the Territorial Plans: the 8 ATS for a period, each
with its plan's status, regional allocation, money committed and the
validation of the plans sent."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from conciliare.core.http import AuthenticatedHttpRequest
from conciliare.plans.models import PlanStatus
from conciliare.plans.plan_forms import RegionFilterForm
from conciliare.plans.plan_selectors import (
    region_default_period,
    region_periods,
    region_rows,
)


@login_required
@require_http_methods(["GET"])
def region(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("plans.view_region_plans"):
        raise PermissionDenied
    periods = list(region_periods())
    form = RegionFilterForm(request.GET or None, periods=periods)
    chosen = request.GET.get("period") or ""
    period = next((p for p in periods if p.slug == chosen), None)
    if period is None:
        period = region_default_period()
        form = RegionFilterForm(
            initial={"period": period.slug if period else ""}, periods=periods
        )
    rows = region_rows(period=period) if period is not None else []
    allocation = sum((row.allocation for row in rows), Decimal(0))
    committed = sum((row.committed for row in rows), Decimal(0))
    return render(
        request,
        "plans/region.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "sent": PlanStatus.SENT,
            "totals": {
                "allocation": allocation,
                "committed": committed,
                "difference": allocation - committed,
            },
        },
    )
