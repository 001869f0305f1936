"""The reserved dashboard, ``/area-riservata/cruscotto/``."""

from django.urls import URLPattern, URLResolver, path

from conciliare.dashboards import reserved_views

app_name = "dashboards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", reserved_views.region, name="region"),
    path("<slug:table>.csv", reserved_views.table_csv, name="table-csv"),
]
