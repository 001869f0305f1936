"""Public pages of the approved rankings: the list, and each ranking with
its three lists, the act, the PDF and the scorrimenti. A draft is never shown."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conciliare.core.cache import public_page
from conciliare.reviews.ranking_selectors import (
    ranking_get_public,
    ranking_list_public,
    ranking_lists,
    ranking_steps,
)


@require_GET
@public_page
def ranking_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reviews/ranking/public_list.html",
        {"rankings": list(ranking_list_public())},
    )


@require_GET
@public_page
def ranking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ranking = ranking_get_public(pk=pk)
    return render(
        request,
        "reviews/ranking/public_detail.html",
        {
            "ranking": ranking,
            "call": ranking.call,
            "lists": ranking_lists(ranking=ranking),
            "steps": list(ranking_steps(ranking=ranking)),
        },
    )
