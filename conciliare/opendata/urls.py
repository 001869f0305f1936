"""The open data, public."""

from django.urls import URLPattern, URLResolver, path

from conciliare.opendata import views

app_name = "opendata"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.catalogue, name="catalogue"),
    path("catalogo.jsonld", views.catalogue_dcat, name="catalogue-dcat"),
    path("<slug:dataset>.csv", views.download_csv, name="dataset-csv"),
    path("<slug:dataset>.json", views.download_json, name="dataset-json"),
    path("<slug:dataset>/", views.dictionary, name="dataset-dictionary"),
]
