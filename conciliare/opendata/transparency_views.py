"""The grants table of Amministrazione trasparente (d.lgs. 33/2013, artt.
26-27): the same rows as the open dataset «contributi», 50 a page, by ATS
and year of the act."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from conciliare.core.cache import public_page
from conciliare.core.public_lists import render_public_list
from conciliare.opendata.datasets import contributi
from conciliare.opendata.grant_selectors import GrantRows
from conciliare.opendata.transparency_forms import GrantFilterForm

PAGE_SIZE = 50


@require_http_methods(["GET", "HEAD"])
@public_page
def grant_list(request: HttpRequest) -> HttpResponse:
    form = GrantFilterForm(request.GET)
    form.is_valid()  # invalid filters are reported beside the field and ignored
    rows = GrantRows(**form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_public_list(
        request,
        "opendata/grant_list.html",
        {"form": form, "page": page, "dataset": contributi.DATASET},
    )
