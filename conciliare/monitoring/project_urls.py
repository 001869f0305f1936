"""Routes of the monitoring's project pages (joined in ``monitoring.urls``)."""

from django.urls import URLPattern, URLResolver, path

from conciliare.monitoring import project_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.project_list, name="project-list"),
    path("<str:code>/", views.project_detail, name="project-detail"),
    path("<str:code>/avvio/", views.project_start_view, name="project-start"),
    path(
        "<str:code>/conclusione/",
        views.project_complete_view,
        name="project-complete",
    ),
]
