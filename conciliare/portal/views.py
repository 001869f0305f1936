from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conciliare.core.cache import public_page
from conciliare.portal.selectors import home_figures


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", home_figures())


@require_GET
@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@require_GET
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")
