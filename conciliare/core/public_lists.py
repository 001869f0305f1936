"""The response of a filtered public list: the whole page, or only its
results fragment when the address asks for it.

The fragment is chosen by the address (``?partial=results``), not by the
HX-Request header, because public pages are cached by address
(``conciliare.core.cache``); the browser's address bar then shows the list's
own address, without the parameter, so it can be bookmarked.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import push_url

#: Asks a list for its results fragment only.
PARTIAL_PARAMETER = "partial"


def render_public_list(
    request: HttpRequest, template_name: str, context: dict[str, Any]
) -> HttpResponse:
    """``template_name``, or its ``results`` partial when asked for it."""
    if request.GET.get(PARTIAL_PARAMETER) != "results":
        return render(request, template_name, context)
    response = render(request, f"{template_name}#results", context)
    query = request.GET.copy()
    query.pop(PARTIAL_PARAMETER, None)
    return push_url(
        response, f"{request.path}?{query.urlencode()}" if query else request.path
    )
