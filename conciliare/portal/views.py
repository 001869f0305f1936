"""Public pages of the portal: home, the page of each ATS, search, the
accessibility statement and its feedback form, privacy, sitemap.xml."""

from django.contrib.sitemaps.views import sitemap
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from conciliare.core.cache import public_page
from conciliare.core.exceptions import ApplicationError
from conciliare.portal.forms import FeedbackForm
from conciliare.portal.search_selectors import (
    MIN_QUERY_LENGTH,
    is_searchable,
    normalise_query,
    search_public,
)
from conciliare.portal.selectors import ats_page, home_figures
from conciliare.portal.services import feedback_submit
from conciliare.portal.sitemaps import SITEMAPS


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", home_figures())


@require_GET
@public_page
def ats_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The one public page of an ATS: its network, alliances and projects per
    period (the table of seed 001), committee and documents."""
    context = ats_page(slug=slug, period_slug=request.GET.get("periodo", "")[:20])
    return render(request, "portal/ats_detail.html", context)


@require_GET
@public_page
def search(request: HttpRequest) -> HttpResponse:
    q = normalise_query(request.GET.get("q", ""))
    searchable = is_searchable(q)
    return render(
        request,
        "portal/search.html",
        {
            "q": q,
            "searchable": searchable,
            "min_length": MIN_QUERY_LENGTH,
            "results": search_public(q=q) if searchable else None,
        },
    )


@require_GET
@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """The accessibility feedback form. Not cached: it carries a CSRF token."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback_submit(
                    actor=request.user,
                    data=form.feedback_data(),
                    language=get_language() or "it",
                    client_address=request.META.get("REMOTE_ADDR", ""),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("portal:feedback-sent")
    else:
        form = FeedbackForm(initial={"page_url": request.GET.get("pagina", "")[:500]})
    return render(request, "portal/feedback.html", {"form": form})


@require_GET
@public_page
def feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/feedback_sent.html")


@require_GET
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


@require_GET
@public_page
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return sitemap(request, sitemaps=SITEMAPS)
