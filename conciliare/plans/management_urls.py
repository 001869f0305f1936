"""The Territorial Plans for the ATS's officers and the Region's validation."""

from django.urls import URLPattern, URLResolver

app_name = "plans-manage"

urlpatterns: list[URLPattern | URLResolver] = []
