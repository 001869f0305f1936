"""The agreements (convenzioni) with the lead bodies of the funded projects."""

from django.urls import URLPattern, URLResolver

app_name = "agreements"

urlpatterns: list[URLPattern | URLResolver] = []
