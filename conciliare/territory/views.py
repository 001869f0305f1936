from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conciliare.core.cache import public_page
from conciliare.territory import selectors


@require_GET
@public_page
def ats_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "territory/ats_list.html", {"ats_list": selectors.ats_list()}
    )


@require_GET
@public_page
def ats_detail(request: HttpRequest, slug: str) -> HttpResponse:
    ats = selectors.ats_get(slug=slug)
    return render(request, "territory/ats_detail.html", {"ats": ats})


@require_GET
@public_page
def period_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "territory/period_list.html", {"periods": selectors.period_list()}
    )


@require_GET
@public_page
def period_detail(request: HttpRequest, slug: str) -> HttpResponse:
    period = selectors.period_get(slug=slug)
    return render(
        request,
        "territory/period_detail.html",
        {"period": period, "table": selectors.allocation_table(period=period)},
    )
