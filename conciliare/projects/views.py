"""Public pages of the projects: the filtered list and one project's page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conciliare.core.cache import public_page
from conciliare.core.public_lists import render_public_list
from conciliare.projects.forms import ProjectFilterForm
from conciliare.projects.selectors import project_get_public, project_list_public

PAGE_SIZE = 25


@require_GET
@public_page
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET)
    form.is_valid()  # invalid filters are reported beside the field and ignored
    projects = project_list_public(**form.filters())
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
    }
    return render_public_list(request, "projects/project_list.html", context)


@require_GET
@public_page
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = project_get_public(code=code)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "partners": project.alliance.current_partners,  # type: ignore[attr-defined]
        },
    )
