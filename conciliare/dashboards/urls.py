"""The public figures, ``/numeri/``."""

from django.urls import URLPattern, URLResolver, path

from conciliare.dashboards import views

app_name = "dashboards-public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.region, name="region"),
    path("<slug:table>.csv", views.table_csv, name="table-csv"),
]
