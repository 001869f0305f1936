"""The transparency tables (Amministrazione trasparente), public."""

from django.urls import URLPattern, URLResolver, path

from conciliare.opendata import transparency_views

app_name = "transparency"

urlpatterns: list[URLPattern | URLResolver] = [
    path("contributi/", transparency_views.grant_list, name="grant-list"),
]
