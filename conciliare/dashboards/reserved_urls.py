"""The reserved dashboards, ``/area-riservata/cruscotto/``: the ATS and
the Region, and each alliance's."""

from django.urls import URLPattern, URLResolver, path

from conciliare.dashboards import alliance_views, reserved_views

app_name = "dashboards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", reserved_views.region, name="region"),
    path("<slug:table>.csv", reserved_views.table_csv, name="table-csv"),
    path("alleanze/", alliance_views.alliance_list, name="alliance-list"),
    path("alleanze/<int:pk>/", alliance_views.alliance_detail, name="alliance"),
    path(
        "alleanze/<int:pk>/<slug:table>.csv",
        alliance_views.alliance_table_csv,
        name="alliance-table-csv",
    ),
]
