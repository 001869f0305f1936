from django.urls import URLPattern, URLResolver, path

from conciliare.registry import network_views as views

app_name = "networks"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.network_list, name="network-list"),
    path(
        "regione/<slug:period_slug>/",
        views.regional_statistics_view,
        name="regional-statistics",
    ),
    path(
        "<slug:ats_slug>/<slug:period_slug>/",
        views.network_detail,
        name="network-detail",
    ),
    path(
        "<slug:ats_slug>/<slug:period_slug>/statistiche/",
        views.network_statistics,
        name="network-statistics",
    ),
    path(
        "<slug:ats_slug>/<slug:period_slug>/statistiche/csv/",
        views.network_statistics_csv,
        name="network-statistics-csv",
    ),
    path(
        "<slug:ats_slug>/<slug:period_slug>/enti/",
        views.network_directory,
        name="network-directory",
    ),
    path(
        "<slug:ats_slug>/<slug:period_slug>/regolamento/",
        views.network_regulation_publish,
        name="network-regulation-publish",
    ),
]
