"""Public pages of the Territorial Plans: the plans approved by the ATS and
each plan's page (its funded projects by lead body and alliance, the system
actions, the act and the PDF). Only approved, sent or validated versions are
public: the latest of them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from conciliare.core.cache import public_page
from conciliare.plans.plan_selectors import (
    public_filter,
    public_version_get,
    public_versions,
    version_content_rows,
)
from conciliare.territory.models import ATS, ProgrammingPeriod


@public_page
@require_http_methods(["GET", "HEAD"])
def plan_list(request: HttpRequest) -> HttpResponse:
    ats = request.GET.get("ats", "")
    period = request.GET.get("period", "")
    versions = public_filter(public_versions(), ats=ats, period=period)
    return render(
        request,
        "plans/plan_list.html",
        {
            "versions": list(versions),
            "atss": ATS.objects.order_by("name"),
            "periods": ProgrammingPeriod.objects.filter(plans__isnull=False)
            .distinct()
            .order_by("-starts_on"),
            "chosen_ats": ats,
            "chosen_period": period,
        },
    )


@public_page
@require_http_methods(["GET", "HEAD"])
def plan_public(request: HttpRequest, ats: str, period: str) -> HttpResponse:
    version = public_version_get(ats_slug=ats, period_slug=period)
    return render(
        request,
        "plans/plan_public.html",
        {
            "version": version,
            "plan": version.plan,
            "rows": version_content_rows(version=version),
        },
    )
