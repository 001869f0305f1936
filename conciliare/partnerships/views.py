"""Public pages of the local alliances: the filtered list and one alliance's
page (lead body, partners, ambiti, projects by period, public documents)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from conciliare.core.cache import public_page
from conciliare.core.public_lists import render_public_list
from conciliare.partnerships.models import Alliance
from conciliare.partnerships.public_forms import AllianceFilterForm
from conciliare.partnerships.public_selectors import (
    alliance_get_public,
    alliance_list_public,
    alliance_projects_public,
)

PAGE_SIZE = 25
#: The page where an organisation asks to join an alliance (Scheda partnership).
JOIN_URL_NAME = "alliances-manage:request-create"


@require_GET
@public_page
def alliance_list(request: HttpRequest) -> HttpResponse:
    form = AllianceFilterForm(request.GET)
    form.is_valid()  # invalid filters are reported beside the field and ignored
    alliances = alliance_list_public(**form.filters())
    page = Paginator(alliances, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
    }
    return render_public_list(request, "partnerships/alliance_list.html", context)


@require_GET
@public_page
def alliance_detail(request: HttpRequest, ats: str, slug: str) -> HttpResponse:
    alliance = alliance_get_public(ats_slug=ats, slug=slug)
    return render(
        request,
        "partnerships/alliance_detail.html",
        {
            "alliance": alliance,
            "projects": alliance_projects_public(alliance=alliance),
            "join_url": _join_url(alliance),
        },
    )


def _join_url(alliance: Alliance) -> str | None:
    """Where to ask to join the alliance (Scheda partnership), while the
    alliance is open to new partners."""
    if not alliance.is_open_to_partners:
        return None
    return reverse(JOIN_URL_NAME, args=[alliance.pk])
